"""Export benchmark: prints figures and ratios, asserts nothing.

    python bench/export.py              # every case
    python bench/export.py --only large # or: --only typical, --only large-full
    python bench/export.py --repeat 3   # best of three

Each case runs in a child process, so its peak RSS is its own. In each, our
PDF export is timed beside WeasyPrint alone rendering the very same report
HTML with the same stylesheets and the same tagging, in the same run (target:
at most 1.0x, since our export only adds shortcuts around WeasyPrint):

* typical: 30 initiatives and 300 notes, the default (leadership) report.
  Also its time (target: at most 3 s) and the child's peak RSS (target: at
  most 400 MB).
* large: the ``demo --large`` workshop, the default report (at most 40 pages).
* large-full: the same workshop with ``--full`` (every write-up and note).
* large-checkins: the large workshop after a check-in that gave each of its
  36 roadmap items a status and next step, so the default report has its
  progress page (compare its pages with ``large``: the page should add one
  or two).

Page counts are printed for each.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _quiet() -> None:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def typical_workshop(service, initiatives: int = 30, notes: int = 300) -> int:
    """A workshop of typical size: 12 people, 300 notes, 30 initiatives, votes, scores."""
    from sprintkit.playbooks import find_playbook

    rng = random.Random(30300)
    book = find_playbook("service-sprint", "en")
    ws = service.create_workshop("Typical service sprint", book, organisation="Example Oy",
                                 facilitator="Pat Facilitator")
    roles = ["Customer service", "Sales", "IT", "Logistics", "Management", "Marketing"]
    people = [service.add_participant(ws.id, f"Person {i + 1}", roles[i % len(roles)])
              for i in range(12)]
    sentence = ("customers wait too long for an answer when the delivery is late and nobody "
                "owns the follow up so staff re-type the order into two systems while "
                "partners learn about price changes from customers")
    words = sentence.split()
    capture = [s.id for s in book.capture_sections()]
    tags = list(book.tag_titles())
    note_ids = []
    for index in range(notes):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 40)))
        note = service.add_note(ws.id, capture[index % len(capture)], text.capitalize(),
                                participant=rng.choice(people).id if index % 8 else None,
                                lenses=rng.sample(tags, k=index % 3))
        note_ids.append(note.id)
    phases = [p.id for p in book.phases]
    items = []
    for index in range(initiatives):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(3, 9))).capitalize()
        item = service.create_initiative(ws.id, title, note_ids=note_ids[index::initiatives],
                                         description=f"{title}. " * 3)
        service.set_roadmap(ws.id, item.id, phase=phases[index % len(phases)],
                            owner=f"Owner {index}" if index % 5 else "",
                            metric="Share of orders answered within a day",
                            target="90 %", contributors=[people[index % 12].name])
        items.append(item)
    service.open_round(ws.id, dots=5, max_per_item=3)
    for person in people:
        for item in rng.sample(items, k=5):
            service.vote(ws.id, person.id, item.id)
    service.close_round(ws.id)
    service.reveal_round(ws.id)
    for item in items[:20]:
        for person in people[:4]:
            service.score(ws.id, person.id, item.id, impact=rng.randint(1, 5),
                          effort=rng.randint(1, 5))
    return ws.id


def _snapshot(case: str):
    from sprintkit.service import WorkshopService
    from sprintkit.store import Store

    service = WorkshopService(Store(None))
    if case in ("large", "large-checkins"):
        from sprintkit.demo import build_demo

        wid = build_demo(service, language="en", large=True)
        if case == "large-checkins":
            statuses = ("on-track", "at-risk", "done", "blocked")
            placed = [i for i in service.initiatives(wid) if i.phase]
            for n, item in enumerate(placed):
                service.set_status(wid, item.id, statuses[n % 4],
                                   note="Waiting for the budget" if n % 5 == 0 else "",
                                   next_step="Report back next month")
    else:
        wid = typical_workshop(service)
    return service.snapshot(wid)


CASES = ("typical", "large", "large-full", "large-checkins")


def child(case: str, repeat: int) -> dict:
    """Runs inside the child process; returns the figures as a dict."""
    _quiet()
    import io

    from pypdf import PdfReader
    from weasyprint import CSS, HTML

    from sprintkit.export import ExportOptions, render
    from sprintkit.export.html import ASSETS_URL, _asset, _sheets, print_css, render_report_html
    from sprintkit.export.report import build_report

    full = case.endswith("-full")
    started = time.perf_counter()
    snap = _snapshot(case.removesuffix("-full"))
    built = time.perf_counter() - started
    out: dict = {"case": case, "notes": len(snap.notes), "initiatives": len(snap.initiatives),
                 "build_s": built}
    options = ExportOptions(full=full)
    first = time.perf_counter()
    pdf = render(snap, "pdf", options)
    out["pdf_cold_s"] = time.perf_counter() - first  # includes importing WeasyPrint, fonts
    out["pdf_bytes"] = len(pdf)
    out["pages"] = len(PdfReader(io.BytesIO(pdf)).pages)
    # The same HTML and stylesheets our export renders, through stock WeasyPrint.
    report = build_report(snap, full=full)
    html = render_report_html(report, "print")
    sheets = [*map(_asset, _sheets(report)), print_css(report, "a4")]
    ours, alone, cpu, alone_cpu = [], [], [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        render(snap, "pdf", options)
        ours.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        stock = HTML(string=html, base_url=ASSETS_URL).write_pdf(
            stylesheets=[CSS(string=sheet, base_url=ASSETS_URL) for sheet in sheets],
            pdf_tags=True)
        alone.append(time.perf_counter() - t)
        alone_cpu.append(time.process_time() - c)
    out["alone_cpu_s"] = min(alone_cpu)
    out["alone_pages"] = len(PdfReader(io.BytesIO(stock)).pages)
    out["weasyprint_alone_s"] = min(alone)
    out["pdf_s"] = min(ours)
    out["pdf_cpu_s"] = min(cpu)
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def run_child(case: str, repeat: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", case, "--repeat", str(repeat)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=CASES)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, max(1, args.repeat))))
        return
    cases = [args.only] if args.only else list(CASES)
    for case in cases:
        r = run_child(case, max(1, args.repeat))
        print(f"{case}: {r['initiatives']} initiatives, {r['notes']} notes "
              f"(built in {r['build_s']:.1f} s)")
        print(f"  PDF export           {r['pdf_s']:7.2f} s   {r['pages']:4d} pages "
              f"({r['pdf_bytes'] / 1e6:.1f} MB; first render incl. imports "
              f"{r['pdf_cold_s']:.2f} s)")
        print(f"  WeasyPrint alone     {r['weasyprint_alone_s']:7.2f} s   "
              f"{r['alone_pages']:4d} pages (the same HTML, same run)")
        ratio = r["pdf_s"] / r["weasyprint_alone_s"]
        print(f"  ratio                {ratio:7.2f} x   (target <= 1.00)")
        # CPU time of this process: steadier than the wall clock on a busy machine.
        print(f"  CPU: export / alone  {r['pdf_cpu_s']:7.2f} s / {r['alone_cpu_s']:.2f} s   "
              f"({r['pdf_cpu_s'] / r['alone_cpu_s']:.2f} x)")
        if case == "typical":
            print(f"  target               {3.0:7.2f} s   -> {r['pdf_cpu_s'] / 3.0:.2f} of budget "
                  f"(CPU)")
        print(f"  peak RSS (child)     {r['peak_rss_mb']:7.0f} MB  (target <= 400 MB)")


if __name__ == "__main__":
    main()
