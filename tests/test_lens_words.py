"""One word for a lens in each language: every message about a suggested
lens says "linssi" in Finnish and "lins" in Swedish, as the capture list,
the tag picker and the undo messages do, never "näkökulma" / "perspektiv"."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from sprintkit import i18n

LOCALE = Path(__file__).resolve().parent.parent / "sprintkit/i18n/locale"


def _lens_suggestion_ids() -> list[str]:
    with open(LOCALE / "en/LC_MESSAGES/sprintkit.po", "rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        if any("lens suggestion" in t.lower() or "suggested lens" in t.lower() for t in texts):
            found.append(message.id if isinstance(message.id, str) else message.id[0])
    return found


def test_every_lens_suggestion_message_uses_the_lens_word():
    # the toasts, keys and command help of accepting and dismissing, and the undo lines
    ids = [*_lens_suggestion_ids(), "tui:capture.lens_accepted"]
    assert {"tui:capture.lens_dismissed", "tui:key.dismiss_lens", "tui:key.accept_lens",
            "cli:help.evidence dismiss"} <= set(ids)
    for msgid in ids:
        fi = i18n.message("fi", msgid, tag="x", n=2, id=1, text="x", note=1).lower()
        sv = i18n.message("sv", msgid, tag="x", n=2, id=1, text="x", note=1).lower()
        assert "linssi" in fi and "näkökulm" not in fi, (msgid, fi)
        assert "lins" in sv and "perspektiv" not in sv, (msgid, sv)


def test_the_dismissed_toast_in_finnish_and_swedish():
    assert i18n.message("fi", "tui:capture.lens_dismissed", tag="Tunteet") == \
        "Linssiehdotus hylätty: Tunteet"
    assert i18n.message("sv", "tui:capture.lens_dismissed", tag="Känslor") == \
        "Linsförslaget avvisat: Känslor"
