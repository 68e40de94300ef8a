"""The dispatcher's console: server-rendered pages under `/console` for dispatchers and
admins, on the same accounts as the API.

`bp` is the blueprint (`blueprint`); importing this package registers every page on it:
log in and out (`access`), the day board with planning, drag and drop and locks
(`board_views`, `board_actions`), a job's status and history (`job_views`), the
re-verification due list (`due_views`), the conflict queue (`conflict_views`) and the map of
the day (`map_views`). See `docs/console.md`.
"""

from server.web import (  # noqa: F401  (each module adds its pages to the blueprint)
    access,
    board_actions,
    board_views,
    conflict_views,
    due_views,
    job_views,
    map_views,
)
from server.web.blueprint import bp

__all__ = ["bp"]
