"""The one exception of the tolerance engine: a check it refuses to judge.

A refusal is a value the inspector can act on: the message says what is wrong, ``missing``
names the required test points that were not given and ``unknown`` the names it does not know.
"""


class CheckRefused(ValueError):
    """The check does not fit its instrument type, class, phase or rule version.

    >>> err = CheckRefused("missing test points: max", missing=["max"])
    >>> err.missing, str(err)
    (['max'], 'missing test points: max')
    """

    def __init__(self, message: str, *, missing=(), unknown=()):
        super().__init__(message)
        self.missing = list(missing)
        self.unknown = list(unknown)
