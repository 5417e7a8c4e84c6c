"""The sandbox: an emulator of Bandwidth's v2 numbers API on loopback, state in SQLite.

`numspec.sandbox.server.start_embedded` runs one in background threads; `numspec sandbox serve`
in the foreground. Layers: pool (the numbers for sale), store and repository (SQLite; the
repository's typed records are the only way to its rows), search/matching (availableNumbers),
orders/order_machine (the order state machine), backend (the account's rules),
handlers/admin/app (HTTP), server. See docs/sandbox.md.
"""

__all__: list[str] = []
