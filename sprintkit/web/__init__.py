"""The phone page: participants join by QR code, add notes and vote over the room's network."""
