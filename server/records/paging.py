"""Where a list page starts, refusing page numbers no list can reach.

flask-smorest checks that `page` is at least 1 but sets no upper bound; a page number in the
billions would overflow SQLite's integer `OFFSET` (a 500). `offset_of(paging)` answers 422
with a message for a page beyond `MAX_PAGE` instead.
"""

from flask_smorest import abort

#: The highest page number any list accepts.
MAX_PAGE = 1_000_000


def offset_of(paging):
    """The offset of the first item of the requested page (422 beyond `MAX_PAGE`)."""
    if paging.page > MAX_PAGE:
        abort(422, errors={"query": {"page": [f"Must be between 1 and {MAX_PAGE}."]}})
    return paging.first_item
