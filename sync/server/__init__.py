"""Server half of the sync protocol: the record store with its change log and buckets, the
mutation applier (push), the change feed (pull) and content-addressed blobs — all on a
sqlite-utils `Database`, with no web framework."""
