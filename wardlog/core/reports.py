"""What a person sets and writes for one period's report, kept in the book per period.

The figures of a report are computed from the activities every time; what is stored here is only
what the program cannot know: the document's number and date, who signs, where it goes, and the
narrative parts (assessment, shortcomings, causes, next steps, proposals). Anything left empty
falls back to the book's settings when the report is built, so a ward that never opens the report
window still gets a complete document.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from wardlog.core.activities import now_stamp
from wardlog.core.errors import Issue, ValidationError
from wardlog.core.i18n import N_, _
from wardlog.core.text import clean

if TYPE_CHECKING:
    from wardlog.core.book import Book
    from wardlog.core.periods import Period
    from wardlog.core.settings import BookSettings

MAX_NARRATIVE = 20_000  # characters per part: several pages, far beyond any real report's section
MAX_LINE = 300


class Part(StrEnum):
    """The narrative parts of a result report, in the order of the usual outline."""

    DIRECTION = "direction"  # I. Công tác chỉ đạo, triển khai
    STRENGTHS = "strengths"  # III.1 Ưu điểm
    SHORTCOMINGS = "shortcomings"  # III.2 Tồn tại, hạn chế
    CAUSES = "causes"  # III.3 Nguyên nhân
    NEXT_STEPS = "next_steps"  # IV. Phương hướng, nhiệm vụ kỳ tới
    PROPOSALS = "proposals"  # V. Đề xuất, kiến nghị

    @property
    def title(self) -> str:
        """The part's name as the report window shows it."""
        return _(_PART_TITLES[self])


_PART_TITLES = {
    Part.DIRECTION: N_("Direction and organisation"),
    Part.STRENGTHS: N_("Strengths"),
    Part.SHORTCOMINGS: N_("Shortcomings and limitations"),
    Part.CAUSES: N_("Causes"),
    Part.NEXT_STEPS: N_("Tasks for the next period"),
    Part.PROPOSALS: N_("Proposals and recommendations"),
}


@dataclass
class ReportDetails:
    """The parts of one report that a person decides. Empty text means "use the default"."""

    number: str = ""  # "05" in “Số: 05/BC-UBND”; empty leaves the space to be written by hand
    issued_on: date | None = None  # the date line; None means the day the report is made
    recipient: str = ""  # “Kính gửi”, one recipient per line; empty: the book's recipient
    sign_on_behalf: str = ""  # "TM. Ủy ban nhân dân"
    sign_authority: str = ""  # "KT. Chủ tịch"; may be empty when the chairman signs
    signer_title: str = ""  # "Phó Chủ tịch"
    signer_name: str = ""
    copies_to: str = ""  # “Nơi nhận”, one per line, without the leading "- "
    narrative: dict[str, str] = field(default_factory=dict)  # Part value → text; blank lines part paragraphs

    def text_of(self, part: Part) -> str:
        return self.narrative.get(part.value, "")

    def with_text(self, part: Part, text: str) -> ReportDetails:
        return replace(self, narrative={**self.narrative, part.value: text})

    def resolved(self, settings: BookSettings, today: date) -> ReportDetails:
        """These details with every empty choice filled from the book's settings and ``today``.

        The signature lines are taken from the book together, so a report that leaves them all
        empty signs as the settings say; once any is set here, the report's own lines stand.
        """
        signature_set = any((self.sign_on_behalf, self.sign_authority, self.signer_title, self.signer_name))
        return replace(
            self,
            issued_on=self.issued_on or today,
            recipient=self.recipient or settings.recipient,
            sign_on_behalf=self.sign_on_behalf if signature_set else settings.sign_on_behalf,
            sign_authority=self.sign_authority if signature_set else settings.sign_authority,
            signer_title=self.signer_title if signature_set else settings.signer_title,
            signer_name=self.signer_name if signature_set else settings.signer_name,
            copies_to=self.copies_to or default_copies_to(settings),
        )

    # --- storage -------------------------------------------------------------------------------

    def to_json(self) -> str:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ReportDetails:
        """Details read back from the book; unknown keys (from a newer program) are ignored."""
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        issued = values.get("issued_on")
        values["issued_on"] = date.fromisoformat(issued) if isinstance(issued, str) and issued else None
        narrative = values.get("narrative")
        values["narrative"] = (
            {str(k): str(v) for k, v in narrative.items()} if isinstance(narrative, dict) else {}
        )
        for name in known - {"issued_on", "narrative"}:
            if name in values and not isinstance(values[name], str):
                values[name] = str(values[name])
        return cls(**values)


