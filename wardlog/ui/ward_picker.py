"""Choosing the ward from the official list: a province, then its wards filtered as you type.

Shared by the first-run wizard and the Settings dialog. Typing ignores diacritics and đ/d (“ha dong”
finds “Phường Hà Đông”); a 5-digit code typed in full or in part finds the ward by its code. With
"All provinces" the search covers the whole country, so a user who does not look for the province
first still finds the ward.

Keyboard: Down moves from the search box into the list, Up at the top of the list goes back, Enter
picks the highlighted ward. Enter on the ward already chosen is left to the dialog (its default
button), so Enter, Enter picks and goes on. A mouse click or double-click also picks.
"""

from __future__ import annotations

from functools import cache, cmp_to_key

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.i18n import _
from wardlog.core.units import Province, Ward, load_units
from wardlog.ui.collation import vietnamese_collator

ALL_PROVINCES = ""  # the province combo's data for "search the whole country"
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@cache
def provinces_in_order() -> tuple[Province, ...]:
    """The provinces sorted by their short name in Vietnamese order (An Giang, Bắc Ninh, Cà Mau…)."""
    collator = vietnamese_collator()
    by_name = cmp_to_key(lambda a, b: collator.compare(a.short_name, b.short_name))
    return tuple(sorted(load_units().provinces, key=by_name))


@cache
def wards_in_order(province_code: str) -> tuple[Ward, ...]:
    """One province's wards sorted by short name in Vietnamese order, for browsing without a search."""
    collator = vietnamese_collator()
    by_name = cmp_to_key(lambda a, b: collator.compare(a.short_name, b.short_name) or (a.code > b.code))
    return tuple(sorted(load_units().wards_of(province_code), key=by_name))


def matching_wards(text: str, province_code: str) -> list[Ward]:
    """The wards the list shows for ``text`` typed in ``province_code`` (``ALL_PROVINCES``: everywhere)."""
    units = load_units()
    text = text.strip()
    if text.isdigit():
        pool = units.wards if province_code == ALL_PROVINCES else units.wards_of(province_code)
        return [ward for ward in pool if ward.code.startswith(text)]
    if not text:
        return [] if province_code == ALL_PROVINCES else list(wards_in_order(province_code))
    return units.search(text, province_code or None)


