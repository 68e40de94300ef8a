"""Crews: which inspectors ride in which vehicle for the day.

A crew serves a job when its inspectors together hold every skill the job needs, its vehicle
carries every piece of equipment, and it has as many inspectors as the job takes (`serves`).
`form_crews` pairs each office's inspectors with its vehicles so that the crews between them
can serve as many of the office's jobs as possible: inspectors a lock puts on one job ride
together; when there are fewer vehicles than inspectors, inspectors share vehicles; when the
office has joint jobs (two inspectors), one crew at least is made of two. Mid-day the crews
already on the road are kept (`crews_on_the_road`); the planner never re-pairs people who
are out.
"""

from collections import defaultdict
from dataclasses import replace

from domain.planning.model import Crew, Departure


def crew_skills(people):
    """Every skill someone in the crew holds."""
    return frozenset().union(*(person.skills for person in people))


def serves(job, vehicle, people):
    """True when a crew of `vehicle` and `people` may do `job` (skills, equipment, team)."""
    if job.office_id != vehicle.office_id or len(people) < job.inspectors_needed:
        return False
    if not job.skills <= crew_skills(people):
        return False
    return all(any(gear.covers(need) for gear in vehicle.equipment) for need in job.equipment)


def members(problem, crew):
    """The crew's vehicle and inspectors (records of the problem)."""
    return problem.vehicle(crew.vehicle_id), [problem.inspector(p) for p in crew.inspector_ids]


def shift_of(people):
    """The hours the whole crew works: the latest start to the earliest end."""
    return max(p.shift[0] for p in people), min(p.shift[1] for p in people)


def departure(problem, crew):
    """Where and when the crew sets out: its own start (mid-day), else its depot; never
    before its shift starts or before the problem's `now`."""
    vehicle, people = members(problem, crew)
    start = crew.start or Departure(vehicle.depot, shift_of(people)[0])
    time = max(start.time, shift_of(people)[0], problem.now or 0)
    return Departure(start.place, time)


def form_crews(problem, pair_for_joint=True):
    """Crews for every office of the problem (see the module's docstring); without
    `pair_for_joint`, no crew of two is made for the joint jobs alone."""
    crews = []
    for inspectors, vehicles, jobs in _by_office(problem).values():
        together = _locked_together(inspectors, problem.locks)
        crews += _office_crews(inspectors, vehicles, jobs, together, pair_for_joint)
    return tuple(crews)


def _by_office(problem):
    offices = defaultdict(lambda: ([], [], []))
    for person in problem.inspectors:
        offices[person.office_id][0].append(person)
    for vehicle in problem.vehicles:
        offices[vehicle.office_id][1].append(vehicle)
    for job in problem.jobs:
        offices[job.office_id][2].append(job)
    return offices


def _locked_together(inspectors, locks):
    """The sets of the office's inspectors a lock puts on one job (who must share a crew),
    overlapping ones merged."""
    ids = {person.id for person in inspectors}
    groups = []
    for lock in locks:
        group = set(lock.inspector_ids) & ids
        if len(group) < 2:
            continue
        for other in [g for g in groups if g & group]:
            group |= other
            groups.remove(other)
        groups.append(group)
    return [frozenset(group) for group in groups]


def _office_crews(inspectors, vehicles, jobs, together, pair_for_joint):
    """Seat the inspectors locked together first, then seed one inspector per chosen
    vehicle, then seat the rest where they add most."""
    crews = _seat_locked(inspectors, vehicles, jobs, together)
    seated = {person.id for _, people in crews for person in people}
    people = [p for p in inspectors if p.id not in seated]
    cars = [v for v in vehicles if v.id not in {vehicle.id for vehicle, _ in crews}]
    count = min(len(people), len(cars))
    has_team = any(len(crew_people) > 1 for _, crew_people in crews)
    if pair_for_joint and not has_team and count == len(people) and count >= 2:
        count -= any(j.inspectors_needed > 1 for j in jobs)
    crews += _seed(people, cars, jobs, count)
    seated = {person.id for _, crew_people in crews for person in crew_people}
    for person in sorted(inspectors, key=lambda p: (-len(p.skills), p.id)):
        if person.id not in seated:
            _seat(person, crews, jobs)
    crews = _improve(crews, vehicles, jobs, together)
    return [Crew(vehicle.id, tuple(p.id for p in people)) for vehicle, people in crews]


def _seat_locked(inspectors, vehicles, jobs, together):
    """A crew for each group locked together, in the free vehicle with seats enough that
    lets it serve most jobs."""
    crews, free_cars = [], list(vehicles)
    for group in together:
        people = [p for p in inspectors if p.id in group]
        cars = [v for v in free_cars if v.seats >= len(people)]
        if not cars:
            continue
        vehicle = max(cars, key=lambda v: (len(_served(v, people, jobs)), v.id))
        crews.append((vehicle, people))
        free_cars.remove(vehicle)
    return crews


