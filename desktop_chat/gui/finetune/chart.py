"""Live training curves: train loss and eval loss on one plot, learning rate on another."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_chat.gui.palette import LIGHT, Palette


class TrainingChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Training curves"))
        pg.setConfigOptions(antialias=True)
        self.loss_plot = pg.PlotWidget()
        self.loss_plot.setLabel("left", self.tr("loss"))
        self.loss_plot.setLabel("bottom", self.tr("step"))
        self.loss_plot.addLegend(offset=(-10, 10))
        self.lr_plot = pg.PlotWidget()
        self.lr_plot.setLabel("left", self.tr("lr"))
        self.lr_plot.getAxis("left").setWidth(56)  # room for 0.0002-style ticks beside the label
        self.lr_plot.setLabel("bottom", self.tr("step"))
        self.lr_plot.setMinimumHeight(100)
        for plot, name in ((self.loss_plot, self.tr("Loss chart")), (self.lr_plot, self.tr("Learning-rate chart"))):
            plot.setAccessibleName(name)
            plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do there by keyboard: Tab passes by
        self.lr_plot.setMaximumHeight(140)
        self.train = self.loss_plot.plot([], [], name=self.tr("train loss"))
        self.eval = self.loss_plot.plot([], [], name=self.tr("eval loss"), symbol="o", symbolSize=6)
        self.lr = self.lr_plot.plot([], [])
        self.set_palette(LIGHT)
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
        self.points: dict[str, tuple[list[float], list[float]]] = {"train": ([], []), "eval": ([], []), "lr": ([], [])}
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
        for plot, series in ((self.loss_plot, "train"), (self.lr_plot, "lr")):
            axis = plot.getAxis("left")
            if self.points[series][0]:
                axis.setTicks(None)
                plot.enableAutoRange()
            else:  # an empty plot: a fixed frame with two ticks, not a pile of them on a zero range
                plot.setXRange(0, 10, padding=0)
                plot.setYRange(0, 1, padding=0)
                axis.setTicks([[(0.0, "0"), (1.0, "1")]])

    def set_palette(self, palette: Palette) -> None:
        """Draw in the theme's colours (the charts are not styled by Qt's palette)."""
        train, eval_, lr = palette.chart_lines
        self.train.setPen(pg.mkPen(train, width=2))
        self.eval.setPen(pg.mkPen(eval_, width=2))
        self.eval.setSymbolBrush(eval_)
        self.eval.setSymbolPen(eval_)
        self.lr.setPen(pg.mkPen(lr, width=2))
        for plot in (self.loss_plot, self.lr_plot):
            plot.setBackground(palette.base)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setTextPen(palette.text)
                plot.getAxis(axis).setPen(palette.muted)
