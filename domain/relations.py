"""How collections hang together: which records belong to a job, what a job needs on site,
and which record each record hangs off.

A job's children name it in `job_id`: its assignment (who goes) and its results — the checks,
accident visits and firm visits an inspector records on site. Results are evidence: they are
accepted for a job the inspector is or was assigned to, even after it moved on. What an
inspector needs on site for a job (its dependencies) is its site, the site's firm and the
job's instruments. A record's parent is the record it names in its `PARENT_FIELDS` field.

    >>> "checks" in RESULT_COLLECTIONS, "assignments" in RESULT_COLLECTIONS
    (True, False)
    >>> parent_for("instruments", {"site_id": "s1"}), parent_for("offices", {})
    ('s1', None)
"""

RESULT_COLLECTIONS = ("checks", "accident_visits", "firm_visits")
JOB_CHILD_COLLECTIONS = ("assignments", *RESULT_COLLECTIONS)
JOB_DEPENDENCY_COLLECTIONS = ("sites", "firms", "instruments")

#: collection -> the field naming the record it hangs off.
PARENT_FIELDS = {
    **dict.fromkeys(JOB_CHILD_COLLECTIONS, "job_id"),
    "instruments": "site_id",
    "sites": "firm_id",
}


def parent_for(collection, data):
    """The record a record hangs off: the job of a job's child, the site of an instrument,
    the firm of a site; None for the rest."""
    field = PARENT_FIELDS.get(collection)
    return data.get(field) if field else None
