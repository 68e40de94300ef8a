"""The one write rule (`domain.access`): a table of who may write what, per role."""

import pytest

from domain.access import (
    Actor,
    Write,
    WriteFacts,
    push_refusal,
    status_targets,
    transition_refusal,
    writable_fields,
    write_refusal,
)

INSPECTOR = Actor("u-insp", "inspector", "o1")
DISPATCHER = Actor("u-disp", "dispatcher", "o1")
ADMIN = Actor("u-admin", "admin", None)
OWN = WriteFacts(frozenset({"o1"}), on_job_now=True, was_on_job=True, site_of_own_job=True)
FORMER = WriteFacts(frozenset({"o1"}), on_job_now=False, was_on_job=True)
FOREIGN = WriteFacts(frozenset({"o2"}))
CHECK = {"inspector_id": "u-insp", "job_id": "j1"}


def write(collection, op="update", old=None, new=None, fields=()):
    old = old if old is not None else ({} if op == "create" else {"id": "r1"})
    return Write(collection, op, old, new or old, frozenset(fields))


@pytest.mark.parametrize(
    ("actor", "the_write", "facts", "allowed"),
    [
        (INSPECTOR, write("checks", "create", {}, CHECK, CHECK), OWN, True),
        (INSPECTOR, write("checks", "create", {}, CHECK, CHECK), FORMER, True),  # evidence
        (INSPECTOR, write("checks", "create", {}, CHECK, CHECK), WriteFacts(), False),
        (INSPECTOR, write("checks", "create", {}, {**CHECK, "inspector_id": "x"}), OWN, False),
        (INSPECTOR, write("jobs", fields={"notes"}), OWN, True),
        (INSPECTOR, write("jobs", fields={"notes"}), FORMER, False),
        (INSPECTOR, write("jobs", fields={"priority"}), OWN, False),
        (INSPECTOR, write("jobs", "create", fields={"notes"}), OWN, False),
        (INSPECTOR, write("instruments", "create", fields={"serial"}), OWN, True),
        (INSPECTOR, write("instruments", fields={"seal_number"}), OWN, True),
        (INSPECTOR, write("instruments", fields={"params"}), OWN, False),
        (INSPECTOR, write("instruments", fields={"seal_number"}), FORMER, False),
        (INSPECTOR, write("sites", fields={"name"}), OWN, False),
        (DISPATCHER, write("jobs", fields={"priority"}), OWN, True),
        (DISPATCHER, write("jobs", fields={"priority"}), FOREIGN, False),
        (DISPATCHER, write("users", fields={"role"}), OWN, False),
        (DISPATCHER, write("checks", "create", {}, {"inspector_id": "u-disp"}), OWN, False),
        (DISPATCHER, write("checks", old=CHECK, fields={"notes"}), OWN, True),
        (
            DISPATCHER,
            write("checks", old=CHECK, new={**CHECK, "inspector_id": "u-disp"}),
            OWN,
            False,
        ),
        (ADMIN, write("offices", fields={"name_en"}), FOREIGN, True),
        (ADMIN, write("audit_entries", fields={"action"}), FOREIGN, False),
        (ADMIN, write("conflicts", "create"), FOREIGN, False),
        (DISPATCHER, write("conflicts", fields={"resolved"}), OWN, True),
        (DISPATCHER, write("conflicts", fields={"losing_value"}), OWN, False),
        (ADMIN, write("conflicts", "delete"), OWN, False),
        (
            DISPATCHER,
            write("conflicts", new={"resolved_by": "x"}, fields={"resolved_by"}),
            OWN,
            False,
        ),
        (
            DISPATCHER,
            write("conflicts", new={"resolved_by": "u-disp"}, fields={"resolved_by"}),
            OWN,
            True,
        ),
    ],
)
def test_write_rule(actor, the_write, facts, allowed):
    refusal = write_refusal(actor, the_write, facts)
    assert (refusal is None) == allowed, refusal


@pytest.mark.parametrize(
    ("role", "current", "target", "allowed"),
    [
        ("inspector", "dispatched", "in_progress", True),
        ("inspector", "in_progress", "done", True),
        ("inspector", "in_progress", "in_progress", True),
        ("inspector", "dispatched", "cancelled", False),
        ("inspector", "needs_review", "done", False),
        ("inspector", "scheduled", "requested", False),
        ("dispatcher", "dispatched", "cancelled", True),
        ("admin", "needs_review", "done", True),
    ],
)
def test_transition_rule(role, current, target, allowed):
    assert (transition_refusal(role, current, target) is None) == allowed


def test_the_tablet_greys_out_what_the_rule_refuses():
    assert writable_fields("inspector", "jobs") == {"notes", "status"}
    assert writable_fields("inspector", "sites") == frozenset()
    assert writable_fields("admin", "sites") is None  # every field
    assert status_targets("inspector", "in_progress") == {"done"}
    assert status_targets("inspector", "needs_review") == set()
    assert "cancelled" in status_targets("dispatcher", "in_progress")


def test_users_are_not_pushable():
    assert "api/v1/users" in push_refusal("users")
    assert push_refusal("checks") is None
