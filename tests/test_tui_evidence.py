"""Customer evidence in the capture step, driven with the pilot; checks the database."""

from __future__ import annotations

from textual.widgets import Input, Static

from sprintkit.playbooks import find_playbook
from sprintkit.service.evidence import EvidenceOptions
from sprintkit.tui.app import SprintkitApp
from sprintkit.tui.panes import NoteList
from sprintkit.tui.widgets.evidence_import import EvidenceImportScreen, KeepToggle

SIZE = (110, 36)

FEEDBACK = (
    "Pvm;Palaute;Arvosana;Kanava\n"
    "1.2.2026;Jonotus kesti liian kauan;2;Toimipiste\n"
    "2.2.2026;jonotus kesti aivan liian kauan!!;1;Toimipiste\n"
    "3.2.2026;Jonotus kesti liian kauan.;2;Asema\n"
    "4.2.2026;Soittakaa minulle 040 123 4567, laskussa on virhe;1;Sähköposti\n"
    "5.2.2026;[red]Lippuautomaatti[/] ei toiminut;2;Asema\n"
)


def _workshop(svc, lang="fi"):
    ws = svc.create_workshop("Sprintti", find_playbook("service-sprint", lang))
    svc.add_participant(ws.id, "Anni", "Asiakaspalvelu")
    svc.set_current_section(ws.id, "customer-views")
    return ws.id


def _file(tmp_path, text=FEEDBACK):
    path = tmp_path / "palaute.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _rows(app) -> list[str]:
    notes = app.screen.pane.query_one(NoteList)
    return [row.resolve().plain for row in notes.rows]


async def _preview(pilot) -> None:
    """Enter in the dialog; the preview is read in a worker thread."""
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _open_dialog(pilot) -> EvidenceImportScreen:
    await pilot.press("ctrl+l")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, EvidenceImportScreen)
    return screen


async def test_import_dialog_previews_imports_and_undo_takes_it_back(db, svc, tmp_path):
    wid = _workshop(svc)
    svc.add_note(wid, "customer-views", "Huoneen oma havainto")
    path = _file(tmp_path)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = await _open_dialog(pilot)
        dialog.query_one("#import-path", Input).value = str(path)
        dialog.query_one("#import-source", Input).value = "Kevätkysely"
        await _preview(pilot)
        preview = str(dialog.query_one("#import-preview", Static).render())
        assert "5 tuotavaa kommenttia" in preview
        assert "Niistä tulisi 3 muistiinpanoa." in preview
        assert "×3" in preview and "Jonotus kesti liian kauan" in preview
        assert "040 123 4567" not in preview and "[puhelin]" in preview
        assert "[red]Lippuautomaatti[/]" in preview  # as typed, not as markup
        assert svc.evidence_imports(wid) == []  # a preview writes nothing
        await _preview(pilot)  # the second Enter imports, also in a worker
        assert not isinstance(app.screen, EvidenceImportScreen)
        imports = svc.evidence_imports(wid)
        assert [(i.source, i.rows, i.section_id) for i in imports] == [
            ("Kevätkysely", 5, "customer-views")]
        rows = _rows(app)
        # Customer evidence first, the largest folded group first; the room's note last.
        assert "◆ Kevätkysely ×3  Jonotus kesti liian kauan" in rows[0]
        assert "[red]Lippuautomaatti[/] ei toiminut" in "".join(rows)
        assert rows[-1].endswith("Huoneen oma havainto")
        assert "◆" not in rows[-1]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert svc.evidence_imports(wid) == []
        assert [n.text for n in svc.notes(wid)] == ["Huoneen oma havainto"]
        assert len(_rows(app)) == 1


async def test_a_changed_option_is_previewed_before_it_is_imported(db, svc, tmp_path):
    wid = _workshop(svc)
    path = _file(tmp_path)
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = await _open_dialog(pilot)
        dialog.query_one("#import-path", Input).value = str(path)
        await _preview(pilot)
        dialog.query_one(KeepToggle).value = True
        await pilot.pause()
        await _preview(pilot)  # shows the new preview, imports nothing yet
        assert isinstance(app.screen, EvidenceImportScreen)
        assert svc.evidence_imports(wid) == []
        assert "040 123 4567" in str(dialog.query_one("#import-preview", Static).render())
        await _preview(pilot)
        imports = svc.evidence_imports(wid)
        assert [(i.masked, i.source) for i in imports] == [(False, "palaute.csv")]
        assert any("040 123 4567" in n.text for n in svc.notes(wid))


