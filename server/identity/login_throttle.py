"""Login throttling: failed logins counted three ways in one sliding window, and kept bounded.

Every failed login is a row of `login_attempts` (username tried, remote address, time). Within
`LOGIN_WINDOW_SECONDS`, a login is refused with 429 and `Retry-After` — before any password
is checked — once there were

- `LOGIN_MAX_FAILURES` failures of this username from this address (someone guessing one
  account; a successful login of that username from that address clears these), or
- `LOGIN_MAX_FAILURES_PER_ADDRESS` failures from this address, whatever the username (one
  source trying many accounts; a success never lowers this count, so an attacker's own
  account cannot reset it), or
- `LOGIN_MAX_FAILURES_OVERALL` failures from all addresses together (a brake on a storm
  spread over many sources; it pauses every login until the window moves on).

A refused login adds no row. The table stays small: each new failure deletes the rows that
have left the window, and beyond `LOGIN_ATTEMPTS_MAX_ROWS` the oldest rows go first.
"""

from datetime import datetime, timedelta

from flask import current_app
from flask_smorest import abort

from server.database.clock import iso, now

#: (setting, rows counted, what the message says is throttled); checked in this order.
LIMITS = (
    (
        "LOGIN_MAX_FAILURES",
        "username = :username AND remote_addr = :address AND cleared = 0",
        "Too many failed logins for this username and address",
    ),
    (
        "LOGIN_MAX_FAILURES_PER_ADDRESS",
        "remote_addr = :address",
        "Too many failed logins from this address",
    ),
    (
        "LOGIN_MAX_FAILURES_OVERALL",
        "1 = 1",
        "Too many failed logins across all addresses: logins are paused",
    ),
)


def _window_start():
    return now() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])


def _seconds_until_below(db, where, params, count, limit, since):
    """Seconds until enough counted failures leave the window to let one login through."""
    row = db.execute(
        f"SELECT at FROM login_attempts WHERE {where} AND at > :since "
        "ORDER BY at LIMIT 1 OFFSET :skip",
        {**params, "since": iso(since), "skip": count - limit},
    ).fetchone()
    retry = datetime.fromisoformat(row[0]) - since
    return max(1, int(retry.total_seconds()) + 1)


def check(db, username, remote_addr):
    """429 with `Retry-After` when any of the three limits is reached."""
    since = _window_start()
    params = {"username": username, "address": remote_addr, "since": iso(since)}
    for setting, where, reason in LIMITS:
        limit = current_app.config[setting]
        sql = f"SELECT count(*) FROM login_attempts WHERE {where} AND at > :since"
        count = db.execute(sql, params).fetchone()[0]
        if count >= limit:
            seconds = _seconds_until_below(db, where, params, count, limit, since)
            abort(
                429,
                message=f"{reason}; try again in {seconds} s.",
                headers={"Retry-After": str(seconds)},
            )


def record_failure(db, username, remote_addr):
    """Count one failed login, and drop the rows the throttle no longer needs."""
    db.execute(
        "INSERT INTO login_attempts (username, remote_addr, at) VALUES (?, ?, ?)",
        [username, remote_addr, iso(now())],
    )
    db.execute("DELETE FROM login_attempts WHERE at <= ?", [iso(_window_start())])
    db.execute(
        "DELETE FROM login_attempts WHERE id <= (SELECT max(id) FROM login_attempts) - ?",
        [current_app.config["LOGIN_ATTEMPTS_MAX_ROWS"]],
    )


def clear_failures(db, username, remote_addr):
    """After a successful login: this username's failures from this address no longer count
    against it (they still count against the address and overall)."""
    db.execute(
        "UPDATE login_attempts SET cleared = 1 WHERE username = ? AND remote_addr = ?",
        [username, remote_addr],
    )
