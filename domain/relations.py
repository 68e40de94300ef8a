"""How collections hang together: which records belong to a job, and which of them are results.

A job's children name it in `job_id`: its assignment (who goes) and its results — the checks,
accident visits and firm visits an inspector records on site. Results are evidence: they are
accepted for a job the inspector is or was assigned to, even after it moved on.

    >>> "checks" in RESULT_COLLECTIONS, "assignments" in RESULT_COLLECTIONS
    (True, False)
"""

JOB_CHILD_COLLECTIONS = ("assignments", "checks", "accident_visits", "firm_visits")
RESULT_COLLECTIONS = ("checks", "accident_visits", "firm_visits")
