"""The inspector's tablet app (Kivy): screens in `.kv` with thin Python, view-models, and a
background worker that runs `sync.client.SyncEngine`. It imports `domain` and `sync`, never
`server` or Flask."""
