"""The facilitator terminal UI (Textual)."""
