"""Keeping the office database safe: online backups, and restoring one.

A backup is taken with SQLite's online backup API while the server runs. Restoring one puts
its content in place of the live database and gives it a new `epoch`: devices then see the
server was restored, pull everything again and re-push what the restored copy lacks
(SYNC-PROTOCOL §4). A file that is not a Verifield database is refused and nothing changes.

    >>> import sqlite_utils, tempfile, pathlib
    >>> from sync.server.schema import ensure_schema
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> live = sqlite_utils.Database(folder / "live.sqlite")
    >>> ensure_schema(live)
    >>> backup_database(live, folder / "copy.sqlite")["epoch"] == get_epoch(live)
    True
"""

import sqlite3

from sync.server.schema import get_epoch, renew_epoch


class NotABackup(ValueError):
    """The file is not a Verifield database (no sync tables or no epoch)."""


def backup_database(db, target_path):
    """Copy the live database to `target_path` (online); returns what was saved."""
    target = sqlite3.connect(str(target_path))
    try:
        db.conn.backup(target)
    finally:
        target.close()
    return {"path": str(target_path), "epoch": get_epoch(db)}


def _epoch_of(path):
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise NotABackup(f"{path} is not a Verifield database ({error}).") from error
    if row is None:
        raise NotABackup(f"{path} has no epoch: it is not a Verifield database.")
    return row[0]


def restore_database(db, source_path):
    """Replace the live database's content with the backup at `source_path`; new epoch.

    MUST refuse a file that is not a Verifield database before touching anything.
    """
    old_epoch = _epoch_of(source_path)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        source.backup(db.conn)
    finally:
        source.close()
    return {"restored_epoch": old_epoch, "epoch": renew_epoch(db)}
