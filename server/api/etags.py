"""The ETag of a record: its version, quoted, as `If-Match` sends it back.

`with_etag(view)` adds the ETag of the record a view returns to its answer, the status
staying the one `@blp.response` declares; `ETAG_HEADER` documents that header there.

    >>> etag({"version": 3})
    {'ETag': '"3"'}
"""

import functools

#: The `headers` of a response that carries the record's version as its ETag.
ETAG_HEADER = {"ETag": "ETAG"}


def etag(record):
    """The ETag header of a record: its version, quoted."""
    return {"ETag": f'"{record["version"]}"'}


def with_etag(view):
    """Decorator (inside `@blp.response`): the view's record, with its ETag header."""

    @functools.wraps(view)
    def answer_with_etag(*args, **kwargs):
        record = view(*args, **kwargs)
        return record, etag(record)

    return answer_with_etag
