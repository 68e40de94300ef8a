"""Transports for tests of the sync protocol, never used by the tablet app or the server.

- `sync.testing.inprocess_transport.InProcessTransport`: the client engine talking to the real
  server half in the same process, every body through a JSON round trip.
- `sync.testing.faulty_transport.FaultyTransport`: wraps any transport and injects planned
  faults (nothing sent, answer lost after the commit, 5xx, upload cut).

Unlike `sync.client`, this package may import `sync.server`.
"""
