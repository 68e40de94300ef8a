"""The offline-first sync protocol (docs/sync.md), both halves: `sync.server` on the office
database and `sync.client` on the tablet's replica. Neither imports Flask or Kivy."""