async def test_a_file_that_cannot_be_read_keeps_the_dialog_open(db, svc, tmp_path):
    wid = _workshop(svc)
    path = _file(tmp_path, "Numero;Arvo\n1;2\n3;4\n")
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = await _open_dialog(pilot)
        dialog.query_one("#import-path", Input).value = str(path)
        await _preview(pilot)
        await _preview(pilot)
        assert isinstance(app.screen, EvidenceImportScreen)
        preview = str(dialog.query_one("#import-preview", Static).render())
        # The reason in place of the preview, naming the columns found.
        assert "Tätä ei voi tuoda" in preview and "Numero" in preview
        assert svc.evidence_imports(wid) == [] and svc.notes(wid) == []
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EvidenceImportScreen)


async def test_filter_unfold_and_accept_a_suggested_lens(db, svc, tmp_path):
    wid = _workshop(svc, "en")
    svc.add_note(wid, "customer-views", "A note from the room")
    path = _file(tmp_path, "Comment\nThe queue was far too long\nthe queue was far too long!\n"
                           "The queue was far too long.\nThe app crashed when I tried to pay\n")
    result = svc.import_evidence(wid, path, EvidenceOptions(source="Spring survey"))
    folded = result.note_ids[0]
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(_rows(app)) == 3
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert [r.split("  ")[-1] for r in _rows(app)] == ["A note from the room"]
        await pilot.press("ctrl+f")
        await pilot.pause()
        rows = _rows(app)
        assert len(rows) == 2 and all("◆ Spring survey" in r for r in rows)
        assert "×3" in rows[0]
        state = str(app.screen.pane.query_one("#capture-state", Static).render())
        assert "Showing customer evidence only" in state
        notes = app.screen.pane.query_one(NoteList)
        notes.focus()
        notes.cursor = 0
        await pilot.pause()
        detail = str(app.screen.pane.query_one("#detail", Static).render())
        assert "3 customer comments" in detail
        await pilot.press("u")
        await pilot.pause()
        assert len(svc.notes(wid, "customer-views")) == 5
        assert svc.evidence_marks(wid)[folded].count == 1
        assert len(_rows(app)) == 4 and "×" not in "".join(_rows(app))
        tag = svc.evidence_marks(wid)[folded].suggested_lens
        assert tag == "ease"  # "queue": waiting is a matter of ease
        assert "(suggested: Ease)" in _rows(app)[0]
        notes.select_key(folded)
        await pilot.press("a")
        await pilot.pause()
        assert svc.note(wid, folded).lenses == ["ease"]
        assert svc.evidence_marks(wid)[folded].suggested_lens is None
        assert "[Ease]" in _rows(app)[notes.cursor]
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert len(_rows(app)) == 5


async def test_grouping_takes_evidence_and_room_notes_alike(db, svc, tmp_path):
    from sprintkit.tui.panes import GroupNotes, GroupPane
    from sprintkit.tui.widgets import PromptScreen

    wid = _workshop(svc, "en")
    room = svc.add_note(wid, "customer-views", "Refunds take weeks")
    path = _file(tmp_path, "Comment\nMy refund took three weeks\nmy refund took three weeks!\n")
    [evidence] = svc.import_evidence(wid, path, EvidenceOptions(source="Complaints")).note_ids
    svc.set_current_section(wid, next(s.id for s in svc.playbook(wid).sections
                                      if s.kind == "group"))
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.pane, GroupPane)
        notes = app.screen.pane.query_one(GroupNotes)
        assert isinstance(app.focused, GroupNotes)
        texts = {row.key: row.resolve().plain for row in notes.rows}
        assert "◆ Complaints ×2  My refund took three weeks" in texts[evidence]
        assert "◆" not in texts[room.id]
        await pilot.press("space", "space", "n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "Refunds in days"
        await pilot.press("enter")
        await pilot.pause()
        [item] = svc.initiatives(wid)
        assert {n.id for n in svc.notes(wid) if n.initiative_id == item.id} == {
            room.id, evidence}


async def test_a_source_name_with_markup_is_shown_as_typed(db, svc, tmp_path):
    wid = _workshop(svc, "en")
    path = _file(tmp_path, "Comment\nThe queue was far too long\n")
    svc.import_evidence(wid, path, EvidenceOptions(source="[b]Survey[/]"))
    app = SprintkitApp(db, wid, service=svc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [row] = _rows(app)
        assert "◆ [b]Survey[/]  The queue was far too long" in row
        notes = app.screen.pane.query_one(NoteList)
        notes.focus()
        notes.cursor = 0
        await pilot.pause()
        detail = str(app.screen.pane.query_one("#detail", Static).render())
        assert "[b]Survey[/]" in detail and "1 customer comment" in detail
