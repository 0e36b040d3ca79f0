"""Held lines and the note being typed, kept in the database: scratch, not content."""

from __future__ import annotations

from sprintkit.archive import dumps, import_text
from sprintkit.service import WorkshopService
from sprintkit.store import KNOWN_MIGRATIONS, Store

SECTION = "business-needs"


def rows(service, workshop_id):
    return [(d.section_id, d.kind, d.text, d.problems) for d in service.drafts(workshop_id)]


def test_held_lines_are_kept_by_key_and_the_field_text_per_step(service, workshop):
    service.hold_line(workshop.id, "a1", SECTION, "Said by @nobody", ["No participant"])
    service.hold_line(workshop.id, "b2", SECTION, "Second #nolens", [])
    service.keep_typing(workshop.id, SECTION, "half a")
    service.keep_typing(workshop.id, SECTION, "half a thought")
    assert rows(service, workshop.id) == [
        (SECTION, "held", "Said by @nobody", ("No participant",)),
        (SECTION, "held", "Second #nolens", ()),
        (SECTION, "typing", "half a thought", ())]
    # Saved or thrown away: its row goes, and only its row (another window
    # may hold lines of its own).
    service.drop_held(workshop.id, "a1")
    service.drop_held(workshop.id, "a1")
    assert [d.key for d in service.drafts(workshop.id)] == ["b2", None]
    # Holding under the same key again changes the line, not adds one.
    service.hold_line(workshop.id, "b2", SECTION, "Second #ease", [])
    assert rows(service, workshop.id)[0] == (SECTION, "held", "Second #ease", ())
    # The field's text taken up as a held line by a later run.
    typing = service.drafts(workshop.id)[-1]
    service.take_up_typing(workshop.id, {typing.id: "c3"})
    assert [(d.key, d.kind, d.text) for d in service.drafts(workshop.id)] == [
        ("b2", "held", "Second #ease"), ("c3", "held", "half a thought")]
    service.keep_typing(workshop.id, SECTION, "x")
    service.keep_typing(workshop.id, SECTION, "")
    assert len(service.drafts(workshop.id)) == 2


def test_drafts_are_not_undone_logged_or_archived(service, workshop):
    service.add_note(workshop.id, SECTION, "Queue at the gate")
    before = service.history(workshop.id)
    service.hold_line(workshop.id, "k", SECTION, "held [/] line")
    service.keep_typing(workshop.id, SECTION, "typing")
    assert service.history(workshop.id) == before
    # Undo takes back the note, and leaves the scratch alone.
    service.undo(workshop.id)
    assert service.notes(workshop.id) == []
    assert len(service.drafts(workshop.id)) == 2
    text = dumps(service.snapshot(workshop.id))
    assert "held [/] line" not in text and "typing" not in text
    copy = import_text(service, text)
    assert service.drafts(copy) == []
    assert len(service.drafts(workshop.id)) == 2


def test_deleting_a_workshop_deletes_its_drafts(db, mini_playbook):
    service = WorkshopService(Store(db))
    keep = service.create_workshop("Keep", mini_playbook)
    gone = service.create_workshop("Gone", mini_playbook)
    for ws in (keep, gone):
        service.hold_line(ws.id, f"key {ws.id}", SECTION, f"held in {ws.name}")
        service.keep_typing(ws.id, SECTION, f"typed in {ws.name}")
    service.delete_workshop(gone.id)
    left = service.store.query("SELECT workshop_id, text FROM drafts ORDER BY id")
    assert left == [{"workshop_id": keep.id, "text": "held in Keep"},
                    {"workshop_id": keep.id, "text": "typed in Keep"}]
    service.store.close()


def test_control_characters_never_come_back(service, workshop):
    hijack = "\x1b[2J\x1b[31mred\x07"
    service.keep_typing(workshop.id, SECTION, "line one\n" + hijack)
    # A row written by something else, escape codes and all.
    with service.store.transaction() as conn:
        conn.execute("INSERT INTO drafts (workshop_id, section_id, kind, text, problems, "
                     "updated_at) VALUES (?, ?, 'held', ?, ?, 'now')",
                     [workshop.id, SECTION, hijack, '["bad \\u001b[0m"]'])
    stored = service.store.query("SELECT text FROM drafts ORDER BY id")
    assert stored[0]["text"] == "line one\n[2J[31mred"
    assert rows(service, workshop.id) == [
        (SECTION, "typing", "line one\n[2J[31mred", ()),
        (SECTION, "held", "[2J[31mred", ("bad [0m",))]


def test_the_drafts_table_comes_with_its_own_migration(db):
    assert "m009_drafts" in KNOWN_MIGRATIONS
    store = Store(db)
    columns = [r["name"] for r in store.query("PRAGMA table_info(drafts)")]
    assert columns == ["id", "workshop_id", "key", "section_id", "kind", "text", "problems",
                       "updated_at"]
    store.close()
