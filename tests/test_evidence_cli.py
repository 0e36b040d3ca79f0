"""`sprintkit evidence`: a facilitator's Finnish feedback export, end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sprintkit.cli import cli
from sprintkit.masking import mask

FIXTURE = Path(__file__).parent / "fixtures" / "asiakaspalaute_300.csv"


@pytest.fixture
def run(db_path, monkeypatch):
    monkeypatch.setenv("SPRINTKIT_LANG", "fi")
    runner = CliRunner()

    def invoke(*args, ok=True):
        result = runner.invoke(cli, ["--db", str(db_path), *map(str, args)])
        assert (result.exit_code == 0) == ok, result.output
        assert "Traceback" not in result.output
        return result

    return invoke


@pytest.fixture
def sprint(run):
    wid = run("new", "Asiakaspalvelun sprintti", "--playbook", "service-sprint",
              "--lang", "fi").stdout.split()[-1]
    run("participant", "add", wid, "Päivi Mäkinen", "--role", "Asiakaspalvelu")
    return wid


def test_the_fixture_is_what_finnish_excel_saves():
    data = FIXTURE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    lines = text.splitlines()
    assert lines[0] == "Vastaus ID;Päivämäärä;Toimipiste;Kanava;Arvosana;Vapaa palaute"
    assert len(lines) == 301
    assert re.match(r"\d+;\d{1,2}\.\d{1,2}\.2026;", lines[1])
    # Personal data a customer typed in is there to be masked.
    assert "040 123 4567" in text and "@example.fi" in text and "-234" in text


def test_dry_run_shows_mapping_rows_masking_and_folds_and_writes_nothing(run, sprint):
    result = run("evidence", "import", sprint, FIXTURE, "--source", "Kevään kysely",
                 "--dry-run")
    out = result.stdout
    assert "Tiedosto: " in out and "(CSV, cp1252, ';')" in out
    assert "Vaihe: Asiakkaiden näkemykset (customer-views)" in out
    assert "Kommentti: sarake 'Vapaa palaute' (tunnistettu)" in out
    assert "Arvosana: sarake 'Arvosana' (tunnistettu)" in out
    assert "292 tuotavaa kommenttia" in out
    assert "8 riviä ilman kommenttia jätetään pois" in out
    assert ("Henkilötiedot peitetty: 2 sähköpostiosoitetta, 3 puhelinnumeroa, "
            "3 henkilötunnusta.") in out
    assert re.search(r"×30\s+jono", out, re.IGNORECASE)  # the queueing complaint, folded
    assert "Kokeiluajo: mitään ei tuotu." in result.stderr
    assert run("note", "list", sprint).stdout == ""


def test_import_then_note_list_and_voices(run, sprint, db_path):
    result = run("evidence", "import", sprint, FIXTURE, "--source", "Kevään kysely")
    assert "Tuotiin 292 asiakaskommenttia lähteestä 'Kevään kysely'" in result.stderr
    notes = json.loads(run("note", "list", sprint, "--json").stdout)
    assert 30 < len(notes) < 60
    assert all(n["source"] == "evidence" and n["participant_id"] is None for n in notes)
    # No personal data reached the database.
    for note in notes:
        assert mask(note["text"]).total == 0, note["text"]
    originals = json.loads(run("evidence", "list", sprint, "--json").stdout)
    assert sum(o["count"] for o in originals) == 292
    assert originals[0]["count"] == 30  # the largest group first
    for group in originals:
        for item in group["originals"]:
            assert mask(item["text"]).total == 0
    listing = run("note", "list", sprint).stdout
    assert "asiakas ×30 · Kevään kysely" in listing
    assert "[henkilötunnus]" in listing and "[puhelin]" in listing
    voices = run("voices", sprint).stdout
    assert "Asiakkaiden näkemykset: asiakaspalaute " in voices


def test_keep_personal_data_warns(run, sprint):
    result = run("evidence", "import", sprint, FIXTURE, "--keep-personal-data")
    assert "Varoitus: henkilötiedot jäävät sellaisinaan" in result.stderr
    texts = " ".join(n["text"] for n in json.loads(run("note", "list", sprint, "--json").stdout))
    assert "040 123 4567" in texts


def test_unfold_accept_and_undo_from_the_command_line(run, sprint):
    run("evidence", "import", sprint, FIXTURE)
    biggest = json.loads(run("evidence", "list", sprint, "--json").stdout)[0]
    note_id = biggest["note"]["id"]
    ids = run("evidence", "unfold", sprint, note_id).stdout.split()
    assert len(ids) == 30 and ids[0] == str(note_id)
    run("undo", sprint)
    assert json.loads(run("evidence", "list", sprint, "--json").stdout)[0]["count"] == 30
    accepted = run("evidence", "accept", sprint, note_id).stdout
    assert f"Muistiinpanolla {note_id} on nyt tagit: ease" in accepted
    assert "Hyväksyttiin" in run("evidence", "accept", sprint, "--all").stdout
    refused = run("evidence", "accept", sprint, note_id, ok=False)
    assert f"Muistiinpanolla {note_id} ei ole linssiehdotusta." in refused.output
    assert "jompikumpi" in run("evidence", "accept", sprint, ok=False).output


@pytest.mark.parametrize("args, message", [
    (["nope.csv"], "tiedostoa ei ole"),
    ([FIXTURE, "--text-column", "Vastaus"], "ei ole saraketta 'Vastaus'"),
    ([FIXTURE, "--section", "voting"], "keruuvaiheisiin"),
    ([FIXTURE, "--sheet", "Taul1"], "CSV-tiedosto, jossa ei ole välilehtiä"),
])
def test_refusals_are_one_line_in_the_users_language(run, sprint, tmp_path, args, message):
    result = run("evidence", "import", sprint, *args, ok=False)
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert json.loads(run("note", "list", sprint, "--json").stdout) == []


def test_bad_rows_name_their_numbers(run, sprint, tmp_path):
    path = tmp_path / "huono.csv"
    text = FIXTURE.read_bytes().decode("cp1252").replace("1.2.2026;", "31.2.2026;", 1)
    path.write_bytes(text.encode("cp1252"))
    result = run("evidence", "import", sprint, path, ok=False)
    assert "1 riviä ei voi lukea, mitään ei tuotu (rivi 2)" in result.output
    assert "'31.2.2026' is not a date" in result.output
