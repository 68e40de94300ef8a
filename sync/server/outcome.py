"""The outcomes of one mutation, as push answers them (SYNC-PROTOCOL §2).

`Rejected` is raised by any rule that refuses a mutation for good; push catches it, rolls
back that mutation alone, and answers `rejected` with the error's code, message and
per-field messages. The codes: `validation`, `permission`, `state`, `immutable`,
`verdict_mismatch`, `missing`, `internal`. `SERVER` is the actor of the server's own
writes (flags, conflict entries, attachment completion).
"""

from domain.access import Actor

SERVER = Actor(None, "admin", None, None)


class Rejected(Exception):
    """A mutation refused for good: `code`, `message`, and `fields` ({field: [message]})."""

    def __init__(self, code, message, fields=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}

    def as_error(self):
        """The `error` object of a rejected result."""
        return {"code": self.code, "message": self.message, "fields": self.fields}


def result(mutation_id, status, record=None, error=None):
    """One result entry; `record` and `error` only when there is one."""
    entry = {"mutation_id": mutation_id, "status": status}
    if record is not None:
        entry["record"] = record
    if error is not None:
        entry["error"] = error
    return entry


def rejected(mutation_id, rejection):
    """The result of a rejected mutation."""
    return result(mutation_id, "rejected", error=rejection.as_error())
