"""A plan as the API answers it, and as a proposal keeps it until it is applied.

`answer(problem, plan, changes, day)` is what a dispatcher reads: each crew (vehicle, plate,
inspectors by name) with when it sets out and is back, its travel, its visits in order with
arrival, start and end as local times; every job left out with its reason (and its code
and values, for a page in another language); what changed
against the plan the crews were following. `plan_to_json` / `plan_from_json` keep the plan
itself, exactly, for the checker to judge again when the proposal is applied.
"""

from dataclasses import asdict

from domain.planning.model import Place, Plan, Route, StartedVisit, Unserved, Visit
from server.planner.day import moment_of
from server.planner.timeline import travel_seconds


def answer(problem, plan, changes, day):
    """The JSON-ready proposal body (without its id and bookkeeping)."""
    routes = [_route(problem, route, day) for route in plan.routes]
    return {
        "served": len(plan.served_ids()),
        "unserved_count": len(plan.unserved),
        "travel_minutes": sum(r["travel_minutes"] for r in routes),
        "routes": routes,
        "unserved": [_gap(problem, gap) for gap in plan.unserved],
        "changes": [
            {"job_id": c.job_id, "kind": c.kind, "message": c.message, "values": dict(c.values)}
            for c in changes
        ],
    }


def _gap(problem, gap):
    return {
        "job_id": gap.job_id,
        "label": problem.job(gap.job_id).label,
        "reason": gap.reason,
        "code": gap.code,
        "values": dict(gap.values),
    }


def _route(problem, route, day):
    vehicle = problem.vehicle(route.vehicle_id)
    return {
        "vehicle_id": route.vehicle_id,
        "plate": vehicle.plate,
        "inspectors": [
            {"id": person, "name": problem.inspector(person).name} for person in route.inspector_ids
        ],
        "sets_out": _at(route.depart, day),
        "back": _at(route.back, day),
        "travel_minutes": round(travel_seconds(problem, route) / 60),
        "visits": [
            {
                "order": order,
                "job_id": visit.job_id,
                "label": problem.job(visit.job_id).label,
                "arrival": _at(visit.arrival, day),
                "start": _at(visit.start, day),
                "end": _at(visit.end, day),
            }
            for order, visit in enumerate(route.visits, start=1)
        ],
    }


def _at(seconds, day):
    return moment_of(seconds, day).isoformat(timespec="seconds")


def plan_to_json(plan):
    """The plan as plain JSON values."""
    return asdict(plan)


def plan_from_json(data):
    """The plan `plan_to_json` wrote."""
    routes = tuple(
        Route(
            route["vehicle_id"],
            tuple(route["inspector_ids"]),
            Place(**route["start"]),
            route["depart"],
            tuple(Visit(**visit) for visit in route["visits"]),
            route["back"],
        )
        for route in data["routes"]
    )
    unserved = tuple(
        Unserved(
            gap["job_id"],
            gap["reason"],
            gap.get("code", ""),
            tuple(tuple(pair) for pair in gap.get("values", ())),
        )
        for gap in data["unserved"]
    )
    started = tuple(
        StartedVisit(**{**visit, "inspector_ids": tuple(visit["inspector_ids"])})
        for visit in data["started"]
    )
    return Plan(routes, unserved, started)
