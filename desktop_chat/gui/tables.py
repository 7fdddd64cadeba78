"""Small helpers for the QTableWidgets of the pages."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item at (row, column) of a table whose cells are all filled in."""
    item = table.item(row, column)
    if item is None:
        raise LookupError(f"{table.accessibleName()}: no item at row {row}, column {column}")
    return item
