"""Client half of the sync protocol (docs/sync.md): the tablet's replica and its sync engine.

The app uses two names: `Replica` (`replica`: the local records, saves and their outbox,
notices, blobs) and `SyncEngine` (`engine`: one run at a time, its `SyncStatus`).

Each local table has one owner module, which holds all SQL on it: `records`, `outbox`,
`blobs`, `notices`, `meta`; `database` opens the file and migrates it (numbered migrations).
A sync run is its phases, in order: `upload` (blobs), `push` (the outbox), `pull` (pages),
`apply` (each push answer and pulled page, in one local transaction). The network is behind
`transport` (the interface with its capabilities, and its errors); `http_transport` is the
tablet's, `pulled_change` reads its pages for storage. Transports for tests (in-process,
fault-injecting) are in `sync.testing`. Nothing here imports Flask, Kivy, `server`,
`sync.server` or `field_app`.

Choices where SYNC-PROTOCOL is silent (mirrored in docs/sync.md):

- `base_version` of an edit is the server version of the copy it was made on; an edit that
  follows a create still waiting in the outbox says 1 (the version that create will get).
  The server does not count a device's own earlier edits as conflicts.
- A save on a record with rejected edits carries their fields along (a fix of one field does
  not drop the others); if the server never accepted the record, the save is a `create`.
- Acknowledged mutations are kept (the newest `KEEP_ACKED`, by count, never by the device
  clock). After a new epoch or a `410` the engine resends the newest one as a probe: its
  answer (duplicate, or `retry` with `last_mutation_id`) says where the restored server
  stands, and every kept mutation above that becomes pending again, under its own id —
  nothing is renumbered, since ids are the server's idempotency keys. If the server wants
  ids this device no longer keeps, the run stops with an error for an administrator.
- A full resync marks every local record stale, re-pulls from no cursor, and at the end
  purges what was not sent again, except records with edits still to push.
- A job that leaves the device takes the records hanging off it (assignments, checks,
  visits) — also ones this device pushed after the job was reassigned, which were never in
  its buckets and so never come back as `removed`.
- Two `run()` calls at once: the second returns outcome `busy` (or waits with `wait=True`).
"""

from sync.client.engine import SyncEngine, SyncStatus
from sync.client.replica import Replica, ReplicaOfAnotherUser

__all__ = ["Replica", "ReplicaOfAnotherUser", "SyncEngine", "SyncStatus"]
