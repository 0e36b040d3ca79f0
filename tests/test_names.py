"""Names and other text from people, as the service stores them."""

from __future__ import annotations

import json

import pytest

from sprintkit.archive import dumps, import_text
from sprintkit.errors import InvalidInput
from sprintkit.names import confusable, normalise, skeleton

HIJACK = "\x1b[2J\x1b[31mTERMINAL HIJACK\x1b]0;pwned\x07"
CONTROL = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]


def rows(service, sql, params=()):
    return service.store.query(sql, params)


def has_control(text: str, *, multiline: bool = False) -> bool:
    allowed = "\n\t" if multiline else ""
    return any(ch in text for ch in CONTROL if ch not in allowed) or (
        not multiline and ("\n" in text or "\t" in text))


@pytest.mark.parametrize("raw, stored", [
    ("Ben\u200b", "Ben"),
    ("\u2066Ben\u2069 \u202eSmith", "Ben Smith"),
    ("Be\u00adn\ufeff\u2060", "Ben"),
    ("Ben\n\tSmith\r\n", "Ben Smith"),
    ("Ben   Smith", "Ben Smith"),
    ("Jose\u0301", "José"),  # NFC
    ("\u200dBen\u200c", "Ben"),  # joiners at the edges join nothing
    ("👩\u200d💻 Ada", "👩\u200d💻 Ada"),  # an emoji sequence keeps its joiner
    ("می\u200cخواهم", "می\u200cخواهم"),  # Persian needs ZWNJ inside the word
])
def test_names_are_normalised(raw, stored):
    assert normalise(raw) == stored


def test_skeletons():
    assert skeleton("\u0412\u0435n") == skeleton("Ben")  # Cyrillic В and е
    assert confusable("\U0001d401\U0001d41e\U0001d427", "Ben")  # mathematical bold
    assert confusable("BEN", "ben") and confusable("rn", "m")
    assert not confusable("Päivi", "Paivi") and not confusable("Ann", "Anna")


def test_every_text_is_stored_without_control_characters(service, workshop):
    wid = workshop.id
    service.rename_workshop(wid, "Sprint " + HIJACK)
    service.update_workshop(wid, organisation="Org\x9b2J\nLtd", facilitator="Fay\x07\u200b")
    person = service.add_participant(wid, "Dee " + HIJACK, "Ops\r\n" + HIJACK)
    service.update_participant(wid, person.id, role="IT\x1b]52;c;eA==\x07 [contractor]")
    note = service.add_note(wid, "business-needs", "line one\r\nline\ttwo " + HIJACK,
                            participant=person.id)
    item = service.create_initiative(wid, "Title " + HIJACK, note_ids=[note.id],
                                     description="first\r\nsecond\x1b[0m")
    service.set_roadmap(wid, item.id, phase="now", owner="Ow\x1bner\nX", metric="M\x85\x07",
                        target="T\x1b[1m", contributors=["Con\x1btrib"])
    ws = rows(service, "SELECT name, organisation, facilitator FROM workshops")[0]
    assert ws == {"name": "Sprint [2J[31mTERMINAL HIJACK]0;pwned",
                  "organisation": "Org2J Ltd", "facilitator": "Fay"}
    assert rows(service, "SELECT name, role FROM participants WHERE id = ?", [person.id]) == [
        {"name": "Dee [2J[31mTERMINAL HIJACK]0;pwned", "role": "IT]52;c;eA== [contractor]"}]
    assert rows(service, "SELECT text FROM notes WHERE id = ?", [note.id]) == [
        {"text": "line one\nline\ttwo [2J[31mTERMINAL HIJACK]0;pwned"}]
    got = rows(service, "SELECT title, description, owner, metric, target, contributors "
                        "FROM initiatives WHERE id = ?", [item.id])[0]
    assert got == {"title": "Title [2J[31mTERMINAL HIJACK]0;pwned",
                   "description": "first\nsecond[0m", "owner": "Owner X", "metric": "M",
                   "target": "T[1m", "contributors": json.dumps(["Contrib"])}
    for table in ("workshops", "participants", "notes", "initiatives", "events"):
        for row in rows(service, f"SELECT * FROM {table}"):
            for value in row.values():
                if isinstance(value, str):
                    assert not has_control(value, multiline=True), (table, value)


def test_a_role_is_kept_like_a_name(service, workshop):
    person = service.add_participant(workshop.id, "Dee", "IT \u202eevil\u200b  unit")
    assert person.role == "IT evil unit"


def test_an_invisible_contributor_is_left_out(service, workshop):
    item = service.create_initiative(workshop.id, "Item")
    item = service.set_roadmap(workshop.id, item.id, contributors=["\u200b", "Bo\u200b", " "])
    assert item.contributors == ["Bo"]


def test_an_all_invisible_name_is_refused(service, workshop):
    with pytest.raises(InvalidInput) as caught:
        service.add_participant(workshop.id, "\u200b\u200b\ufeff \u2060")
    assert caught.value.key == "empty"
    assert len(service.participants(workshop.id)) == 3


