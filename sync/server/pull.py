"""Pull: page through the change log of the buckets a user may read (SYNC-PROTOCOL §3).

Pages follow the server's `seq`, never a clock. A page is bounded by `limit` change rows
(default `DEFAULT_LIMIT`, at most `MAX_LIMIT`: the wire's, `sync.wire`) and by about
`MAX_PAGE_BYTES` of record data (always at least one row). Each change joins the record as
it is now; a `removed` row is skipped while the record is still in another bucket the user
reads; a record met twice in one page (it is in two buckets) is sent once. The page is
spliced from the JSON text stored in `records.data` — no per-record parse or dump in Python —
which is what lets a device pull tens of thousands of records in seconds.

The cursor is opaque to devices: `1.<epoch>.<scope>.<seq>.<floor>`, where scope names the
set of buckets it was made for and floor the `purged_through_seq` the device was known to be
consistent with. A cursor from another epoch or for other buckets, one that a later purge
may have hidden a deletion from (`purged_through_seq` > max(seq, floor)), or one ahead of
the log is answered 410 (full resync); one that cannot be read, 400.

    pull_changes(db, actor=actor, cursor=None, limit=500)
    # → {"epoch", "cursor", "has_more", "remaining", "changes": [...]}
"""

import hashlib
import json
from dataclasses import dataclass
from json.encoder import encode_basestring as quote

from sync.errors import SyncRequestError
from sync.server.buckets import buckets_for_user
from sync.server.schema import get_epoch, get_meta
from sync.transaction import read_snapshot
from sync.wire import DEFAULT_LIMIT, MAX_LIMIT

MAX_PAGE_BYTES = 1_000_000
WINDOW = 1000  # change rows read at a time while a page fills
CURSOR_VERSION = "1"


def granted_buckets(actor):
    """The sorted buckets `actor` reads, or None for every bucket (admins)."""
    buckets = buckets_for_user(actor.role, actor.user_id, actor.office_id)
    return None if buckets is None else sorted(buckets)


def _scope(buckets):
    if buckets is None:
        return "all"
    return hashlib.sha256("\n".join(buckets).encode()).hexdigest()[:12]


def make_cursor(epoch, buckets, seq, floor):
    """The opaque cursor for `seq` in `epoch` for this set of buckets.

    `floor` is the `purged_through_seq` the device was known to be consistent with when
    the cursor was made: purges up to it cannot have hidden anything from it.
    """
    return f"{CURSOR_VERSION}.{epoch}.{_scope(buckets)}.{seq}.{floor}"


def _purged_through(db):
    return int(get_meta(db, "purged_through_seq", "0"))


def read_cursor(db, cursor, buckets):
    """The seq a cursor stands for; raises 400 for garbage, 410 when it cannot be served."""
    if cursor in (None, ""):
        return 0
    parts = cursor.split(".") if isinstance(cursor, str) else []
    numbers = parts[3:]
    if (
        len(parts) != 5
        or parts[0] != CURSOR_VERSION
        or not all(n.isascii() and n.isdigit() and len(n) <= 18 for n in numbers)
    ):
        raise SyncRequestError(
            400,
            "The cursor cannot be read; pull without one to start over.",
            {"cursor": ["Not a cursor this server made."]},
        )
    seq, floor = int(numbers[0]), int(numbers[1])
    if parts[1] != get_epoch(db):
        raise SyncRequestError(410, "The server was restored (new epoch): pull everything again.")
    if parts[2] != _scope(buckets):
        raise SyncRequestError(410, "Your access changed: pull everything again.")
    if _purged_through(db) > max(seq, floor) or seq > _last_seq(db):
        raise SyncRequestError(410, "This cursor is older than the changes the server keeps.")
    return seq