class WardPicker(QWidget):
    """Province, search box, list of wards and the ward chosen; emits :attr:`ward_chosen`."""

    ward_chosen = Signal(object)  # Ward

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ward: Ward | None = None

        self.province_box = QComboBox()
        self.province_box.addItem("", ALL_PROVINCES)
        for province in provinces_in_order():
            self.province_box.addItem(province.name, province.code)
        self.province_box.setMaxVisibleItems(18)
        self.search_box = QLineEdit()
        self.search_box.setClearButtonEnabled(True)
        self.ward_list = QListWidget()
        self.ward_list.setUniformItemSizes(True)
        self.ward_list.setMinimumHeight(150)
        self.chosen_label = QLabel()
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()

        self._province_caption = QLabel()
        self._province_caption.setBuddy(self.province_box)
        self._search_caption = QLabel()
        self._search_caption.setBuddy(self.search_box)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._province_caption, self.province_box)
        form.addRow(self._search_caption, self.search_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.ward_list, 1)
        layout.addWidget(self.chosen_label)
        layout.addWidget(self.error_label)
        self.setTabOrder(self.province_box, self.search_box)
        self.setTabOrder(self.search_box, self.ward_list)
        self.setFocusProxy(self.search_box)

        self.province_box.currentIndexChanged.connect(self._refill)
        self.search_box.textChanged.connect(self._refill)
        self.ward_list.itemClicked.connect(self._item_picked)
        self.ward_list.itemActivated.connect(self._item_picked)
        self.search_box.installEventFilter(self)
        self.ward_list.installEventFilter(self)
        self.retranslate()
        self._refill()

    # --- what is chosen ---------------------------------------------------------------------------

    @property
    def ward(self) -> Ward | None:
        """The ward chosen, or ``None`` while none is."""
        return self._ward

    def set_ward(self, ward: Ward | None) -> None:
        """Show ``ward`` as chosen (and its province), without emitting :attr:`ward_chosen`."""
        self._ward = ward
        if ward is not None:
            self.province_box.setCurrentIndex(max(0, self.province_box.findData(ward.province_code)))
        self._show_chosen()
        self._highlight_chosen()

    def pick(self, ward: Ward) -> None:
        """Choose ``ward`` as the user does; emits :attr:`ward_chosen`."""
        self.set_ward(ward)
        self.show_error("")
        self.ward_chosen.emit(ward)

    def show_error(self, message: str) -> None:
        """Show the core's message about the ward (empty: hide it)."""
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.search_box.setAccessibleDescription(message)

    # --- texts ---------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.province_box.setItemText(0, _("All provinces"))
        self._province_caption.setText(_("Province or &city:"))
        self._search_caption.setText(_("&Search for the ward:"))
        self.search_box.setPlaceholderText(_("Type part of the name, e.g. ha dong"))
        self.province_box.setAccessibleName(_("Province or city"))
        self.search_box.setAccessibleName(_("Search for the ward"))
        self.ward_list.setAccessibleName(_("Wards"))
        self._show_chosen()
        self._refill()

    def _show_chosen(self) -> None:
        ward = self._ward
        if ward is None:
            self.chosen_label.setText(_("No ward chosen yet: pick one in the list (Enter or a click)."))
            return
        self.chosen_label.setText(
            _("Chosen: {ward} (code {code}), {province}").format(
                ward=ward.name, code=ward.code, province=ward.province_name
            )
        )

    # --- the list ----------------------------------------------------------------------------------

    def _refill(self) -> None:
        """Fill the list with the wards matching the search box in the chosen province."""
        province_code = self.province_box.currentData() or ALL_PROVINCES
        wards = matching_wards(self.search_box.text(), province_code)
        show_province = province_code == ALL_PROVINCES
        self.ward_list.clear()
        for ward in wards:
            text = f"{ward.name} — {ward.province_name}" if show_province else ward.name
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, ward.code)  # a code: Python objects in QVariant crash
            item.setToolTip(_("Code {code}").format(code=ward.code))
            self.ward_list.addItem(item)
        if wards:
            self.ward_list.setCurrentRow(0)  # Enter picks the best match
        if not self.search_box.text().strip():
            self._highlight_chosen()  # browsing: show where the chosen ward is

    def _highlight_chosen(self) -> None:
        """Make the chosen ward the list's current row when the list shows it."""
        if self._ward is None:
            return
        for row in range(self.ward_list.count()):
            if self.ward_list.item(row).data(Qt.ItemDataRole.UserRole) == self._ward.code:
                self.ward_list.setCurrentRow(row)
                return

    def _current_ward(self) -> Ward | None:
        item = self.ward_list.currentItem()
        return self._ward_of(item) if item is not None else None

    @staticmethod
    def _ward_of(item: QListWidgetItem) -> Ward:
        ward = load_units().ward(item.data(Qt.ItemDataRole.UserRole))
        assert ward is not None  # the list only holds wards of the official list
        return ward

    def _item_picked(self, item: QListWidgetItem) -> None:
        self.pick(self._ward_of(item))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search_box and key == Qt.Key.Key_Down and self.ward_list.count():
            self.ward_list.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.ward_list.currentRow() < 0:
                self.ward_list.setCurrentRow(0)
            return True
        if watched is self.ward_list and key == Qt.Key.Key_Up and self.ward_list.currentRow() <= 0:
            self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if key in _ENTER_KEYS and watched in (self.search_box, self.ward_list):
            ward = self._current_ward()
            if ward is None or (self._ward is not None and ward.code == self._ward.code):
                return False  # nothing new to pick: Enter goes to the dialog's default button
            self.pick(ward)
            return True
        return super().eventFilter(watched, event)
