"""What the server holds for a user: the records a fresh full pull (no cursor) gives them.

Convergence tests compare a device's replica with this view.
"""

from sync.server.pull import pull_changes


def full_pull(db, actor, *, limit=500):
    """(collection, id) → the change a fresh full pull from cursor None gives `actor`."""
    seen, cursor = {}, None
    while True:
        page = pull_changes(db, actor=actor, cursor=cursor, limit=limit)
        for change in page["changes"]:
            key = (change["collection"], change["id"])
            if change.get("removed"):
                seen.pop(key, None)
            else:
                seen[key] = change
        cursor = page["cursor"]
        if not page["has_more"]:
            return seen
