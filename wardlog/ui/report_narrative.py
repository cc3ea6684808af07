"""The narrative parts of a report (direction, strengths, shortcomings, causes, next steps,
proposals): a list of the parts and one editor per part.

A part nobody has written yet holds the draft that :mod:`wardlog.report.draft` makes from the
period's figures, and says so; such a part is not saved as the officer's text, so the report
keeps following the figures until someone edits it. “Draft from the figures” puts the draft back
(undoable in the editor with Ctrl+Z).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.errors import Issue
from wardlog.core.i18n import _
from wardlog.core.reports import MAX_NARRATIVE, Part

ERROR_COLOR = "#a50e0e"
DRAFT_COLOR = "#7a5200"
# Where each part sits in the report's outline (I, II results, III assessment, IV, V)
OUTLINE = {
    Part.DIRECTION: "I.",
    Part.STRENGTHS: "III.1.",
    Part.SHORTCOMINGS: "III.2.",
    Part.CAUSES: "III.3.",
    Part.NEXT_STEPS: "IV.",
    Part.PROPOSALS: "V.",
}


class PartEditor(QWidget):
    """One part: its title, whether it is still the draft, the draft button, the text, a message."""

    changed = Signal()

    def __init__(self, part: Part, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.part = part
        self.draft = ""
        title = QLabel(f"{OUTLINE[part]} {part.title}")
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        self.mark = QLabel(_("Draft from the figures, not edited yet"))
        self.mark.setStyleSheet(f"color: {DRAFT_COLOR}; font-style: italic;")
        self.draft_button = QPushButton(_("Draft from the &figures"))
        self.draft_button.setToolTip(
            _("Replace this text with a draft written from the period's figures (Ctrl+Z takes it back)")
        )
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName(part.title)
        self.editor.setPlaceholderText(_("Empty: the report uses the draft from the figures."))
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.mark.setWordWrap(True)
        under = QHBoxLayout()
        under.addWidget(self.mark, 1)
        under.addWidget(self.count_label)
        under.addWidget(self.draft_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error)
        layout.addLayout(under)

        self.draft_button.clicked.connect(self.put_draft)
        self.editor.textChanged.connect(self._edited)

    @property
    def text(self) -> str:
        return self.editor.toPlainText()

    @property
    def is_draft(self) -> bool:
        """The text is the figures' draft, untouched (an empty part also prints the draft)."""
        text = self.text.strip()
        return not text or text == self.draft.strip()

    def load(self, text: str, draft: str) -> None:
        """Show ``text`` (the draft when empty) as the start of the editor's history."""
        self.draft = draft
        self.editor.setPlainText(text or draft)
        self._edited()

    def set_draft(self, draft: str) -> None:
        """New figures: an untouched draft follows them; the officer's own text stays."""
        follow = self.is_draft and self.text.strip() != ""
        self.draft = draft
        if follow and self.text != draft:
            self.editor.setPlainText(draft)
        self._edited()

    def put_draft(self) -> None:
        """Replace the text with the draft as one edit that Ctrl+Z takes back."""
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(self.draft)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def show_issue(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.editor.setAccessibleDescription(message)

    def _edited(self) -> None:
        self.mark.setVisible(self.is_draft)
        length = len(self.text)
        self.count_label.setText(
            _("{n} of {limit} characters").format(n=length, limit=MAX_NARRATIVE)
            if length > MAX_NARRATIVE * 0.9
            else ""
        )
        self.changed.emit()


class NarrativeEditor(QWidget):
    """Every narrative part: a list to pick one (marked while still a draft) and its editor."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts = {part: PartEditor(part) for part in Part}
        self.list = QListWidget()
        self.list.setAccessibleName(_("Parts of the report"))
        self.stack = QStackedWidget()
        for part, editor in self.parts.items():
            self.list.addItem(QListWidgetItem())
            self.stack.addWidget(editor)
            editor.changed.connect(lambda part=part: self._part_changed(part))
        rows = self.list.sizeHintForRow(0) * len(self.parts) + 2 * self.list.frameWidth() + 4
        self.list.setFixedHeight(rows)
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.setCurrentRow(0)

        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.list, self.parts[Part.DIRECTION].draft_button)
        for part in Part:
            self._show_mark(part)

    # --- values --------------------------------------------------------------------------------

    def load(self, texts: dict[str, str], drafts: dict[Part, str]) -> None:
        """The saved ``texts`` (by Part value), the draft where a part has none."""
        for part, editor in self.parts.items():
            editor.load(texts.get(part.value, ""), drafts[part])

    def set_drafts(self, drafts: dict[Part, str]) -> None:
        for part, editor in self.parts.items():
            editor.set_draft(drafts[part])

    def texts(self) -> dict[str, str]:
        """The officer's text of each part; parts still the draft are left out (they follow the figures)."""
        return {part.value: editor.text for part, editor in self.parts.items() if not editor.is_draft}

    def set_texts(self, texts: dict[str, str]) -> None:
        """Show the cleaned ``texts`` after a save where they differ from what is typed."""
        for part, editor in self.parts.items():
            text = texts.get(part.value)
            if text is not None and text != editor.text:
                editor.editor.setPlainText(text)

    def show_part(self, part: Part) -> None:
        self.list.setCurrentRow(list(Part).index(part))

    def show_issues(self, issues: list[Issue]) -> list[Issue]:
        """Each issue under its part (the first such part is shown); returns the others."""
        values = {part.value: part for part in Part}
        shown: dict[Part, list[str]] = {}
        rest = []
        for issue in issues:
            part = values.get(issue.field)
            if part is None:
                rest.append(issue)
            else:
                shown.setdefault(part, []).append(issue.message)
        for part, editor in self.parts.items():
            editor.show_issue("\n".join(shown.get(part, [])))
            self._show_mark(part)
        if shown:
            first = next(part for part in Part if part in shown)
            self.show_part(first)
            self.parts[first].editor.setFocus()
        return rest

    # --- inside --------------------------------------------------------------------------------

    def _part_changed(self, part: Part) -> None:
        self._show_mark(part)
        self.changed.emit()

    def _show_mark(self, part: Part) -> None:
        editor = self.parts[part]
        item = self.list.item(list(Part).index(part))
        text = f"{OUTLINE[part]} {part.title}"
        if editor.error.text():
            text += " — " + _("to correct")
        elif editor.is_draft:
            text += " — " + _("draft")
        item.setText(text)
        font = QFont(self.list.font())
        font.setItalic(editor.is_draft)
        item.setFont(font)


__all__ = ["OUTLINE", "NarrativeEditor", "PartEditor"]
