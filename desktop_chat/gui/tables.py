"""Small helpers for the QTableWidgets of the pages."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem


def row_table(headers: Sequence[str], accessible_name: str, rows: int = 0) -> QTableWidget:
    """A read-only table whose rows are chosen one at a time, with these column headers and no row
    numbers; Tab leaves it (the arrow keys move inside it)."""
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)
    return table


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item at (row, column) of a table whose cells are all filled in."""
    item = table.item(row, column)
    if item is None:
        raise LookupError(f"{table.accessibleName()}: no item at row {row}, column {column}")
    return item
