"""Snapshots of customer evidence in the capture step: the list and the import dialog.

The workshop is built from a playbook defined here, so the bundled playbooks
do not change these pictures; the file is opened by a relative name so no
temporary folder shows on screen.
"""

from __future__ import annotations

from textual.widgets import Input

from sprintkit.playbooks import parse_playbook
from sprintkit.service import WorkshopService
from sprintkit.service.evidence import EvidenceOptions
from sprintkit.store import Store
from sprintkit.tui.app import SprintkitApp

PLAYBOOK = """
id: snap-evidence
language: fi
title: Kuvasprintti
sections:
  - {id: customers, title: Asiakkaiden näkemykset, kind: capture, timebox_minutes: 20,
     evidence: true, prompts: ["Missä polku katkeaa?"]}
  - {id: grouping, title: Ryhmittely, kind: group, timebox_minutes: 15}
phases:
  - {id: now, title: Nyt, horizon: 0-3 kk}
lenses:
  - id: cx
    title: CX-pyramidi
    tags: {effectiveness: Toimivuus, ease: Helppous, emotion: Tunne}
"""

FEEDBACK = (
    "Pvm;Palaute;Arvosana;Kanava\n"
    "1.2.2026;Jonotus kesti liian kauan;2;Toimipiste\n"
    "2.2.2026;jonotus kesti aivan liian kauan!!;1;Toimipiste\n"
    "3.2.2026;Jonotus kesti liian kauan.;2;Asema\n"
    "4.2.2026;Soittakaa minulle 040 123 4567, laskussa on virhe;1;Sähköposti\n"
    "5.2.2026;[bold]Lippuautomaatti[/] ei toiminut asemalla;2;Asema\n"
    "6.2.2026;Henkilökunta oli ystävällistä;5;Puhelin\n"
    "7.2.2026;Henkilökunta oli ystävällistä!;5;Puhelin\n"
)


def build(db, tmp_path, monkeypatch, *, imported: bool):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "palaute.csv").write_text(FEEDBACK, encoding="utf-8")
    svc = WorkshopService(Store(db))
    ws = svc.create_workshop("Kuvasprintti", parse_playbook(PLAYBOOK))
    anni = svc.add_participant(ws.id, "Anni", "Asiakaspalvelu")
    svc.add_note(ws.id, "customers", "Asiakkaat eivät löydä aukioloaikoja",
                 participant=anni.id)
    if imported:
        svc.import_evidence(ws.id, "palaute.csv", EvidenceOptions(source="Kevätkysely"))
    svc.set_current_section(ws.id, "customers")
    return svc, ws.id


def shoot(snap_compare, svc, db, wid, press=()):
    app = SprintkitApp(db, wid, service=svc)

    async def before(pilot) -> None:
        await pilot.pause()
        for key in press:
            if key.startswith("type:"):
                pilot.app.screen.focused.value = key[5:]
            else:
                await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        pilot.app.clear_notifications()
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(100, 32), run_before=before)
    finally:
        svc.store.close()


def test_capture_with_evidence(snap_compare, tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    svc, wid = build(db, tmp_path, monkeypatch, imported=True)
    shoot(snap_compare, svc, db, wid, press=["up", "home"])


def test_import_dialog_preview(snap_compare, tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    svc, wid = build(db, tmp_path, monkeypatch, imported=False)
    shoot(snap_compare, svc, db, wid, press=["ctrl+l", "type:palaute.csv", "enter"])
