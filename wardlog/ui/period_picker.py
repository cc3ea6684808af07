"""Choosing a report period: its kind (month, quarter, six months, year, all), and back/forward."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from wardlog.core.i18n import N_, _, format_date
from wardlog.core.periods import Convention, Period, PeriodKind, containing

KINDS: tuple[tuple[PeriodKind | None, str], ...] = (
    (PeriodKind.HALF, N_("Six months")),
    (PeriodKind.YEAR, N_("Year")),
    (PeriodKind.QUARTER, N_("Quarter")),
    (PeriodKind.MONTH, N_("Month")),
    (None, N_("All dates")),
)


class PeriodPicker(QWidget):
    """A period kind, the period itself with ◀ ▶ to step, and its dates in words."""

    period_changed = Signal(object)  # Period | None (all dates)

    def __init__(
        self,
        convention: Convention | str = Convention.CUTOFF,
        parent: QWidget | None = None,
        *,
        all_dates: bool = True,
    ) -> None:
        super().__init__(parent)
        self._convention = Convention(convention)
        self._period: Period | None = containing(date.today(), PeriodKind.HALF, self._convention)
        self._kinds = KINDS if all_dates else tuple(entry for entry in KINDS if entry[0] is not None)

        self._kind = QComboBox()
        self._kind.setAccessibleName(_("Kind of period"))
        for _kind, label in self._kinds:
            self._kind.addItem(_(label))
        self.setFocusProxy(self._kind)  # a label's mnemonic for the picker lands on the kind
        self._back = QToolButton(text="◀")
        self._back.setToolTip(_("Previous period"))
        self._forward = QToolButton(text="▶")
        self._forward.setToolTip(_("Next period"))
        self._label = QLabel()
        sample = "6 tháng cuối năm 2026 (15/06/2026 – 14/12/2026)"  # the longest label, in either language
        self._label.setMinimumWidth(self._label.fontMetrics().horizontalAdvance(sample) + 16)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._kind)
        layout.addWidget(self._back)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._forward)

        self._kind.currentIndexChanged.connect(self._kind_chosen)
        self._back.clicked.connect(lambda: self._step(-1))
        self._forward.clicked.connect(lambda: self._step(1))
        self._show()

    @property
    def period(self) -> Period | None:
        return self._period

    def set_convention(self, convention: Convention | str) -> None:
        self._convention = Convention(convention)
        self._kind_chosen(self._kind.currentIndex())

    def set_period(self, period: Period | None) -> None:
        self._period = period
        kinds = [kind for kind, _label in self._kinds]
        kind = period.kind if period is not None else None
        if kind in kinds:
            self._kind.blockSignals(True)
            self._kind.setCurrentIndex(kinds.index(kind))
            self._kind.blockSignals(False)
        self._show()
        self.period_changed.emit(self._period)

    def _kind_chosen(self, index: int) -> None:
        kind = self._kinds[index][0]
        if kind is None:
            self.set_period(None)
            return
        anchor = self._period.end if self._period is not None else date.today()
        anchor = min(anchor, date.today())
        self.set_period(containing(anchor, kind, self._convention))

    def _step(self, direction: int) -> None:
        if self._period is None:
            return
        self.set_period(self._period.next() if direction > 0 else self._period.previous())

    def _show(self) -> None:
        period = self._period
        self._back.setEnabled(period is not None)
        self._forward.setEnabled(period is not None)
        if period is None:
            self._label.setText(_("all activities"))
            return
        self._label.setText(f"{period.label} ({format_date(period.start)} – {format_date(period.end)})")
