"""The sync screen's content: when the last sync worked, what waits, what the server refused.

From the engine's `SyncStatus` (a frozen snapshot, safe on the UI thread) and the replica's
notices: the last success with how long ago, the counts of pending, rejected and conflicting
records, the pull's progress from `remaining`, and one line per rejected or conflicting
record saying what to do, with the record to open. No Kivy here.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from field_app import dates
from field_app.i18n import _
from field_app.viewmodels import labels


@dataclass(frozen=True)
class NoticeLine:
    notice_id: int
    kind: str  # rejected | conflict | blob
    symbol: str
    text: str
    advice: str
    collection: str | None
    record_id: str | None


@dataclass(frozen=True)
class SyncView:
    last_success: str
    outcome: str
    counts: str
    progress: float | None
    progress_text: str
    running: bool
    notices: list


def sync_view(status, replica, now=None):
    """What the sync screen shows for `status` (a `SyncStatus`)."""
    now = now or datetime.now(UTC)
    return SyncView(
        last_success=_last_success(status.last_success_at, now),
        outcome=_outcome(status),
        counts=_("Pending {p} · rejected {r} · conflict {c}").format(
            p=status.pending, r=status.rejected, c=status.conflicts
        ),
        progress=status.progress,
        progress_text=_progress_text(status),
        running=status.running,
        notices=[_line(notice) for notice in replica.notices()],
    )


def record_name(collection):
    """A collection's one-record name for people."""
    names = {
        "checks": _("Check"),
        "accident_visits": _("Accident visit"),
        "firm_visits": _("Firm visit"),
        "instruments": _("Instrument"),
        "jobs": _("Job"),
    }
    return names.get(collection, collection or _("Attachment"))


def _last_success(stamp, now):
    if not stamp:
        return _("Never synced yet")
    when = datetime.fromisoformat(stamp)
    minutes = max(0, int((now - when).total_seconds() // 60))
    ago = (
        _("{n} min ago").format(n=minutes)
        if minutes < 120
        else _("{n} h ago").format(n=minutes // 60)
    )
    return _("Last success {time} ({ago})").format(time=dates.format_time(stamp), ago=ago)


def _outcome(status):
    if status.running:
        return _("Syncing…")
    return {
        None: "",
        "ok": _("Server reachable"),
        "busy": _("Syncing…"),
        "offline": _("No connection: your work is kept on this device and sent later."),
        "refused": _("The server refused: sign in again in Settings."),
        "error": _("Sync stopped with an error; your work is kept. Tell the office: {e}"),
    }[status.outcome].format(e=status.last_error or "")


def _progress_text(status):
    if status.progress is None:
        return ""
    total = status.pulled + (status.remaining or 0)
    return _("Receiving {done} / {total}").format(done=f"{status.pulled:,}", total=f"{total:,}")


def _line(notice):
    detail = notice["detail"]
    name = record_name(notice.get("collection"))
    if notice["kind"] == "conflict":
        text = _("{record}: changed at the office too; the office's value was kept.").format(
            record=name
        )
        advice = _("Open it, compare, and enter your value again if it is still right.")
        symbol = labels.badge("conflict")[0]
    elif notice["kind"] == "rejected":
        message = (detail.get("error") or {}).get("message", "")
        text = _("{record} rejected: {message}").format(record=name, message=message)
        advice = _("Open it, fix what is named, and save again.")
        symbol = labels.badge("rejected")[0]
    else:
        text = _("A photo could not be sent: {error}").format(error=detail.get("error", ""))
        advice = _("Take the photo again and attach it to the record.")
        symbol = labels.badge("rejected")[0]
    return NoticeLine(
        notice["id"],
        notice["kind"],
        symbol,
        text,
        advice,
        notice.get("collection"),
        notice.get("record_id"),
    )