def default_copies_to(settings: BookSettings) -> str:
    """The usual “Nơi nhận” of a ward's report: the addressee, the ward's leaders, the archive."""
    return "\n".join((_("As above;"), _("Party Committee, People's Council of the ward;"), _("Archive: VT.")))


def validate(details: ReportDetails) -> ReportDetails:
    """The details cleaned (NFC, no control characters, trimmed), or ValidationError naming each field."""
    issues: list[Issue] = []

    def too_long(name: str, label: str, limit: int) -> None:
        message = _("{field}: too long, at most {limit} characters.").format(field=label, limit=limit)
        issues.append(Issue(name, message))

    single_lines = {
        "number": _("Document number"),
        "sign_on_behalf": _("On behalf of"),
        "sign_authority": _("Signing authority"),
        "signer_title": _("Signer's title"),
        "signer_name": _("Signer's name"),
    }
    values: dict[str, object] = {}
    for name, label in single_lines.items():
        text = clean(getattr(details, name), multiline=False)
        if len(text) > MAX_LINE:
            too_long(name, label, MAX_LINE)
        values[name] = text
    number = values["number"]
    assert isinstance(number, str)
    # ASCII digits only: str.isdigit() also takes “²”, which int() refuses
    if number and not (re.fullmatch(r"[0-9]{1,5}", number) and int(number) > 0):
        issues.append(Issue("number", _("The document number must be a whole number, such as 05.")))
    for name, label in (("recipient", _("Recipients")), ("copies_to", _("Copies to"))):
        text = "\n".join(line for line in clean(getattr(details, name), multiline=True).splitlines() if line)
        if len(text) > MAX_NARRATIVE:
            too_long(name, label, MAX_NARRATIVE)
        values[name] = text
    narrative = {}
    for part in Part:
        text = clean(details.text_of(part), multiline=True)
        if len(text) > MAX_NARRATIVE:
            too_long(part.value, part.title, MAX_NARRATIVE)
        if text:
            narrative[part.value] = text
    if details.issued_on is not None and not 2000 <= details.issued_on.year <= 2100:
        issues.append(Issue("issued_on", _("The date of the report must fall between 2000 and 2100.")))
    if issues:
        raise ValidationError(issues)
    return replace(details, narrative=narrative, **values)  # type: ignore[arg-type]


class Reports:
    """The stored details of each period's report (``book.reports``)."""

    def __init__(self, book: Book) -> None:
        self._book = book

    def get(self, period: Period) -> ReportDetails:
        """The details saved for ``period``, or empty details when none were saved."""
        row = self._book.conn.execute(
            "SELECT details FROM reports WHERE period = ? AND convention = ?",
            (period.code, period.convention.value),
        ).fetchone()
        return ReportDetails.from_json(row[0]) if row else ReportDetails()

    def save(self, period: Period, details: ReportDetails) -> ReportDetails:
        """Validate and keep ``details`` for ``period`` (one transaction); returns what was saved."""
        details = validate(details)
        with self._book.atomic() as conn:
            conn.execute(
                "INSERT INTO reports(period, convention, details, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(period, convention) DO UPDATE"
                " SET details = excluded.details, updated_at = excluded.updated_at",
                (period.code, period.convention.value, details.to_json(), now_stamp()),
            )
        return details

    def saved_periods(self) -> list[tuple[str, str]]:
        """(period code, convention) of every report with saved details, newest first."""
        return [
            (row[0], row[1])
            for row in self._book.conn.execute(
                "SELECT period, convention FROM reports ORDER BY updated_at DESC"
            )
        ]
