"""Export a workshop to a file, and import a JSON archive."""

from __future__ import annotations

from pathlib import Path

import click

from sprintkit import analysis
from sprintkit.cli.env import Env, Refused, pass_env
from sprintkit.cli.words import not_ready, say
from sprintkit.paths import default_export_dir, read_user_text


@click.command("export")
@click.argument("workshop")
@click.option("--format", "fmt", default="pdf", show_default=True,
              help="pdf, html, md, csv or json.")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File or folder to write (default: NAME-DATE.EXT in the folder last "
              "chosen for this workshop in the terminal UI, else in Documents/sprintkit); "
              "a path ending in / is a folder.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--strict", is_flag=True, help="Refuse to export while roadmap initiatives lack "
              "an owner or a metric.")
@click.option("--pdf-variant", default=None, help="e.g. pdf/a-3u or pdf/ua-1.")
@click.option("--full", is_flag=True, help="PDF and HTML: every initiative's full write-up "
              "and every note in an appendix, not the short leadership report.")
@click.option("--report", type=click.Choice(["roadmap", "progress"]), default="roadmap",
              show_default=True, help="progress: the short update for leadership after "
              "check-ins (pdf, html or md).")
@pass_env
def export_cmd(env: Env, workshop: str, fmt: str, output: str | None, paper: str,
               strict: bool, pdf_variant: str | None, full: bool, report: str) -> None:
    """Export a workshop; prints the path written."""
    # Loaded here, not at start-up: the exporters are heavy, and the PDF one
    # brings in WeasyPrint when it runs.
    from sprintkit.export import FORMATS, ExportOptions, available_formats, export_to_file

    plain = fmt
    if report == "progress":
        from sprintkit.export.progress_report import REPORT_FORMATS

        if fmt not in REPORT_FORMATS:
            raise Refused(say("error.report_format", fmt=fmt,
                              formats=", ".join(REPORT_FORMATS)))
        if full:
            # The progress report is short by design: there is no long form to ask for.
            raise Refused(say("error.progress_full"))
        fmt = REPORT_FORMATS[fmt]
    if fmt not in available_formats():
        raise Refused(say("error.format", fmt=fmt, formats=", ".join(available_formats())))
    wid = env.service.workshop(workshop).id
    snap = env.service.snapshot(wid)
    if strict:
        issues = analysis.readiness(snap.initiatives)
        if issues:
            first = issues[0]
            raise Refused(say("export.not_ready", n=len(issues),
                              example=not_ready(first.title, first.missing)))
    if output is None:
        chosen = env.service.export_folder(wid)
        target = Path(chosen).expanduser() if chosen else default_export_dir()
        target.mkdir(parents=True, exist_ok=True)
    else:
        target = Path(output)
        if output.endswith(("/", "\\")):
            target.mkdir(parents=True, exist_ok=True)
    if output is not None and target.suffix and not output.endswith(("/", "\\")):
        expected = FORMATS.get(plain, FORMATS[fmt])[0]
        if target.suffix.lower() != expected:
            click.echo(say("export.suffix", fmt=fmt, name=target.name, expected=expected),
                       err=True)
    path = export_to_file(snap, fmt, target, ExportOptions(paper=paper, strict=strict,
                                                           pdf_variant=pdf_variant, full=full))
    click.echo(str(path))


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_env
def import_cmd(env: Env, file: Path) -> None:
    """Import a JSON archive as a new workshop; prints its id."""
    # Loaded here, not at start-up: archives are checked with pydantic.
    from sprintkit.archive import import_text

    click.echo(import_text(env.service, read_user_text(file), str(file)))
