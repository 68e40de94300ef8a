"""`meta`: the replica's single values, one row a key. All SQL on `meta` is here.

- `device_id` (made with the file), `user_id` (the one user the replica belongs to, set on
  first login: each user of a tablet has a replica of their own),
- `next_mutation_id` (gapless: taken in the transaction that writes the edit),
- `cursor` and `epoch` of the pull, `last_success_at` (for people only),
- `full_resync` (a re-pull from scratch is under way), `position_unknown` (the server may
  have lost acknowledged mutations: ask it where it stands before trusting the outbox),
  `server_last_mutation_id` (the `last_mutation_id` of the latest push answer).

Writes run inside the caller's transaction.
"""


class ReplicaOfAnotherUser(Exception):
    """The replica belongs to another user: each user of a tablet has a replica of their own."""


def get_meta(db, key, default=None):
    """One value of `meta`, or `default`."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return default if row is None or row[0] is None else row[0]


def set_meta(db, key, value):
    """Set (or, with None, clear) one value of `meta`."""
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, None if value is None else str(value)],
    )


def take_mutation_id(db):
    """The next mutation id of this device (the caller's transaction makes it gapless)."""
    mutation_id = int(get_meta(db, "next_mutation_id", "1"))
    set_meta(db, "next_mutation_id", mutation_id + 1)
    return mutation_id


def bind_user(db, user_id):
    """Make the replica `user_id`'s on first use; raise `ReplicaOfAnotherUser` for any other."""
    owner = get_meta(db, "user_id")
    if owner is None:
        set_meta(db, "user_id", user_id)
    elif owner != user_id:
        raise ReplicaOfAnotherUser(
            f"This replica belongs to user {owner}, not {user_id}: "
            "open the replica of the user who logged in."
        )


def epoch_changed(db, epoch):
    """True when the server answers with an epoch other than the one stored."""
    stored = get_meta(db, "epoch")
    return bool(stored and epoch and stored != epoch)


def adopt_epoch(db, epoch):
    """Store the server's epoch when none is stored yet (the first answer of a server)."""
    if epoch and get_meta(db, "epoch") is None:
        set_meta(db, "epoch", epoch)
