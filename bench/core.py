"""Core benchmark: the large demo workshop through the service layer vs raw sqlite3,
and a roadmap followed for two years (150 items, 24 monthly check-ins).

Run: python bench/core.py
Prints each figure beside raw sqlite3 doing the same work in the same run,
and the target from the project's performance goals.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sprintkit.demo import build_demo
from sprintkit.service import WorkshopService, now
from sprintkit.store import Store

TABLES = ["workshops", "participants", "initiatives", "notes", "rounds", "votes", "scores"]


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Best wall time of ``repeat`` runs, in seconds, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def raw_connection(path: Path, schema_from: sqlite3.Connection) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    # The same sync as the store, so the baseline commits cost what ours do;
    # durable_commits() shows what FULL costs over NORMAL.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    for (sql,) in schema_from.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "AND tbl_name != '_sqlite_migrations'"):
        conn.execute(sql)
    return conn


def line(label: str, ours: float, raw: float, target: str) -> None:
    ratio = ours / raw if raw else float("inf")
    print(f"{label:<34} {ours * 1000:>9.1f} ms   raw sqlite3 {raw * 1000:>8.1f} ms   "
          f"x{ratio:>5.1f}   target {target}")


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="sprintkit-bench-"))
    service = WorkshopService(Store(folder / "ours.db"))
    conn = service.store.conn

    build_s, workshop_id = timed(lambda: build_demo(service, large=True))
    rows = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
    raw = raw_connection(folder / "raw.db", conn)

    def raw_build() -> None:
        raw.execute("BEGIN")
        for table in TABLES:
            if rows[table]:
                marks = ", ".join("?" * len(rows[table][0]))
                raw.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
        raw.execute("COMMIT")

    raw_build_s, _ = timed(raw_build)
    snap = service.snapshot(workshop_id)
    print(f"large workshop: {len(snap.participants)} participants, {len(snap.notes)} notes, "
          f"{len(snap.initiatives)} initiatives, {sum(v.dots for v in snap.votes)} dots\n")
    line("build demo --large", build_s, raw_build_s, "(none)")

    snapshot_s, _ = timed(lambda: service.snapshot(workshop_id), repeat=5)

    def raw_snapshot() -> None:
        for table in TABLES:
            raw.execute(f"SELECT * FROM {table}").fetchall()

    raw_snapshot_s, _ = timed(raw_snapshot, repeat=5)
    line("load full snapshot", snapshot_s, raw_snapshot_s, "<= 150 ms")

    tally_s, ranked = timed(lambda: service.tally(workshop_id), repeat=5)
    raw_tally_s, _ = timed(lambda: raw.execute(
        "SELECT i.id, coalesce(sum(v.dots), 0) AS d FROM initiatives i LEFT JOIN votes v "
        "ON v.initiative_id = i.id GROUP BY i.id ORDER BY d DESC, i.id").fetchall(), repeat=5)
    line("tally (ranked, by role)", tally_s, raw_tally_s, "<= 50 ms")
    assert sum(r.dots for r in ranked) == 5000

    texts = [f"Benchmark note {i}: the queue at the ticket machine is too long" for i in
             range(2000)]
    section = snap.playbook.capture_sections()[0].id
    per_insert: list[float] = []

    def ours_inserts() -> None:
        for text in texts:
            start = time.perf_counter()
            service.add_note(workshop_id, section, text)
            per_insert.append(time.perf_counter() - start)

    def raw_inserts() -> None:
        for text in texts:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO notes (workshop_id, section_id, text, created_at) "
                        "VALUES (?, ?, ?, ?)", [workshop_id, section, text, now()])
            raw.execute("COMMIT")

    inserts_s, _ = timed(ours_inserts)
    raw_inserts_s, _ = timed(raw_inserts)
    line("2,000 single-note transactions", inserts_s, raw_inserts_s, "<= 2000 ms")
    p95 = statistics.quantiles(per_insert, n=20)[-1]
    print(f"{'  per note (median / p95)':<34} {statistics.median(per_insert) * 1000:>9.2f} ms "
          f"/ {p95 * 1000:.2f} ms (each includes its undo record)")
    durable_commits(folder, texts)
    service.store.close()
    raw.close()
    evidence_import(folder)
    follow_up(folder)
    return 0


def follow_up_workshop(service: WorkshopService, items: int = 150,
                       months: int = 24) -> tuple[int, date]:
    """A workshop with ``items`` roadmap items and ``months`` monthly check-ins,
    each giving every item a status and a reading (150 x 24 = 3,600 of each);
    returns its id and the day after the last check-in."""
    from sprintkit.calendar import add_months
    from sprintkit.models import STATUSES
    from sprintkit.playbooks import find_playbook
    from sprintkit.service import BulkRows

    book = find_playbook("service-sprint", "en")
    start = date(2024, 1, 31)
    ws = service.create_workshop("Follow-up bench", book, held_on=start)
    phases = [p.id for p in book.phases]
    rows = BulkRows()
    for n in range(items):
        rows.initiatives.append({
            "id": n, "title": f"Roadmap item {n}", "description": "", "phase": phases[n % 3],
            "position": n // 3, "owner": f"Owner {n % 12}", "metric": "Share of customers",
            "target": "75", "contributors": "[]", "created_at": now(), "baseline": 50.0,
            "target_value": 75.0, "unit": "%", "lower_is_better": 0, "carried_from": ""})
    for month in range(1, months + 1):
        day = add_months(start, month).isoformat()
        for n in range(items):
            rows.status_updates.append({
                "initiative_id": n, "status": STATUSES[(n + month) % 5], "comment": "",
                "next_step": f"Step {month}" if n % 4 == 0 else "", "next_due": None,
                "on_date": day, "by_name": f"Owner {n % 12}", "participant_id": None,
                "source": "local", "created_at": now()})
            rows.readings.append({
                "initiative_id": n, "value": 50.0 + month + (n % 7), "text": "",
                "on_date": day, "note": "", "by_name": "", "participant_id": None,
                "source": "local", "created_at": now()})
    service.bulk_import(rows, workshop=ws.id, action="bench", summary="bench")
    return ws.id, add_months(start, months + 1)


def follow_up(folder: Path) -> None:
    """The follow-up view's data and figures for a large roadmap, beside raw
    sqlite3 reading the same rows from the same file."""
    from sprintkit import progress

    print()
    service = WorkshopService(Store(folder / "follow-up.db"))
    workshop_id, today = follow_up_workshop(service)
    raw = sqlite3.connect(folder / "follow-up.db")
    view_s, view = timed(lambda: service.follow_up(workshop_id), repeat=10)
    readings = sum(len(i.readings) for i in view.items)
    print(f"follow-up: {len(view.items)} roadmap items, {len(view.check_ins)} check-ins, "
          f"{readings:,} readings, {sum(len(i.statuses) for i in view.items):,} statuses")

    def raw_view() -> None:
        raw.execute("BEGIN")
        for sql in ("SELECT * FROM workshops WHERE id = ?",
                    "SELECT * FROM initiatives WHERE workshop_id = ? AND phase IS NOT NULL",
                    "SELECT id, name FROM participants WHERE workshop_id = ?",
                    "SELECT * FROM status_updates WHERE workshop_id = ? ORDER BY on_date, id",
                    "SELECT * FROM readings WHERE workshop_id = ? ORDER BY on_date, id"):
            raw.execute(sql, [workshop_id]).fetchall()
        raw.execute("COMMIT")

    raw_view_s, _ = timed(raw_view, repeat=10)
    line("load the follow-up view's data", view_s, raw_view_s, "<= 50 ms")
    figures_s, figures = timed(lambda: progress.figures(view, today), repeat=10)
    assert len(figures.progress) == 150

    def raw_figures() -> None:
        # What the figures start from, as SQL can give it: each item's latest
        # reading and status.
        for table, column in (("readings", "value"), ("status_updates", "status")):
            raw.execute(
                f"SELECT initiative_id, {column} FROM (SELECT initiative_id, {column}, "
                "row_number() OVER (PARTITION BY initiative_id ORDER BY on_date DESC, id DESC) "
                f"AS n FROM {table} WHERE workshop_id = ?) WHERE n = 1",
                [workshop_id]).fetchall()

    raw_figures_s, _ = timed(raw_figures, repeat=10)
    line("progress figures", figures_s, raw_figures_s, "<= 20 ms")
    raw.close()
    service.store.close()


def durable_commits(folder: Path, texts: list[str]) -> None:
    """What syncing every commit (synchronous = FULL) costs, beside NORMAL.

    Both stores start empty and take the same 2,000 single-note commits
    through the service, so the only difference is the sync at each commit."""
    print()
    costs: dict[str, float] = {}
    for mode in ("NORMAL", "FULL"):
        store = Store(folder / f"sync-{mode.lower()}.db")
        store.conn.execute(f"PRAGMA synchronous = {mode}")
        service = WorkshopService(store)
        workshop_id = build_demo(service)
        section = service.playbook(workshop_id).capture_sections()[0].id

        def commits(service: WorkshopService = service, workshop_id: int = workshop_id,
                    section: str = section) -> None:
            for text in texts:
                service.add_note(workshop_id, section, text)

        costs[mode], _ = timed(commits)
        store.close()
    full, normal = costs["FULL"], costs["NORMAL"]
    print(f"{'2,000 commits, synchronous FULL':<34} {full * 1000:>9.1f} ms   "
          f"NORMAL {normal * 1000:>8.1f} ms   x{full / normal:>5.1f}   target <= 2000 ms")
    print(f"{'  per commit (FULL / NORMAL)':<34} {full / len(texts) * 1000:>9.3f} ms "
          f"/ {normal / len(texts) * 1000:.3f} ms")


# ------------------------------------------------------------ customer evidence

_SUBJECTS = ["Jonotus", "Lippuautomaatti", "Sovellus", "Asiakaspalvelu", "Juna", "Bussi",
             "Verkkokauppa", "Laskutus", "Chat", "Puhelinpalvelu", "Kuulutus", "Aikataulu",
             "Palautus", "Toimitus", "Kirjautuminen", "Maksaminen", "Opastus", "Odotustila",
             "Henkilökunta", "Lipun hinta"]
_PROBLEMS = ["kesti liian kauan", "ei toiminut", "oli sekava", "kaatui maksaessa",
             "oli myöhässä", "oli tyly", "oli hidas", "ei vastannut", "oli epäselvä",
             "veloitti kahdesti", "oli rikki", "oli hyvä ja nopea", "oli ystävällinen",
             "puuttui kokonaan", "oli liian kallis"]
_FILLERS = ["aivan", "ihan", "taas", "todella", "jälleen", "edelleen"]
_PLACES = ["asemalla", "eilen", "Tampereella", "aamulla", "viikonloppuna", "Helsingissä",
           "illalla", "toimipisteessä"]
_WORDS = ["vaunu", "laituri", "kortti", "kuitti", "ovi", "näyttö", "viesti", "lomake",
          "jono", "numero", "hissi", "portaat", "kahvio", "penkki", "reitti", "vaihto",
          "paikka", "matka", "tila", "ikkuna", "lasku", "tunnus", "hinta", "alennus"]


def evidence_comments(n: int, seed: int = 7) -> list[str]:
    """``n`` comments as a feedback export holds them: a few hundred complaints
    repeated in slightly different words, among comments said once."""
    rnd = random.Random(seed)
    bases = [f"{s} {p}" for s in _SUBJECTS for p in _PROBLEMS]
    weights = [1 / (rank + 1) for rank in range(len(bases))]
    out = []
    for _ in range(n):
        words = rnd.choices(bases, weights)[0].split()
        if rnd.random() < 0.3:
            words.insert(rnd.randrange(1, len(words)), rnd.choice(_FILLERS))
        if rnd.random() < 0.3:
            words.append(rnd.choice(_PLACES))
        if rnd.random() < 0.4:
            words += rnd.sample(_WORDS, rnd.randint(2, 4)) + [str(rnd.randint(1, 999))]
        text = " ".join(words)
        if rnd.random() < 0.3:
            text = text.lower()
        out.append(text + rnd.choice(["", ".", "!", "!!", "?"]))
    return out


def evidence_import(folder: Path) -> None:
    """Importing 20,000 comments with folding, beside the same import without
    folding (reading, masking, writing, undo record) in the same run."""
    import csv

    from sprintkit.playbooks import find_playbook
    from sprintkit.service.evidence import EvidenceOptions

    print()
    path = folder / "palaute.csv"
    with path.open("w", encoding="cp1252", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Pvm", "Palaute", "Arvosana"])
        for i, text in enumerate(evidence_comments(20_000)):
            writer.writerow([f"{i % 28 + 1}.2.2026", text, str(i % 5 + 1)])
    service = WorkshopService(Store(folder / "evidence.db"))
    book = find_playbook("service-sprint", "fi")
    results = {}
    for fold in (False, True):
        wid = service.create_workshop(f"Evidence {fold}", book).id
        results[fold] = timed(lambda wid=wid, fold=fold: service.import_evidence(
            wid, path, EvidenceOptions(fold=fold)))
    (folded_s, folded), (plain_s, plain) = results[True], results[False]
    print(f"{'20,000 comments, folded':<34} {folded_s * 1000:>9.1f} ms   "
          f"unfolded {plain_s * 1000:>8.1f} ms   x{folded_s / plain_s:>5.1f}   target <= 10000 ms")
    print(f"{'  notes made (folded / unfolded)':<34} {len(folded.note_ids):>9,}    "
          f"/ {len(plain.note_ids):,}")
    service.store.close()


if __name__ == "__main__":
    sys.exit(main())
