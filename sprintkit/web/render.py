"""What the phone page's templates need beside the data: where they and the
static files live, and the fingerprints that tell a phone to reload."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sprintkit.models import VotingRound

HERE = Path(__file__).parent


def _fingerprint(section_id: str | None, rnd: VotingRound | None,
                 items: list[tuple[int, str]], total: int) -> str:
    """What a phone's page depends on, apart from the participant's own input."""
    parts: list[Any] = [section_id]
    if rnd is not None:
        parts += [rnd.id, rnd.status, rnd.dots_per_person, rnd.max_per_item]
        if rnd.status != "open":
            parts.append(total)
        parts.append(items)
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def _static_version() -> str:
    digest = hashlib.sha1()
    for name in ("sprintkit.css", "sprintkit.js"):
        digest.update((HERE / "static" / name).read_bytes())
    return digest.hexdigest()[:10]
