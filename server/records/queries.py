"""Filtered, paged reads of synced records for the list endpoints.

`list_records` of the sync core pages by equality filters; the API also needs text search,
date ranges, a total count and per-role visibility, so this module builds one SQL query over
the sync `records` table (its indexed `office_id` column and the JSON `data`) and returns the
page's ids, which are then read with `get_record` so every record has the sync shape.

    >>> RecordQuery("firms", search=("q", ["name"])).where_sql()[0]
    'collection = ? AND deleted = 0 AND (json_extract(data, ?) LIKE ? ESCAPE ?)'
"""

from dataclasses import dataclass, field

from sync.server.records import get_record


def _path(name):
    return f"$.{name}"


def _like(text):
    """A LIKE pattern matching `text` anywhere, with its wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class RecordQuery:
    """What to select from one collection: equality, text, ranges and a visibility clause."""

    collection: str
    equal: dict = field(default_factory=dict)
    search: tuple | None = None  # (text, [fields])
    before: dict = field(default_factory=dict)  # field -> exclusive upper bound
    after: dict = field(default_factory=dict)  # field -> inclusive lower bound
    office_id: str | None = None
    visible: tuple | None = None  # (sql, params) from one of the clauses below
    order_by: tuple = ()
    include_deleted: bool = False

    def where_sql(self):
        """The WHERE clause and its parameters."""
        parts, params = ["collection = ?"], [self.collection]
        if not self.include_deleted:
            parts.append("deleted = 0")
        if self.office_id is not None:
            parts.append("office_id = ?")
            params.append(self.office_id)
        for name, value in self.equal.items():
            parts.append("json_extract(data, ?) = ?")
            params.extend([_path(name), value])
        if self.search and self.search[0]:
            text, names = self.search
            ors = " OR ".join("json_extract(data, ?) LIKE ? ESCAPE ?" for _ in names)
            parts.append(f"({ors})")
            for name in names:
                params.extend([_path(name), _like(text), "\\"])
        for bounds, operator in ((self.before, "<"), (self.after, ">=")):
            for name, value in bounds.items():
                parts.append(f"json_extract(data, ?) {operator} ?")
                params.extend([_path(name), value])
        if self.visible is not None:
            parts.append(self.visible[0])
            params.extend(self.visible[1])
        return " AND ".join(parts), params

    def order_sql(self):
        """ORDER BY the configured fields, then id (stable pages)."""
        keys = [f"json_extract(data, '{_path(name)}')" for name in self.order_by]
        return ", ".join([*keys, "id"])


def run_query(db, query, *, limit, offset):
    """The page of records and the total count: `(records, total)`."""
    where, params = query.where_sql()
    total = db.execute(f"SELECT count(*) FROM records WHERE {where}", params).fetchone()[0]
    ids = db.execute(
        f"SELECT id FROM records WHERE {where} ORDER BY {query.order_sql()} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [get_record(db, query.collection, row[0]) for row in ids], total


def assigned_jobs_clause(user_id):
    """Visibility of jobs for an inspector: those whose live assignment lists them."""
    return (
        "id IN (SELECT a.parent_id FROM records a, json_each(a.data, '$.inspector_ids') i "
        "WHERE a.collection = 'assignments' AND a.deleted = 0 AND i.value = ?)",
        [user_id],
    )


def own_assignments_clause(user_id):
    """Visibility of assignments for an inspector: those that list them."""
    return (
        "EXISTS (SELECT 1 FROM json_each(data, '$.inspector_ids') i WHERE i.value = ?)",
        [user_id],
    )


def live_assignment_id(db, job_id):
    """The id of the job's live assignment record, or None."""
    row = db.execute(
        "SELECT id FROM records WHERE collection = 'assignments' AND parent_id = ? "
        "AND deleted = 0 ORDER BY updated_seq DESC LIMIT 1",
        [job_id],
    ).fetchone()
    return row[0] if row else None