def _coverage(crews, jobs, together=()):
    """How good a pairing is: the groups locked together it keeps in one crew, the work of
    the jobs some crew serves, then how many crews serve each job (room to spread the day)."""
    kept = sum(any(group <= {p.id for p in people} for _, people in crews) for group in together)
    served = [{j.id for j in jobs if serves(j, v, people)} for v, people in crews]
    covered = set().union(*served) if served else set()
    work = sum(job.service for job in jobs if job.id in covered)
    return kept, work, sum(len(s) for s in served)


def _improve(crews, vehicles, jobs, together):
    """Swap inspectors between crews and vehicles in and out while that serves more, never
    parting inspectors locked together."""
    best = _coverage(crews, jobs, together)
    improved = True
    while improved:
        improved = False
        for candidate in _neighbours(crews, vehicles):
            score = _coverage(candidate, jobs, together)
            if score > best:
                crews, best, improved = candidate, score, True
                break
    return crews


def _neighbours(crews, vehicles):
    """Pairings one swap away: two inspectors of different crews, or a crew's vehicle with
    another (used or not), seats allowing."""
    for a in range(len(crews)):
        for b in range(a + 1, len(crews)):
            for i in range(len(crews[a][1])):
                for k in range(len(crews[b][1])):
                    swapped = [(v, list(people)) for v, people in crews]
                    swapped[a][1][i], swapped[b][1][k] = crews[b][1][k], crews[a][1][i]
                    yield swapped
    used = {vehicle.id: n for n, (vehicle, _) in enumerate(crews)}
    for a, (vehicle, people) in enumerate(crews):
        for other in vehicles:
            if other.id == vehicle.id or other.seats < len(people):
                continue
            swapped = list(crews)
            swapped[a] = (other, people)
            if other.id in used:
                b = used[other.id]
                if vehicle.seats < len(crews[b][1]):
                    continue
                swapped[b] = (vehicle, crews[b][1])
            yield swapped


def _seed(inspectors, vehicles, jobs, count):
    """`count` crews of one: each time the (vehicle, inspector) pair that serves most jobs
    alone, ties broken towards jobs no crew serves yet."""
    crews, free_people, free_cars, covered = [], list(inspectors), list(vehicles), set()
    for _ in range(count):
        best = max(
            ((v, p) for v in free_cars for p in free_people),
            key=lambda pair: _gain(pair[0], [pair[1]], jobs, covered),
        )
        vehicle, person = best
        crews.append((vehicle, [person]))
        covered |= _served(vehicle, [person], jobs)
        free_people.remove(person)
        free_cars.remove(vehicle)
    return crews


def _seat(person, crews, jobs):
    """Put `person` in the crew where they make the most new jobs servable (seats allowing),
    ties going to the smallest crew."""
    open_crews = [(v, people) for v, people in crews if len(people) < v.seats]
    if not open_crews:
        return
    vehicle, people = max(
        open_crews,
        key=lambda crew: (
            len(_served(crew[0], [*crew[1], person], jobs) - _served(crew[0], crew[1], jobs)),
            -len(crew[1]),
        ),
    )
    people.append(person)


def _served(vehicle, people, jobs):
    return {job.id for job in jobs if serves(job, vehicle, people)}


def _gain(vehicle, people, jobs, covered):
    served = _served(vehicle, people, jobs)
    return (len(served - covered), len(served), -vehicle.seats, vehicle.id, people[0].id)


def crews_on_the_road(problem, pairs):
    """The crews of `pairs` ({vehicle id: inspector ids} from the day's assignments) that are
    still possible — known vehicle and people, seats enough, nobody in two vehicles — plus
    crews formed for the inspectors and vehicles left."""
    known_people = {person.id for person in problem.inspectors}
    kept, taken = [], set()
    for vehicle_id, people in sorted(pairs.items()):
        people = tuple(p for p in people if p in known_people and p not in taken)
        vehicle = next((v for v in problem.vehicles if v.id == vehicle_id), None)
        if vehicle is None or not people or len(people) > vehicle.seats:
            continue
        kept.append(Crew(vehicle_id, people))
        taken |= set(people)
    busy = {crew.vehicle_id for crew in kept}
    rest = _office_free(problem, taken, busy)
    return tuple(kept) + form_crews(rest)


def _office_free(problem, taken, busy):
    return replace(
        problem,
        inspectors=tuple(p for p in problem.inspectors if p.id not in taken),
        vehicles=tuple(v for v in problem.vehicles if v.id not in busy),
    )
