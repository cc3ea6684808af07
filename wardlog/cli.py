"""The ``wardlog`` command: each command a few lines that call the core.

Exit status: 0 done; 1 the input was refused (the message on stderr says what and where, nothing
was changed); 2 the command line itself was wrong.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from wardlog import __version__
from wardlog.core import i18n
from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _

if TYPE_CHECKING:
    from wardlog.core.book import Book
    from wardlog.core.model import Activity
    from wardlog.core.periods import Period

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wardlog",
        description=_("WardLog — the ward's log of communication on administrative reform (CCHC)."),
    )
    parser.add_argument("--version", action="version", version=f"WardLog {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help=_("the ward's book (default: $WARDLOG_DB or the user's data folder)")
    )
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=_("language of messages (vi or en)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    init = commands.add_parser("init", help=_("set the ward's identity on a book"))
    init.add_argument(
        "--ward-code", required=True, metavar="CODE", help=_("the ward's 5-digit official code")
    )
    init.add_argument(
        "--unit-name", required=True, metavar="NAME", help=_("the unit as printed on documents")
    )
    init.add_argument(
        "--place", metavar="NAME", help=_("place name of the date line (default: from the unit name)")
    )
    init.add_argument("--province", metavar="NAME", help=_("the province or city"))
    init.add_argument("--convention", choices=("cutoff", "calendar"), help=_("how report periods are cut"))
    init.add_argument("--language", choices=sorted(i18n.LANGUAGES), help=_("the book's language"))
    init.set_defaults(run=cmd_init)

    imp = commands.add_parser("import", help=_("add activities from a .csv or .xlsx file; all rows or none"))
    imp.add_argument("file", metavar="FILE")
    imp.set_defaults(run=cmd_import)

    lst = commands.add_parser("list", help=_("print the activities of a period"))
    _period_options(lst)
    lst.add_argument("--format", choices=("table", "csv", "json"), default="table", help=_("output format"))
    lst.add_argument(
        "--out", metavar="FILE", help=_("write to a .csv, .json or .xlsx file instead of printing")
    )
    lst.set_defaults(run=cmd_list)

    search = commands.add_parser(
        "search", help=_("activities whose text matches, ignoring case, diacritics and đ/d")
    )
    search.add_argument("text", metavar="TEXT", nargs="+")
    _period_options(search)
    search.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help=_("output format")
    )
    search.set_defaults(run=cmd_search)

    report = commands.add_parser(
        "report", help=_("write the periodic report of a period as .pdf or .docx (by the file's suffix)")
    )
    _period_options(report)
    report.add_argument("--out", required=True, metavar="FILE", help=_("the report file: .pdf or .docx"))
    report.add_argument(
        "--number",
        metavar="N",
        help=_("document number for this file (default: the one saved for the period)"),
    )
    report.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help=_("date of the document (default: the saved one, else today)"),
    )
    report.add_argument(
        "--consolidated",
        action="store_true",
        help=_("the upper level's report over every ward merged into this book"),
    )
    report.set_defaults(run=cmd_report)

    check = commands.add_parser(
        "check", help=_("verify the book; exit 1 with the findings if anything is wrong")
    )
    check.add_argument(
        "--repair",
        action="store_true",
        help=_("also make the safe repairs (a backup is taken first) and say what was repaired"),
    )
    check.set_defaults(run=cmd_check)

    backup = commands.add_parser(
        "backup", help=_("a consistent copy of the book, taken while it may be open")
    )
    backup.add_argument(
        "--out", metavar="FILE", help=_("where to write it (default: the book's backup folder)")
    )
    backup.set_defaults(run=cmd_backup)

    restore = commands.add_parser(
        "restore", help=_("replace the book with a backup (the current state is kept as a backup first)")
    )
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(run=cmd_restore)

    exp = commands.add_parser("export", help=_("write the exchange file for the upper level"))
    exp.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help=_("the file to write, or a folder (the file then gets a name that says what it holds)"),
    )
    _period_options(exp)
    exp.add_argument(
        "--no-attachments", action="store_true", help=_("leave the attached files out (a smaller file)")
    )
    exp.add_argument(
        "--final", action="store_true", help=_("the ward's final data for the period (later edits warn)")
    )
    exp.set_defaults(run=cmd_export)

    merge = commands.add_parser(
        "merge", help=_("(upper level) take ward exchange files into this book; safe to repeat")
    )
    merge.add_argument("files", metavar="FILE", nargs="+")
    merge.set_defaults(run=cmd_merge)

    comp = commands.add_parser(
        "completeness", help=_("(upper level) which wards delivered which periods, on time or late")
    )
    comp.add_argument(
        "--kind", choices=("half", "year", "quarter", "month"), default="half", help=_("kind of period")
    )
    comp.add_argument(
        "--count", type=_count, default=2, metavar="N", help=_("how many periods, up to the current one")
    )
    comp.add_argument("--out", metavar="FILE", help=_("write the table to a .pdf file to print"))
    comp.set_defaults(run=cmd_completeness)

    shot = commands.add_parser(
        "screenshot", help=_("render each main screen of the app, with this book's data, to PNG")
    )
    shot.add_argument("--out", required=True, metavar="DIR", help=_("folder for the PNG files"))
    shot.set_defaults(run=cmd_screenshot)

    demo = commands.add_parser("demo", help=_("fill the book with realistic synthetic activities"))
    demo.add_argument("--activities", type=_count, required=True, metavar="N")
    demo.add_argument("--wards", type=_count, default=1, metavar="K", help=_("number of wards (upper level)"))
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument(
        "--until", type=_iso_date, metavar="YYYY-MM-DD", help=_("last day of the data (default: today)")
    )
    demo.set_defaults(run=cmd_demo)
    _plan_commands(commands)
    return parser


def _plan_commands(commands: argparse._SubParsersAction) -> None:
    plan = commands.add_parser("plan", help=_("the annual plan: import its targets, show plan versus done"))
    plan_commands = plan.add_subparsers(
        dest="plan_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    imp = plan_commands.add_parser(
        "import", help=_("make the targets of a .csv or .xlsx file the plan of a year; all rows or none")
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--year", type=_year, required=True, metavar="Y", help=_("the plan's year"))
    imp.add_argument("--number", metavar="N", help=_("the plan's document number, e.g. 45/KH-UBND"))
    imp.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help=_("the date the plan was issued"))
    imp.add_argument("--title", metavar="TEXT", help=_("the plan's title"))
    imp.set_defaults(run=cmd_plan_import)
    show = plan_commands.add_parser("show", help=_("print a year's plan with what was done of it"))
    show.add_argument("--year", type=_year, required=True, metavar="Y", help=_("the plan's year"))
    _period_options(show)
    show.set_defaults(run=cmd_plan_show)


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--period", metavar="P", help=_("2026-H1, 2026-H2, 2026, 2026-Q1…Q4, 2026-03 or a date range")
    )
    parser.add_argument(
        "--convention", choices=("cutoff", "calendar"), help=_("period convention for this command only")
    )


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a year: {value}").format(value=text)) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {value}").format(value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1: {value}").format(value=text))
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): {value}").format(value=text)) from None


# --- entry point --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _configure_streams()
    i18n.set_language(_early_language(argv))
    argv, opened = _opened_files(argv)
    plain, db = _plain_start(argv)
    if plain:  # the desktop's start: the parser of every command is not even built
        return _run_app(Path(db) if db else None, opened)
    args = build_parser().parse_args(argv)
    book_path = Path(args.db) if args.db else None
    if args.command is None:  # the app starts its log once its window is drawn
        return _run_app(book_path, opened)
    from wardlog.core.logs import log, start_logging

    log_file = start_logging()
    log.info("wardlog %s %s", __version__, args.command)
    try:
        return args.run(args, book_path)
    except WardLogError as error:
        log.info("refused: %s", error.message)
        print(error.message, file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:  # before OSError, of which it is one
        _quiet_stdout()  # the reader went away (e.g. `| head`); not an error of ours
        return EXIT_OK
    except (OSError, sqlite3.Error) as error:
        message = _storage_message(error, book_path)
        if message is not None:
            log.info("refused: %s (%s)", message, error)
            print(message, file=sys.stderr)
            return EXIT_REFUSED
        log.exception("failed")
        print(_("WardLog could not finish: {reason}").format(reason=error), file=sys.stderr)
        if log_file:
            print(_("Details are in {path}.").format(path=log_file), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print(_("Interrupted; nothing was changed by the unfinished step."), file=sys.stderr)
        return 130


def _quiet_stdout() -> None:
    """Point stdout at nothing, so Python's flush at exit does not raise BrokenPipeError again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _storage_message(error: OSError | sqlite3.Error, book_path: Path | None) -> str | None:
    """A full, read-only, removed or locked disk in plain words (the book's, or another file's)."""
    from wardlog.core import failures
    from wardlog.core.paths import default_book_path

    book = book_path or default_book_path()
    filename = getattr(error, "filename", None)
    if isinstance(error, OSError) and filename and Path(filename) != book:
        if failures.kind_of(error, Path(filename)) is None:
            return None
        return _("Cannot read or write {path}: {reason}.").format(
            path=filename, reason=failures.cause(error, Path(filename))
        )
    explained = failures.explain(error, book)
    return explained.message if explained is not None else None


