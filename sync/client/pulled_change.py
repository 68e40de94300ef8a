"""A pulled page read for storage: each record's `data` kept as the JSON bytes it came in.

On an initial pull nearly every change is a record the tablet stores just as the server sent
it. Parsing each record into Python objects only to turn it back into JSON text for its row
was most of the tablet's work; msgspec reads the page's envelope and each change's
`collection`, `id`, `version` and flags, and hands `data` over as raw bytes (`msgspec.Raw`,
checked to be well-formed JSON but not built into objects). The rare change that needs the
record as values (a record with local edits to re-base, a `removed`) is turned into a plain
dict on demand (`as_dict`).

    >>> page = decode_page(b'{"epoch":"e","cursor":"c","has_more":false,"remaining":0,'
    ...     b'"changes":[{"collection":"sites","id":"s1","version":2,"deleted":false,'
    ...     b'"data":{"id":"s1","name":"Market"}}]}')
    >>> page["changes"][0].storage_row()
    ('sites', 's1', 2, 0, b'{"id":"s1","name":"Market"}', 0)
    >>> page["changes"][0].as_dict()["data"]
    {'id': 's1', 'name': 'Market'}
"""

import msgspec
import orjson

_NO_DATA = msgspec.Raw(b"null")


class PulledChange(msgspec.Struct, frozen=True):
    """One change of a pulled page (SYNC-PROTOCOL §3) with its `data` still JSON bytes."""

    collection: str
    id: str
    version: int | None = None
    deleted: bool = False
    removed: bool = False
    data: msgspec.Raw = _NO_DATA

    def storage_row(self):
        """(collection, id, version, deleted, data bytes, deleted) to store as it came, or
        None when the change must be applied as values: a `removed`, or `data` that is not
        an object opening with this record's id (the server always sends it so)."""
        if self.removed:
            return None
        text = bytes(self.data)
        head = b'{"id":"' + self.id.encode() + b'"'
        if not text.startswith(head) or text[len(head) : len(head) + 1] not in (b",", b"}"):
            return None
        deleted = int(self.deleted)
        return (self.collection, self.id, self.version, deleted, text, deleted)

    def as_dict(self):
        """The change as plain JSON values, as `pull` returns it."""
        change = {"collection": self.collection, "id": self.id}
        if self.removed:
            return {**change, "removed": True}
        data = orjson.loads(bytes(self.data))
        return {**change, "version": self.version, "deleted": self.deleted, "data": data}


class _Page(msgspec.Struct):
    epoch: str
    cursor: str
    has_more: bool
    remaining: int
    changes: list[PulledChange]


_PAGE = msgspec.json.Decoder(_Page)


def decode_page(body):
    """The page as a dict (`epoch`, `cursor`, `has_more`, `remaining`) whose `changes` are
    `PulledChange`s; raises `ValueError` for a body that is not a pull page."""
    try:
        page = _PAGE.decode(body)
    except msgspec.DecodeError as error:  # ValidationError included
        raise ValueError(f"not a pull page: {error}") from error
    return {
        "epoch": page.epoch,
        "cursor": page.cursor,
        "has_more": page.has_more,
        "remaining": page.remaining,
        "changes": page.changes,
    }
