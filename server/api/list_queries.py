"""How each list's filter arguments (`server.api.schemas`) become a `RecordQuery`.

One function per listed collection, named after it; each takes the loaded query arguments.

    >>> sites({"kind": "market", "q": "Ren"}).equal
    {'kind': 'market'}
"""

from server.records.queries import RecordQuery


def _office(args):
    """The `office_id` filter as text, or None."""
    return args.get("office_id") and str(args["office_id"])


def _texts(args, names):
    """Equality filters on the `names` that are present, as text."""
    return {name: str(args[name]) for name in names if name in args}


def offices(args):
    return RecordQuery("offices", search=(args.get("q"), ["name_zh", "name_en", "code"]))


def users(args):
    return RecordQuery(
        "users",
        equal={"role": args["role"]} if "role" in args else {},
        search=(args.get("q"), ["username", "display_name"]),
        office_id=_office(args),
        order_by=("username",),
    )


def vehicles(args):
    return RecordQuery(
        "vehicles",
        search=(args.get("q"), ["plate", "name"]),
        office_id=_office(args),
        order_by=("plate",),
    )


def firms(args):
    return RecordQuery(
        "firms",
        search=(args.get("q"), ["name", "tax_id", "contact_name"]),
        office_id=_office(args),
        order_by=("name",),
    )


def sites(args):
    return RecordQuery(
        "sites",
        equal=_texts(args, ("firm_id", "kind")),
        search=(args.get("q"), ["name", "address"]),
        office_id=_office(args),
        order_by=("name",),
    )


def instruments(args):
    return RecordQuery(
        "instruments",
        equal=_texts(args, ("site_id", "type")),
        search=(args.get("q"), ["serial", "make", "model"]),
        before={"due_date": args["due_before"].isoformat()} if "due_before" in args else {},
        after={"due_date": args["due_after"].isoformat()} if "due_after" in args else {},
        office_id=_office(args),
        order_by=("due_date", "serial"),
    )


def jobs(args):
    equal = _texts(args, ("kind", "status", "site_id"))
    if "needs_review" in args:
        equal["needs_review"] = int(args["needs_review"])
    due = args.get("due_before")
    return RecordQuery(
        "jobs",
        equal=equal,
        search=(args.get("q"), ["application_number", "notes"]),
        before={"window_end": due.isoformat()} if due else {},
        office_id=_office(args),
        order_by=("window_start", "application_number"),
    )


def assignments(args):
    equal = _texts(args, ("job_id",))
    if "date" in args:
        equal["date"] = args["date"].isoformat()
    return RecordQuery(
        "assignments", equal=equal, office_id=_office(args), order_by=("date", "planned_start")
    )
