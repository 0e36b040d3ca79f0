"""The facilitator terminal UI (Textual)."""

from sprintkit.tui import heap

# Until the app has drawn its first screen (see heap.py).
heap.pause()
