"""Live training curves: train loss and eval loss on one plot, learning rate on another."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget


class TrainingChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Training curves")
        pg.setConfigOptions(antialias=True)
        self.loss_plot = pg.PlotWidget()
        self.loss_plot.setLabel("left", "loss")
        self.loss_plot.setLabel("bottom", "step")
        self.loss_plot.addLegend(offset=(-10, 10))
        self.lr_plot = pg.PlotWidget()
        self.lr_plot.setLabel("left", "lr")
        self.lr_plot.setLabel("bottom", "step")
        self.lr_plot.setMinimumHeight(100)
        self.lr_plot.setMaximumHeight(140)
        self.train = self.loss_plot.plot([], [], name="train loss", pen=pg.mkPen("#0969da", width=2))
        self.eval = self.loss_plot.plot([], [], name="eval loss", pen=pg.mkPen("#cf222e", width=2),
                                        symbol="o", symbolSize=6, symbolBrush="#cf222e")
        self.lr = self.lr_plot.plot([], [], pen=pg.mkPen("#8250df", width=2))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot, 3)
        layout.addWidget(self.lr_plot, 1)
        # Points arrive one by one (thousands at once when a long run is reopened); the curves are
        # redrawn at most ~30 times a second, not once per point.
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(33)
        self._redraw_timer.timeout.connect(self._redraw)
        self.clear()

    def clear(self) -> None:
        self.points = {"train": ([], []), "eval": ([], []), "lr": ([], [])}
        self._redraw()

    def add(self, series: str, step: float, value: float | None) -> None:
        if value is None:
            return
        xs, ys = self.points[series]
        xs.append(step)
        ys.append(value)
        if not self._redraw_timer.isActive():
            self._redraw_timer.start()

    def _redraw(self) -> None:
        for series, curve in (("train", self.train), ("eval", self.eval), ("lr", self.lr)):
            curve.setData(*self.points[series])

    def set_dark(self, dark: bool) -> None:
        background = "#0d1117" if dark else "w"
        foreground = "#e6edf3" if dark else "#1f2328"
        for plot in (self.loss_plot, self.lr_plot):
            plot.setBackground(background)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setTextPen(foreground)
                plot.getAxis(axis).setPen(foreground)
