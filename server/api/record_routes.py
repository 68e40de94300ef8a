"""The routes every record resource has, made once from what tells the resources apart.

A `RecordResource` says what differs: the collection and its names, the list's filters and
query, who may write, and what a resource does its own way. `record_blueprint(resource)`
builds its blueprint: `GET /` (filtered, paged list), `POST /`, and `GET`, `PATCH` (with
`If-Match`) and `DELETE` (soft) on `/<id>`; a resource nobody writes through REST has only
the two reads. Each view is one call to `server.records.resources`; the docstrings (the OpenAPI
summaries) are written from the names.

    >>> summaries("instruments", "instrument")["post"]
    'Create an instrument'
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask.views import MethodView

from server.api.etags import ETAG_HEADER, with_etag
from server.api.record_schemas import change_body, create_body, record_out
from server.api.schemas import VersionHeader
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.errors import Blueprint
from server.identity.auth import ANYONE, STAFF, require_role
from server.records import resources


def _no_check(body):
    """A change body every resource accepts as far as the route goes."""


@dataclass(frozen=True)
class RecordResource:
    """What tells one record resource from another.

    `writers` create, change and delete (none: the resource is read-only over REST);
    `own_create` leaves `POST /` to the resource's module; `check_change(body)` refuses a
    change body before it is applied; `summaries` replaces generated summaries by operation
    (`list`, `post`, `get`, `patch`, `delete`); `id_name` names the id in the path.
    """

    collection: str
    singular: str
    description: str
    filter_schema: type
    build_query: Callable
    writers: tuple = STAFF
    own_create: bool = False
    check_change: Callable = _no_check
    summaries: dict = field(default_factory=dict)
    id_name: str = "record_id"


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


def _collection_view(blp, resource, text):
    collection, writers = resource.collection, resource.writers
    out = record_out(collection)

    class CollectionView(MethodView):
        @require_role(*ANYONE)
        @blp.arguments(resource.filter_schema, location="query")
        @blp.response(200, out(many=True))
        @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
        def get(self, args, pagination_parameters):
            return resources.list_page(resource.build_query(args), pagination_parameters)

        get.__doc__ = text["list"]

        if writers and not resource.own_create:

            @require_role(*writers)
            @blp.arguments(create_body(collection))
            @blp.response(201, out, headers=ETAG_HEADER)
            @blp.refuses(404, 409)
            @with_etag
            def post(self, body):
                return resources.create(collection, body)

            post.__doc__ = text["post"]

    return CollectionView


def _record_view(blp, resource, text):
    collection, writers, id_name = resource.collection, resource.writers, resource.id_name
    out = record_out(collection)

    class RecordView(MethodView):
        @require_role(*ANYONE)
        @blp.response(200, out, headers=ETAG_HEADER)
        @blp.refuses(404)
        @with_etag
        def get(self, **path):
            return resources.read(collection, str(path[id_name]))

        get.__doc__ = text["get"]

        if writers:

            @require_role(*writers)
            @blp.arguments(VersionHeader, location="headers")
            @blp.arguments(change_body(collection)(partial=True))
            @blp.response(200, out, headers=ETAG_HEADER)
            @blp.refuses(404, 409, 412, 428)
            @with_etag
            def patch(self, headers, body, **path):
                resource.check_change(body)
                return resources.update(collection, str(path[id_name]), body, headers["version"])

            @require_role(*writers)
            @blp.arguments(VersionHeader, location="headers")
            @blp.response(204)
            @blp.refuses(404, 409, 412, 428)
            def delete(self, headers, **path):
                resources.delete(collection, str(path[id_name]), headers["version"])

            patch.__doc__, delete.__doc__ = text["patch"], text["delete"]

    return RecordView


def record_blueprint(resource, import_name):
    """The blueprint of `/api/v1/<collection>`: list and create, read, change, soft-delete.

    Everyone reads (narrowed by `server.records.permissions`); the resource's `writers` write.
    """
    collection = resource.collection
    blp = Blueprint(
        collection,
        import_name,
        url_prefix=f"/api/v1/{collection}",
        description=resource.description,
    )
    text = {**summaries(collection, resource.singular), **resource.summaries}
    blp.route("/")(_collection_view(blp, resource, text))
    blp.route(f"/<uuid:{resource.id_name}>")(_record_view(blp, resource, text))
    return blp