def _configure_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _plain_start(argv: list[str]) -> tuple[bool, str | None]:
    """Whether the arguments only choose the book and the language (``--db``, ``--lang``), as when
    the desktop starts the app; and the book given. Anything else goes through the parser."""
    db: str | None = None
    i = 0
    while i < len(argv):
        name, has_value, value = argv[i].partition("=")
        if name not in ("--db", "--lang"):
            return False, None
        if not has_value:
            if i + 1 >= len(argv):
                return False, None
            value = argv[i + 1]
            i += 1
        i += 1
        if name == "--lang" and value not in i18n.LANGUAGES:
            return False, None  # the parser says what is wrong with it
        if name == "--db":
            db = value
    return True, db


def _early_language(argv: list[str]) -> str | None:
    """``--lang`` (or ``WARDLOG_LANG``) before the parser is built, so that its help is translated."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("WARDLOG_LANG")


def _open(args: argparse.Namespace, book_path: Path | None, *, create: bool, writes: bool = False) -> Book:
    """The book. A command that ``writes`` claims it too: refused while another WardLog has it open."""
    from wardlog.core.book import Book
    from wardlog.core.paths import default_book_path

    book = Book.open(book_path or default_book_path(), create=create)
    if writes:
        try:
            book.claim(f"wardlog {args.command}")
        except BaseException:
            book.close()
            raise
    if not args.lang and not os.environ.get("WARDLOG_LANG"):
        i18n.set_language(book.settings.language)
    return book


def _opened_files(argv: list[str]) -> tuple[list[str], list[Path]]:
    """``wardlog [--db B] FILE.wlx …``: exchange files given instead of a command, as the desktop does
    for a double-clicked file, open the app, which offers to merge them. Returns the other arguments."""
    i = 0
    while i < len(argv):
        if argv[i] in ("--db", "--lang"):
            i += 2  # the option and its value
        elif argv[i].startswith(("--db=", "--lang=")):
            i += 1
        else:
            break
    files = argv[i:]  # no command ends with the exchange suffix
    if not files:  # the usual start: the format is not even imported
        return argv, []
    from wardlog.core.exchange_format import SUFFIX

    if all(arg.lower().endswith(SUFFIX) for arg in files):
        return argv[:i], [Path(arg) for arg in files]
    return argv, []


def _run_app(book_path: Path | None, open_files: Sequence[Path] = ()) -> int:
    try:
        from wardlog.ui.app import run
    except ImportError:
        print(_("The desktop app is not part of this installation."), file=sys.stderr)
        return EXIT_USAGE
    return run(book_path, open_files=open_files)


# --- commands -----------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.identity import set_identity

    with _open(args, book_path, create=True, writes=True) as book:
        settings, notes = set_identity(
            book,
            ward_code=args.ward_code,
            unit_name=args.unit_name,
            place=args.place,
            province=args.province,
            convention=args.convention,
            language=args.language,
        )
        for note in notes:
            print(note, file=sys.stderr)
        print(
            _("The book {path} is set up for {unit} (code {code}).").format(
                path=book.path, unit=settings.unit_name, code=settings.ward_code
            )
        )
    return EXIT_OK


def cmd_import(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.importing import import_file

    with _open(args, book_path, create=True, writes=True) as book:
        result = import_file(book, args.file)
    print(
        i18n.ngettext(
            "Added {n} activity from {name}.", "Added {n} activities from {name}.", result.added
        ).format(n=i18n.format_number(result.added), name=Path(args.file).name)
    )
    if result.ignored_columns:
        print(
            _("Columns not in the import format were ignored: {columns}").format(
                columns=", ".join(result.ignored_columns)
            ),
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_list(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.activities import ActivityQuery

    with _open(args, book_path, create=False) as book:
        period = _period(args, book)
        activities = book.activities.iterate(ActivityQuery(period=period))
        if args.out:
            from wardlog.core.listing import write_file

            count = write_file(Path(args.out), activities, book.catalog)
            print(
                i18n.ngettext(
                    "Wrote {n} activity to {path}.", "Wrote {n} activities to {path}.", count
                ).format(n=i18n.format_number(count), path=args.out)
            )
            return EXIT_OK
        _print_activities(book, activities, args.format)
    return EXIT_OK


def cmd_report(args: argparse.Namespace, book_path: Path | None) -> int:
    from dataclasses import replace

    from wardlog.core.reports import validate
    from wardlog.report.output import check_suffix, write_report

    out = Path(args.out)
    check_suffix(out)
    with _open(args, book_path, create=False) as book:
        period = _period(args, book)
        if period is None:
            raise WardLogError(_("Say which period to report on with --period, e.g. --period 2026-H1."))
        details = book.reports.get(period)
        if args.number is not None:
            details = replace(details, number=args.number)
        if args.date is not None:
            details = replace(details, issued_on=args.date)
        document = write_report(book, period, out, details=validate(details), consolidated=args.consolidated)
    print(
        i18n.ngettext(
            "Wrote the report of the {period} ({n} activity) to {path}.",
            "Wrote the report of the {period} ({n} activities) to {path}.",
            document.activity_count,
        ).format(period=period.label, n=i18n.format_number(document.activity_count), path=out)
    )
    return EXIT_OK


def cmd_search(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.activities import ActivityQuery, search_expression

    text = " ".join(args.text)
    if search_expression(text) is None:
        print(_("Nothing to search for: give a word."), file=sys.stderr)
        return EXIT_REFUSED
    with _open(args, book_path, create=False) as book:
        period = _period(args, book) if args.period else None
        _print_activities(book, book.activities.iterate(ActivityQuery(period=period, text=text)), args.format)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.checks import check_book

    with _open(args, book_path, create=False, writes=args.repair) as book:
        findings = check_book(book)
        if findings:
            print(_("Problems found in {path}:").format(path=book.path), file=sys.stderr)
            for finding in findings:
                print(f"- {finding}", file=sys.stderr)
            if not args.repair:
                return EXIT_REFUSED
            return _repair(book)
        total = book.activities.count()
        print(
            _("The book {path} is sound ({n} activities).").format(
                path=book.path, n=i18n.format_number(total)
            )
        )
    return EXIT_OK


def _repair(book: Book) -> int:
    from wardlog.core.repair import repair_book

    result = repair_book(book)
    if result.backup is not None:
        print(_("A copy of the book as it was is kept in {path}.").format(path=result.backup))
    if result.repaired:
        print(_("Repaired:"))
        for line in result.repaired:
            print(f"- {line}")
    if result.remaining:
        print(_("Still wrong:"), file=sys.stderr)
        for line in result.remaining:
            print(f"- {line}", file=sys.stderr)
        return EXIT_REFUSED
    print(_("The book is now sound ({n} activities).").format(n=i18n.format_number(book.activities.count())))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core import backups

    with _open(args, book_path, create=False) as book:
        path = backups.copy_book(book, Path(args.out)) if args.out else backups.take(book, "manual").path
    print(_("Backup written to {path}.").format(path=path))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core import backups

    with _open(args, book_path, create=False, writes=True) as book:
        before = backups.restore(book, Path(args.file))
        count = book.activities.count()
    print(
        _(
            "The book was restored from {source} ({n} activities). Its state before is kept in {before}."
        ).format(source=args.file, n=i18n.format_number(count), before=before.path)
    )
    return EXIT_OK


def cmd_screenshot(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.paths import default_book_path

    path = book_path or default_book_path()
    with _open(args, path, create=False):
        pass  # refuses a missing or foreign book with the usual message before Qt starts
    try:
        from wardlog.ui.screenshots import render_screens
    except ImportError:
        print(_("The desktop app is not part of this installation."), file=sys.stderr)
        return EXIT_REFUSED
    for written in render_screens(path, Path(args.out)):
        print(written)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.demo import generate

    with _open(args, book_path, create=True, writes=True) as book:
        result = generate(
            book,
            args.activities,
            wards=args.wards,
            seed=args.seed,
            until=args.until,
            progress=_progress_printer(),
        )
    print(
        _("Added {n} demo activities ({wards} wards, {first} – {last}) in {seconds} s.").format(
            n=i18n.format_number(result.activities),
            wards=result.wards,
            first=i18n.format_date(result.first),
            last=i18n.format_date(result.last),
            seconds=i18n.format_number(result.seconds, decimals=1),
        )
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.exchange import export

    with _open(args, book_path, create=False, writes=True) as book:
        period = _period(args, book)
        result = export(
            book,
            Path(args.out),
            period,
            attachments=not args.no_attachments,
            final=args.final,
            progress=_progress_printer(),
        )
    m = result.manifest
    print(
        _("Wrote {path}: {n} activities of {ward}, {period}{final}{correction}.").format(
            path=result.path,
            n=i18n.format_number(m.record_count),
            ward=m.ward_name,
            period=m.period,
            final=_(", final") if m.final else "",
            correction=_(", a correction") if m.correction else "",
        )
    )
    return EXIT_OK


def cmd_merge(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.merging import merge_files

    paths = [Path(name) for name in args.files]
    show = sys.stderr.isatty()
    current = [""]

    def on_file(index: int, path: Path) -> None:
        current[0] = f"[{index + 1}/{len(paths)}] {path.name[:60]}"

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\r{_percent(done, total)} {current[0]}\x1b[K", end="", file=sys.stderr, flush=True)

    with _open(args, book_path, create=True, writes=True) as book:
        results = merge_files(book, paths, progress=progress, on_file=on_file)
    if show:
        print(file=sys.stderr)
    for result in results:
        if result.refused is not None:
            print(
                _("{name} was not merged: {reason}").format(name=result.path.name, reason=result.refused),
                file=sys.stderr,
            )
            continue
        m = result.manifest
        assert m is not None
        print(
            _(
                "{name}: {ward}, {period}: {added} added, {updated} updated, {removed} removed, "
                "{unchanged} unchanged, {conflicts} conflicts."
            ).format(
                name=result.path.name,
                ward=m.ward_name,
                period=m.period,
                added=i18n.format_number(result.added),
                updated=i18n.format_number(result.updated),
                removed=i18n.format_number(result.removed),
                unchanged=i18n.format_number(result.unchanged),
                conflicts=i18n.format_number(len(result.conflicts)),
            )
        )
        for conflict in result.conflicts:
            print("  " + _("Conflict (changed here and by the ward): {title}").format(title=conflict.title))
    refused = sum(1 for result in results if result.refused is not None)
    if refused:
        print(
            i18n.ngettext(
                "{n} file was refused; nothing was taken from it.",
                "{n} files were refused; nothing was taken from them.",
                refused,
            ).format(n=refused),
            file=sys.stderr,
        )
        return EXIT_REFUSED
    return EXIT_OK


def cmd_completeness(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core import completeness
    from wardlog.core.periods import PeriodKind

    with _open(args, book_path, create=False) as book:
        periods = completeness.recent_periods(
            PeriodKind(args.kind), args.count, convention=book.settings.convention
        )
        table = completeness.compute(book, periods)
        unit_name = book.settings.unit_name
    if args.out:
        from wardlog.report.completeness import write

        print(_("Saved to {path}.").format(path=write(table, Path(args.out), unit_name=unit_name)))
        return EXIT_OK
    print("\t".join([_("Code"), _("Ward"), *(period.code for period in table.periods)]))
    for row in table.rows:
        cells = (completeness.cell_text(cell).replace("\n", ", ") for cell in row.cells)
        print("\t".join([row.code, row.name, *cells]))
    for index, period in enumerate(table.periods):
        print(
            _("{period}: {delivered} of {wards} wards delivered ({late} late), {missing} missing.").format(
                period=period.label,
                delivered=table.delivered(index),
                wards=len(table.rows),
                late=table.count(index, completeness.Status.LATE),
                missing=table.count(index, completeness.Status.MISSING),
            ),
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_plan_import(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.plan_import import import_plan

    with _open(args, book_path, create=True, writes=True) as book:
        result = import_plan(
            book, args.file, args.year, number=args.number, issued_on=args.date, title=args.title
        )
    print(
        i18n.ngettext(
            "The plan of {year} now has {n} target from {name}.",
            "The plan of {year} now has {n} targets from {name}.",
            len(result.plan.targets),
        ).format(year=args.year, n=len(result.plan.targets), name=Path(args.file).name)
    )
    if result.replaced:
        print(
            _("It replaced the {n} targets the plan had; a copy of the book was kept first.").format(
                n=result.replaced
            )
        )
    if result.ignored_columns:
        print(
            _("Columns not in the plan format were ignored: {columns}").format(
                columns=", ".join(result.ignored_columns)
            ),
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_plan_show(args: argparse.Namespace, book_path: Path | None) -> int:
    from wardlog.core.periods import Convention, PeriodKind, named
    from wardlog.core.plan_listing import write_progress

    with _open(args, book_path, create=False) as book:
        plan = book.plans.get(args.year)
        if plan is None:
            raise WardLogError(_("The book has no plan for {year}.").format(year=args.year))
        convention = Convention(args.convention or book.settings.convention)
        period = _period(args, book) or named(PeriodKind.YEAR, args.year, 0, convention)
        write_progress(sys.stdout, plan, book.plans.progress(period), period, book.catalog)
    return EXIT_OK


def _percent(done: int, total: int) -> str:
    return i18n.format_percent(done / total if total else 1.0, decimals=0).rjust(5)


# --- output -------------------------------------------------------------------------------------


def _period(args: argparse.Namespace, book: Book) -> Period | None:
    from wardlog.core.periods import parse

    if not args.period:
        return None
    return parse(args.period, args.convention or book.settings.convention)


def _print_activities(
    book: Book, activities: Iterable[Activity], fmt: str, out: TextIO | None = None
) -> None:
    from wardlog.core.listing import write_csv, write_json, write_table

    out = out or sys.stdout
    writer: Callable[..., int] = {"csv": write_csv, "json": write_json, "table": write_table}[fmt]
    writer(out, activities, book.catalog)


def _progress_printer() -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\r{done:,}/{total:,}".replace(",", "."), end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)

    return show


__all__ = ["build_parser", "csv", "json", "main"]
