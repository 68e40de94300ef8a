"""The one exception of the tolerance engine, a check it refuses to judge, and how its messages
show what was sent.

A refusal is a value the inspector can act on: the message says what is wrong, ``missing``
names the required test points that were not given, ``unknown`` the names it does not know and
``parameter`` the instrument parameter at fault (if one is). A message quotes what was sent
through :func:`shown` and :func:`listed`, so that it stays short whatever was sent: a megabyte
reading or ten thousand unknown point names give a message of a few hundred characters.
"""

SHOWN_CHARACTERS = 40
LISTED_NAMES = 10


class CheckRefused(ValueError):
    """The check does not fit its instrument type, class, phase or rule version.

    >>> err = CheckRefused("missing test points: max", missing=["max"])
    >>> err.missing, str(err), err.parameter
    (['max'], 'missing test points: max', None)
    """

    def __init__(self, message: str, *, missing=(), unknown=(), parameter: str | None = None):
        super().__init__(message)
        self.missing = list(missing)
        self.unknown = list(unknown)
        self.parameter = parameter


def shown(value) -> str:
    """``repr(value)``, shortened to about 40 characters for a message.

    >>> shown("20.05"), shown(7)
    ("'20.05'", '7')
    >>> shown("1" * 1000)
    "'11111111111111111111111…1111111' (1002 characters)"
    """
    if type(value) is int and not -(10**SHOWN_CHARACTERS) < value < 10**SHOWN_CHARACTERS:
        return f"an integer of more than {SHOWN_CHARACTERS} digits"
    return _shortened(repr(value))


def listed(names) -> str:
    """Names joined by commas for a message: at most 10, each shortened, then how many more.

    >>> listed(["Q9", "Q10"])
    'Q9, Q10'
    >>> listed([f"P{n}" for n in range(12)])
    'P0, P1, P2, P3, P4, P5, P6, P7, P8, P9 and 2 more'
    """
    names = list(names)
    text = ", ".join(_shortened(str(name)) for name in names[:LISTED_NAMES])
    if len(names) > LISTED_NAMES:
        text += f" and {len(names) - LISTED_NAMES} more"
    return text


def _shortened(text: str) -> str:
    if len(text) <= SHOWN_CHARACTERS:
        return text
    return f"{text[:24]}…{text[-8:]} ({len(text)} characters)"