@pytest.mark.parametrize("name, key", [
    ("Ann\u200b", "participant_taken"),
    ("ANN", "participant_taken"),
    ("\u0410nn", "participant_lookalike"),  # Cyrillic А
    ("\U0001d400nn", "participant_lookalike"),
])
def test_a_name_like_an_existing_one_is_refused(service, workshop, name, key):
    with pytest.raises(InvalidInput) as caught:
        service.add_participant(workshop.id, name, "Sales")
    assert caught.value.key == key
    if key == "participant_lookalike":
        assert caught.value.params == {"name": name, "other": "Ann"}
        assert f"'{name}' looks like 'Ann'" in str(caught.value)
    assert [p.name for p in service.participants(workshop.id)] == ["Ann", "Bo", "Cy"]


def test_renaming_into_a_lookalike_is_refused_but_keeping_ones_name_is_not(service, workshop):
    bo = service.participant(workshop.id, "Bo")
    with pytest.raises(InvalidInput) as caught:
        service.update_participant(workshop.id, bo.id, name="\u0410nn")
    assert caught.value.key == "participant_lookalike"
    assert service.update_participant(workshop.id, bo.id, name="BO").name == "BO"


def test_lookup_by_name_ignores_invisible_characters(service, workshop):
    assert service.participant(workshop.id, "Ann\u200b").name == "Ann"


# ------------------------------------------------------------------------ CSV


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16", b"")])
def test_csv_in_the_encodings_spreadsheets_write(service, workshop, tmp_path, encoding,
                                                 prefix):
    path = tmp_path / "people.csv"
    path.write_bytes(prefix + "nimi;rooli\nPäivi Mäkinen;Asiakaspalvelu\nÅsa Öhman;"
                              "Myynti – kenttä\n".encode(encoding))
    added = service.import_participants_csv(workshop.id, path).added
    assert [(p.name, p.role) for p in added] == [("Päivi Mäkinen", "Asiakaspalvelu"),
                                                 ("Åsa Öhman", "Myynti – kenttä")]


def test_csv_that_is_no_known_encoding_is_refused(service, workshop, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"Ann\x81\x8d,Sales\n")
    with pytest.raises(InvalidInput, match="people.csv: not UTF-8 or Windows-1252"):
        service.import_participants_csv(workshop.id, path)


def test_csv_skips_people_already_there_and_counts_them(service, workshop, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,role\nann,Sales\nDee,Ops\nBo\u200b,IT\nEd\x1b[2J,Ops\n",
                    encoding="utf-8")
    result = service.import_participants_csv(workshop.id, path)
    assert [(p.name, p.role) for p in result.added] == [("Dee", "Ops"), ("Ed[2J", "Ops")]
    assert [(r.number, r.name) for r in result.skipped] == [(2, "ann"), (4, "Bo")]
    assert [p.name for p in service.participants(workshop.id)] == [
        "Ann", "Bo", "Cy", "Dee", "Ed[2J"]
    again = service.import_participants_csv(workshop.id, path)
    assert again.added == [] and len(again.skipped) == 4


def test_csv_with_a_lookalike_fails_whole_with_its_lines(service, workshop, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Dee,Ops\n\u0410nn,Sales\nEd,IT\n\u0415d,IT\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        service.import_participants_csv(workshop.id, path)
    message = str(caught.value)
    assert "line 2 '\u0410nn' looks like 'Ann', who is already in this workshop" in message
    assert "line 4 '\u0415d' looks like 'Ed' on line 3" in message
    assert caught.value.key == "csv_lookalike"
    assert caught.value.params["lines"] == "2, 4" and caught.value.params["n"] == 2
    assert [p.name for p in service.participants(workshop.id)] == ["Ann", "Bo", "Cy"]


def test_csv_with_an_empty_name_after_normalising_names_its_line(service, workshop, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Dee,Ops\n\u200b\u200b,Sales\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="people.csv:2: name: cannot be empty"):
        service.import_participants_csv(workshop.id, path)


# -------------------------------------------------------------------- archive


def test_archive_import_cleans_texts(service, workshop):
    service.add_note(workshop.id, "business-needs", "A note")
    data = json.loads(dumps(service.snapshot(workshop.id)))
    data["workshop"]["name"] = "Old\x1b]0;x\x07 one"
    data["participants"][0]["name"] = "Ann\u200b\x1b[2J"
    data["participants"][0]["role"] = "Sales\nteam"
    data["notes"][0]["text"] = "keep\nlines\x9b2J"
    wid = import_text(service, json.dumps(data))
    assert service.workshop(wid).name == "Old]0;x one"
    people = rows(service, "SELECT name, role FROM participants WHERE workshop_id = ? "
                           "ORDER BY id", [wid])
    assert people[0] == {"name": "Ann[2J", "role": "Sales team"}
    assert rows(service, "SELECT text FROM notes WHERE workshop_id = ? ORDER BY id LIMIT 1",
                [wid]) == [{"text": "keep\nlines2J"}]


def test_archive_with_an_invisible_workshop_name_is_refused(service, workshop):
    data = json.loads(dumps(service.snapshot(workshop.id)))
    data["workshop"]["name"] = "\u200b\u2066"
    with pytest.raises(InvalidInput, match="workshop.name: empty once invisible"):
        import_text(service, json.dumps(data))


def test_archive_with_lookalike_names_is_refused(service, workshop):
    data = json.loads(dumps(service.snapshot(workshop.id)))
    data["participants"][1]["name"] = "\u0410nn"
    before = rows(service, "SELECT count(*) AS n FROM workshops")
    with pytest.raises(InvalidInput, match="'\u0410nn' looks like 'Ann'"):
        import_text(service, json.dumps(data))
    assert rows(service, "SELECT count(*) AS n FROM workshops") == before
