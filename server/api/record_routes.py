"""The five routes every plain record resource has, made once for each collection.

`record_blueprint(...)` builds the blueprint of a collection whose endpoints differ only in
names, filters and who may write: `GET /` (filtered, paged list), `POST /`, and `GET`,
`PATCH` (with `If-Match`) and `DELETE` (soft) on `/<id>`. Each view is one call to
`server.resources`; the docstrings (the OpenAPI summaries) are written from the names.

    >>> summaries("instruments", "instrument")["post"]
    'Create an instrument'
"""

from flask.views import MethodView

from server import resources
from server.api.record_schemas import change_body, create_body, record_out
from server.api.schemas import VersionHeader
from server.auth import ANYONE, STAFF, require_role
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.errors import ETAG_HEADER, Blueprint


def summaries(collection, singular):
    """The one-line summary of each operation."""
    article = "an" if singular[0] in "aeiou" else "a"
    return {
        "list": f"List {collection}",
        "post": f"Create {article} {singular}",
        "get": f"Get one {singular}",
        "patch": f"Change {article} {singular}",
        "delete": f"Soft-delete {article} {singular}",
    }


def _collection_view(blp, collection, filter_schema, build_query, writers):
    out = record_out(collection)

    class CollectionView(MethodView):
        @require_role(*ANYONE)
        @blp.arguments(filter_schema, location="query")
        @blp.response(200, out(many=True))
        @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
        def get(self, args, pagination_parameters):
            return resources.list_page(build_query(args), pagination_parameters)

        @require_role(*writers)
        @blp.arguments(create_body(collection))
        @blp.response(201, out, headers=ETAG_HEADER)
        @blp.refuses(404, 409)
        def post(self, body):
            return resources.create(collection, body)

    return CollectionView


def _record_view(blp, collection, writers):
    out = record_out(collection)

    class RecordView(MethodView):
        @require_role(*ANYONE)
        @blp.response(200, out, headers=ETAG_HEADER)
        @blp.refuses(404)
        def get(self, record_id):
            return resources.read(collection, str(record_id))

        @require_role(*writers)
        @blp.arguments(VersionHeader, location="headers")
        @blp.arguments(change_body(collection)(partial=True))
        @blp.response(200, out, headers=ETAG_HEADER)
        @blp.refuses(404, 409, 412, 428)
        def patch(self, headers, body, record_id):
            return resources.update(collection, str(record_id), body, headers["version"])

        @require_role(*writers)
        @blp.arguments(VersionHeader, location="headers")
        @blp.response(204)
        @blp.refuses(404, 409, 412, 428)
        def delete(self, headers, record_id):
            return resources.delete(collection, str(record_id), headers["version"])

    return RecordView


def record_blueprint(
    collection, import_name, *, singular, description, filter_schema, build_query, writers=STAFF
):
    """The blueprint of `/api/v1/<collection>`: list and create, read, change, soft-delete.

    Everyone reads (narrowed by `server.permissions`); `writers` create, change and delete.
    """
    blp = Blueprint(
        collection, import_name, url_prefix=f"/api/v1/{collection}", description=description
    )
    text = summaries(collection, singular)
    collection_view = _collection_view(blp, collection, filter_schema, build_query, writers)
    record_view = _record_view(blp, collection, writers)
    collection_view.get.__doc__, collection_view.post.__doc__ = text["list"], text["post"]
    record_view.get.__doc__ = text["get"]
    record_view.patch.__doc__, record_view.delete.__doc__ = text["patch"], text["delete"]
    blp.route("/")(collection_view)
    blp.route("/<uuid:record_id>")(record_view)
    return blp