def read_limit(limit):
    """The page size: DEFAULT_LIMIT when None, else 1..MAX_LIMIT; 422 otherwise."""
    if limit is None or limit == "":
        return DEFAULT_LIMIT
    if isinstance(limit, str) and limit.strip().isdigit():
        limit = int(limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise limit_refused()
    return limit


def limit_refused():
    """The 422 that a `limit` outside 1..MAX_LIMIT (or not an integer) is answered."""
    return SyncRequestError(
        422,
        f"limit must be an integer from 1 to {MAX_LIMIT}.",
        {"limit": [f"Must be between 1 and {MAX_LIMIT}."]},
    )


def _last_seq(db):
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    return row[0] if row else 0


def _in(buckets):
    return ",".join("?" for _ in buckets)


def _page_rows(db, buckets, after, limit):
    """The next `limit` change rows (each bucket read along its own (bucket, seq) index)."""
    if buckets is None:
        seqs, params, visible = (
            "SELECT seq FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
            [after, limit],
            "1",
        )
    else:
        one = (
            "SELECT * FROM (SELECT seq FROM changes WHERE bucket = ? AND seq > ? "
            "ORDER BY seq LIMIT ?)"
        )
        seqs = " UNION ALL ".join(one for _ in buckets) + " ORDER BY seq LIMIT ?"
        params = [v for b in buckets for v in (b, after, limit)] + [limit]
        visible = f"m.bucket IN ({_in(buckets)})"
        params += buckets  # the visibility test comes after the page's parameters
    # Walk the log in seq order (the primary key: no sort, so rows are read lazily and the
    # byte bound stops the walk early) and keep the seqs of this window. The record's JSON
    # comes as bytes (CAST): the page is spliced and sent without decoding a character.
    sql = (
        f"WITH page(seq) AS MATERIALIZED ({seqs}) "
        "SELECT c.seq, c.collection, c.record_id, c.op, r.version, r.deleted, "
        "CAST(r.data AS BLOB), "
        f"CASE WHEN c.op = 'removed' THEN EXISTS (SELECT 1 FROM memberships m WHERE "
        f"m.collection = c.collection AND m.record_id = c.record_id AND {visible}) END "
        "FROM changes c LEFT JOIN records r ON r.collection = c.collection "
        "AND r.id = c.record_id WHERE c.seq > ? AND c.seq IN page ORDER BY c.seq"
    )
    params.append(after)
    return db.execute(sql, params)


def _quoted(text):
    return quote(text).encode()


class _PageBuilder:
    """Splices a page's changes (JSON bytes) from change rows read window by window.

    A record met twice (it is in two buckets) is sent once; a `removed` is skipped while
    the record is still in another bucket the user reads. Full at `limit` rows read or
    `MAX_PAGE_BYTES` of record data (always at least one change).
    """

    def __init__(self, limit):
        self.limit = limit
        self.pieces, self.seen = [], set()
        self.size = self.read = 0
        self.last = None

    @property
    def full(self):
        return self.read >= self.limit or (bool(self.pieces) and self.size >= MAX_PAGE_BYTES)

    def take(self, rows):
        """Splice rows until full; returns how many were read."""
        read = 0
        for row in rows:
            if self.full:
                break
            read += 1
            self._add(*row)
        self.read += read
        return read

    def _add(self, seq, collection, record_id, op, version, deleted, data, still_visible):
        self.last = seq
        key = (collection, record_id)
        if key in self.seen or (op == "removed" and still_visible) or (op == "put" and not data):
            return
        self.seen.add(key)
        head = b'{"collection":' + _quoted(collection) + b',"id":' + _quoted(record_id)
        if op == "removed":
            self.pieces.append(head + b',"removed":true}')
            return
        self.size += len(data)
        flag = b"true" if deleted else b"false"
        self.pieces.append(b'%s,"version":%d,"deleted":%s,"data":%s}' % (head, version, flag, data))


def _build(db, buckets, after, limit):
    """(JSON pieces, last seq read) of the page after `after`.

    The change rows are read in windows of at most `WINDOW` seqs: a page of 2 KB checks
    holds ~500 changes, and reading `limit` (up to 5,000) seqs of each bucket for it would
    mostly be thrown away.
    """
    page = _PageBuilder(limit)
    position = after
    while not page.full:
        window = min(WINDOW, limit - page.read)
        rows = _page_rows(db, buckets, position, window)
        try:
            read = page.take(rows)
        finally:
            rows.close()
        if read < window:
            break  # the log ends here, or the page filled up inside the window
        position = page.last
    return page.pieces, page.last


def _remaining(db, buckets, after):
    if buckets is None:
        return db.execute("SELECT count(*) FROM changes WHERE seq > ?", [after]).fetchone()[0]
    sql = f"SELECT count(*) FROM changes WHERE bucket IN ({_in(buckets)}) AND seq > ?"
    return db.execute(sql, [*buckets, after]).fetchone()[0]


@dataclass(frozen=True)
class PulledPage:
    """One pull answer as UTF-8 JSON, with what the web layer also sends as headers."""

    body: bytes
    cursor: str
    has_more: bool


def pull_page(db, *, actor, cursor=None, limit=None):
    """One pull answer as compact UTF-8 JSON (what `pull_changes` parses), for the web layer.

    MUST order by seq only; MUST serve only the actor's buckets; MUST bind the cursor to
    the epoch and the buckets.
    """
    buckets = granted_buckets(actor)
    page_limit = read_limit(limit)
    after = read_cursor(db, cursor, buckets)
    epoch = get_epoch(db)
    with read_snapshot(db):  # the page and its count see the same state
        pieces, last = _build(db, buckets, after, page_limit)
        end = after if last is None else last
        remaining = _remaining(db, buckets, end)
        next_cursor = make_cursor(epoch, buckets, end, _purged_through(db))
    head = (
        f'{{"epoch":{quote(epoch)},"cursor":{quote(next_cursor)},'
        f'"has_more":{"true" if remaining else "false"},"remaining":{remaining},'
        '"changes":['
    )
    body = b"".join((head.encode(), b",".join(pieces), b"]}"))
    return PulledPage(body, next_cursor, bool(remaining))


def pull_changes(db, *, actor, cursor=None, limit=None):
    """One page of changes for `actor` after `cursor` (SYNC-PROTOCOL §3)."""
    return json.loads(pull_page(db, actor=actor, cursor=cursor, limit=limit).body)
