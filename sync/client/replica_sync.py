"""The replica's side facing the sync engine: outbox batches, push answers, pages, blobs, meta.

Each method that changes state is one local transaction, with `hook(step)` called at its
named steps so tests can kill the app between any two of them.
"""

import json
from dataclasses import dataclass

from sync.client import outbox, pulled_pages
from sync.client.replica_schema import get_meta, relaxed_durability, set_meta, transaction


@dataclass(frozen=True)
class PushOutcome:
    """What one push answer did: its statuses, whether to retry, and where the server stands."""

    statuses: tuple
    retry: bool
    last_mutation_id: int
    epoch_changed: bool
    reopened: int


class SyncSide:
    """Methods of `Replica` used by the engine (mixed in; `self.db` and `self.hook` exist)."""

    def meta(self, key, default=None):
        """One value of the replica's `meta` table."""
        return get_meta(self.db, key, default)

    @property
    def position_unknown(self):
        """True after a new epoch or a 410, until a push answer says where the server stands."""
        return bool(get_meta(self.db, "position_unknown"))

    def pending_mutations(self, limit, *, after=0):
        """The oldest pending mutations (with ids above `after`), in wire shape."""
        return outbox.pending_batch(self.db, limit, after=after)

    def probe_mutations(self):
        """The newest acknowledged mutation, to learn whether a restored server still has it."""
        return outbox.probe_mutation(self.db)

    def apply_push_answer(self, sent, answer, now, *, probe=False):
        """Apply a push answer — epoch, `last_mutation_id` and results — in one transaction.

        Results are applied in order up to the first `retry`; mutations the server says it
        does not have (id above its `last_mutation_id`) become pending again. For a probe the
        server's record is not taken (the full re-pull that follows brings the current one).
        """
        last = int(answer.get("last_mutation_id") or 0)
        by_id = {m["mutation_id"]: m for m in sent}
        statuses, retry = [], False
        with transaction(self.db) as db:
            changed = pulled_pages.epoch_changed(db, answer.get("epoch"))
            if changed:
                pulled_pages.start_full_resync(db, answer["epoch"])
            elif answer.get("epoch") and get_meta(db, "epoch") is None:
                set_meta(db, "epoch", answer["epoch"])
            self.hook("push:epoch")
            for result in answer.get("results") or []:
                mutation = by_id.get(result.get("mutation_id"))
                if mutation is None:
                    continue
                status = outbox.apply_result(db, mutation, result, now, keep_local=probe)
                statuses.append(status)
                self.hook("push:result")
                if status == "retry":
                    retry = True
                    break
            reopened = outbox.reopen_after(db, last)
            set_meta(db, "position_unknown", None)
            self.hook("push:commit")
        self.hook("push:committed")
        return PushOutcome(tuple(statuses), retry, last, changed, reopened)

    def gap_unfillable(self, last_mutation_id):
        """True when the server asks for mutations this device no longer holds."""
        return outbox.gap_unfillable(self.db, last_mutation_id)

    def epoch_changed(self, epoch):
        """True when `epoch` differs from the one stored."""
        return pulled_pages.epoch_changed(self.db, epoch)

    def start_full_resync(self, epoch=None):
        """Discard the cursor, re-pull everything, and ask the server where it stands."""
        with transaction(self.db) as db:
            pulled_pages.start_full_resync(db, epoch)

    def apply_page(self, page):
        """Apply a pulled page and store its cursor in one transaction (re-fetchable, so it
        is committed without a storage sync; the next local save syncs it too)."""
        with relaxed_durability(self.db), transaction(self.db) as db:
            self.hook("pull:begin")
            writer = pulled_pages.PageWriter(db)
            for change in page.get("changes") or []:
                writer.apply(change)
                self.hook("pull:change")
            writer.flush()
            pulled_pages.finish_page(db, page)
            self.hook("pull:cursor")
        self.hook("pull:committed")

    def blobs_to_upload(self):
        """Blobs not on the server yet that a pending mutation references, and blobs the
        server lost (`missing`, see `lost_blobs`): [(sha256, size)]."""
        return self.db.execute(
            "SELECT sha256, size FROM blobs WHERE state = 'missing' OR (state = 'pending' "
            f"AND sha256 IN ({outbox.PENDING_TEXTS})) ORDER BY sha256"
        ).fetchall()

    def blobs_of(self, mutations):
        """The blobs on the device (not refused) that `mutations` reference: [(sha256, size)]."""
        text = json.dumps([m.get("fields") for m in mutations])
        rows = self.db.execute(
            "SELECT sha256, size FROM blobs WHERE state != 'failed' ORDER BY sha256"
        ).fetchall()
        return [(sha256, size) for sha256, size in rows if sha256 in text]

    def mark_blob(self, sha256, state, error=None, *, now=None):
        """Record that a blob is uploaded, or refused for good (with a notice for people)."""
        with transaction(self.db) as db:
            db.execute(
                "UPDATE blobs SET state = ?, error = ? WHERE sha256 = ?",
                [state, json.dumps(error) if error else None, sha256],
            )
            if state == "failed":
                db.execute(
                    "INSERT INTO notices (kind, detail, created_at) VALUES ('blob', ?, ?)",
                    [json.dumps({"sha256": sha256, "error": error}), now or ""],
                )

    def mark_success(self, now):
        """Remember when a run last completed (for people; never used to order anything)."""
        with transaction(self.db) as db:
            set_meta(db, "last_success_at", now)

    def prune_acked(self, keep):
        """Forget all but the newest `keep` acknowledged mutations.

        By count, not by the device clock (which may be years off): enough to cover the
        server's retention window at a busy inspector's pace.
        """
        with transaction(self.db) as db:
            db.execute(
                "DELETE FROM outbox WHERE state = 'acked' AND mutation_id < (SELECT "
                "min(mutation_id) FROM (SELECT mutation_id FROM outbox WHERE state = 'acked' "
                "ORDER BY mutation_id DESC LIMIT ?))",
                [keep],
            )
