"""Command-line tasks, registered on the app (`flask --app server <cmd>` or
`python -m server <cmd>`): `init-db`, `load-demo`, `create-user`, `revoke-device`,
`unpair-device` (releases a device from its user, so another may log in on it), and the
upkeep of the database: `backup`, `restore` (server stopped; gives a new epoch) and
`purge-expired` (the retention window of deleted records, run daily); and the notices'
`notices-worker`, `notices-scan` and `notices-status` (`server.notices.commands`).

Commands act as the `cli` device of a system admin, so their writes are audited like any other.

    $ python -m server create-user --username lin --role inspector --office KL
"""

import json

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.exceptions import HTTPException

from domain.access import ADMIN, ROLES, Actor
from server.database.db import get_db
from server.database.maintenance import NotABackup, backup_database, restore_database
from server.database.migrations import applied, migrate
from server.errors import error_payload
from server.identity import accounts, devices, users
from server.notices import commands as notice_commands
from server.records import store
from sync.server.retention import purge_expired
from sync.server.schema import get_epoch

#: Who the audit log says did what a command did.
CLI_ACTOR = Actor(user_id=None, role=ADMIN, office_id=None, device_id="cli")


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or upgrade the database (runs pending migrations)."""
    db = get_db()
    ran = migrate(db)
    path = current_app.config["DATABASE"]
    click.echo(
        f"Database ready at {path}: schema version {max(applied(db))} "
        f"({len(ran)} migration(s) run now), epoch {get_epoch(db)}."
    )


@click.command("load-demo")
@with_appcontext
def load_demo_command():
    """Load the demo branch (offices, people, vehicles, firms, instruments, jobs)."""
    from server.demo import load_demo

    counts = load_demo(get_db())
    click.echo("Loaded demo data: " + ", ".join(f"{n} {c}" for c, n in counts.items()))


def find_office(db, ref):
    """An office by id or code (e.g. `KL`); raises a usage error if there is none."""
    for office in store.list_all(db, "offices"):
        if ref in (office["id"], office.get("code")):
            return office
    raise click.BadParameter(f"no office {ref!r}", param_hint="--office")


@click.command("create-user")
@with_appcontext
@click.option("--username", prompt=True)
@click.option("--role", prompt=True, type=click.Choice(ROLES))
@click.option("--office", prompt=True, help="Office id or code")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", "display_name", default=None, help="Display name (default: username)")
def create_user_command(username, role, office, password, display_name):
    """Create a user who can log in."""
    db = get_db()
    body = {
        "username": username,
        "display_name": display_name or username,
        "role": role,
        "office_id": find_office(db, office)["id"],
    }
    try:
        record = users.create_user(db, CLI_ACTOR, {**body, "password": password})
    except HTTPException as error:
        raise click.ClickException(json.dumps(error_payload(error), ensure_ascii=False)) from None
    click.echo(f"Created {role} {username} ({record['id']}).")


@click.command("revoke-device")
@with_appcontext
@click.argument("device_id")
def revoke_device_command(device_id):
    """Revoke every token of a device at once."""
    db = get_db()
    with store.transaction(db):
        count = accounts.revoke_device(db, device_id)
        store.audit(db, CLI_ACTOR, "revoke", "devices", device_id, {"revoked_tokens": [0, count]})
    click.echo(f"Revoked {count} token(s) of device {device_id}.")


@click.command("unpair-device")
@with_appcontext
@click.argument("device_id")
def unpair_device_command(device_id):
    """Release a device from its user and revoke its tokens; the next login pairs it anew."""
    try:
        done = devices.unpair(get_db(), CLI_ACTOR, device_id)
    except HTTPException as error:
        raise click.ClickException(json.dumps(error_payload(error), ensure_ascii=False)) from None
    owner = done["unpaired_user_id"] or "no user"
    click.echo(
        f"Unpaired device {device_id} from {owner}; revoked {done['revoked']} token(s). "
        "Its next login pairs it with that login's user."
    )


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
def backup_command(target):
    """Copy the live database to TARGET (online, while the server runs)."""
    saved = backup_database(get_db(), target)
    click.echo(f"Backed up to {saved['path']} (epoch {saved['epoch']}).")


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.confirmation_option(prompt="Stop the server first. Replace the database with SOURCE?")
def restore_command(source):
    """Replace the database with the backup SOURCE and give it a new epoch."""
    try:
        restored = restore_database(get_db(), source)
    except NotABackup as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Restored {source} (was epoch {restored['restored_epoch']}); new epoch "
        f"{restored['epoch']}: devices will pull everything again and re-push what is missing."
    )


@click.command("purge-expired")
@with_appcontext
@click.option("--days", default=180, show_default=True, type=click.IntRange(min=1))
def purge_expired_command(days):
    """Delete tombstones older than the retention window (devices behind it resync)."""
    count = purge_expired(get_db(), older_than_days=days)
    click.echo(f"Purged {count} deleted record(s) older than {days} days.")


def init_app(app):
    """Register the commands on the app."""
    for command in (
        init_db_command,
        load_demo_command,
        create_user_command,
        revoke_device_command,
        unpair_device_command,
        backup_command,
        restore_command,
        purge_expired_command,
        *notice_commands.COMMANDS,
    ):
        app.cli.add_command(command)
