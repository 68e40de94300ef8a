"""Phase 1 of a sync run: upload the blobs that pending mutations reference (tus-style).

A blob is sent from the offset the server holds (`HEAD`) to its end, in `chunk_size` pieces
(`PATCH`); an interrupted upload resumes where the server stands. Each blob is asked about
once a pass, however many batches the push takes. The phase works on a run's context
(`sync.client.engine.RunContext`).
"""

from sync.client import blobs, notices
from sync.client.transport import SyncRefused, TransportError
from sync.transaction import transaction


def upload_blobs(ctx, to_send=None):
    """Upload the blobs that pending mutations reference (or the `(sha256, size)` given).

    MUST upload a blob before the mutation that references it is pushed.
    MUST ask the server what it holds (HEAD) and send only the rest, from that offset.
    MUST resume from the server's offset after an interruption, never from zero.
    MUST send again a blob the server lost (`missing`), even if its record left the device.
    MUST mark a blob the server refuses for good (too large, hash mismatch) — or whose file
    is gone from the device — failed, with a notice for people, and go on: the mutation is
    still pushed (the server flags the record incomplete).
    """
    for sha256, size in blobs.to_upload(ctx.replica.db) if to_send is None else to_send:
        try:
            upload_blob(ctx, sha256, size)
        except SyncRefused as refusal:
            refuse(ctx, sha256, {"status": refusal.status, "message": refusal.message})
        except FileNotFoundError:
            refuse(ctx, sha256, {"message": "the file is no longer on this device"})


def upload_blob(ctx, sha256, size):
    """Send one blob from the server's offset to its end, resuming after failures."""
    transport, budget = ctx.transport, ctx.budget
    complete, offset = budget.call(lambda: transport.blob_status(sha256))
    with open(ctx.replica.blob_path(sha256), "rb") as source:
        while not complete and offset < size:
            source.seek(offset)
            chunk = source.read(ctx.chunk_size)
            try:
                offset = transport.blob_append(sha256, offset, size, chunk)
            except TransportError:
                if not budget.wait():
                    raise
                complete, offset = budget.call(lambda: transport.blob_status(sha256))
    with transaction(ctx.replica.db) as db:
        blobs.mark(db, sha256, "uploaded")


def refuse(ctx, sha256, error):
    """Mark a blob failed for good, with a notice for people, in one transaction."""
    with transaction(ctx.replica.db) as db:
        blobs.mark(db, sha256, "failed", error)
        notices.add(db, "blob", {"sha256": sha256, "error": error}, ctx.now())
