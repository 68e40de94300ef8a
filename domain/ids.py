"""Record ids: UUID version 7 (RFC 9562) — created on devices, ordered by time.

Every synced record gets its id where it is created, usually a tablet that is offline, so ids
must never collide: a UUIDv7 carries 74 random bits. Its first 48 bits are the creation time
in milliseconds, so records created one after the other get ids that sort one after the
other, and the server's indexes keyed by id (records, change log, memberships, audit) take a
day's checks at their right-hand edge instead of at random pages all over: a push writes far
fewer pages. A device clock that is wrong costs only that locality, never uniqueness; nothing
orders by id.

    >>> first, second = new_record_id(), new_record_id()
    >>> first < second and first[14] == "7"
    True
    >>> import random
    >>> ordered_id(random.Random(1), 1_700_000_000_000)[:13]
    '018bcfe5-6800'
"""

import uuid

import uuid6

_RANDOM_BITS = 74


def new_record_id() -> str:
    """A new record id: a lower-case UUIDv7 string, later than the ones made before it."""
    return str(uuid6.uuid7())


def ordered_id(rng, milliseconds: int) -> str:
    """The UUIDv7 of `milliseconds` since the epoch with random bits drawn from `rng`.

    For generated data that must come out the same on every run (the demo branch, the
    benchmark); live records take `new_record_id`.
    """
    rand = rng.getrandbits(_RANDOM_BITS)
    rand_a, rand_b = rand >> 62, rand & ((1 << 62) - 1)
    value = (milliseconds << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))
