"""`SyncStatus`: what the app shows about sync — pending and rejected edits, conflicts, progress.

The engine builds it from the replica's counts and the state of the run in progress; it is a
frozen value, safe to hand to the UI thread.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot of sync for the app.

    `outcome` of the last run: `ok`, `busy` (another run was in progress), `offline` (the
    server could not be reached within the run's retry budget), `refused` (4xx: sign in
    again, update the app, ...), `error`; None before the first run.
    """

    running: bool = False
    outcome: str | None = None
    pending: int = 0
    rejected: int = 0
    conflicts: int = 0
    last_success_at: str | None = None
    pulling: bool = False
    pulled: int = 0
    remaining: int | None = None
    last_error: str | None = None

    @property
    def progress(self):
        """Share of the current pull done (0.0–1.0), or None when not pulling or unknown."""
        if not self.pulling or self.remaining is None:
            return None
        total = self.pulled + self.remaining
        return 1.0 if total == 0 else self.pulled / total
