"""A small timeline of one speaker's statements, painted with QPainter.

QtCharts is not part of PySide6-Essentials, and a bar per month (or per year
for long spans) is all a reader needs to see when someone spoke.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

MONTHS_BEFORE_YEARS = 36
"""Spans longer than this many months are binned by year."""


def bins(dates: Iterable[str | None]) -> tuple[list[tuple[str, int]], int]:
    """Counts per period, oldest first, with empty periods filled in; and the undated.

    Periods are months (``YYYY-MM``) or, for spans over three years, years.
    A date known only to the year counts in its year's first month.
    """
    months: list[tuple[int, int]] = []
    undated = 0
    for date in dates:
        if not date or len(date) < 4 or not date[:4].isdigit():
            undated += 1
            continue
        month = int(date[5:7]) if len(date) >= 7 and date[5:7].isdigit() else 1
        months.append((int(date[:4]), min(max(month, 1), 12)))
    if not months:
        return [], undated
    first, last = min(months), max(months)
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if span > MONTHS_BEFORE_YEARS:
        counts = Counter(str(y) for y, _ in months)
        return [(str(y), counts.get(str(y), 0)) for y in range(first[0], last[0] + 1)], undated
    counts = Counter(f"{y:04d}-{m:02d}" for y, m in months)
    periods = []
    y, m = first
    while (y, m) <= last:
        key = f"{y:04d}-{m:02d}"
        periods.append((key, counts.get(key, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return periods, undated


class TimelineChart(QWidget):
    """Bars of statement counts over time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bins: list[tuple[str, int]] = []
        self._undated = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Statements over time")

    def set_dates(self, dates: Iterable[str | None]) -> None:
        """Show the statements dated so (one date per statement)."""
        self._bins, self._undated = bins(dates)
        total = sum(c for _, c in self._bins)
        busiest = max(self._bins, key=lambda b: b[1])[0] if self._bins else ""
        self.setAccessibleDescription(
            f"{total} dated statements" + (f", most in {busiest}" if busiest else "")
        )
        self.update()

    def periods(self) -> list[tuple[str, int]]:
        """The bars shown: ``(period, count)``."""
        return list(self._bins)

    def sizeHint(self) -> QSize:
        return QSize(320, 110)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 90)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        bar_color = palette.color(QPalette.ColorRole.Highlight)
        metrics = painter.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(8, 6, -8, -(line + 6))
        if not self._bins:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated statements")
            painter.end()
            return
        top = max(c for _, c in self._bins) or 1
        count = len(self._bins)
        slot = area.width() / count
        width = min(max(2.0, slot * 0.7), 40.0)  # one month alone is a bar, not a wall
        painter.setPen(muted)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        label_every = max(1, int(metrics.horizontalAdvance("0000-00 ") // max(slot, 1)) + 1)
        for i, (period, n) in enumerate(self._bins):
            x = area.left() + i * slot + (slot - width) / 2
            height = (area.height() - line) * n / top
            if n:
                painter.fillRect(QRectF(x, area.bottom() - height, width, height), bar_color)
                painter.setPen(text_color)
                painter.drawText(
                    QRectF(x - slot, area.bottom() - height - line, width + 2 * slot, line),
                    Qt.AlignmentFlag.AlignCenter,
                    str(n),
                )
            if i % label_every == 0:
                painter.setPen(muted)
                spread = slot * label_every
                painter.drawText(
                    QRectF(x - spread, area.bottom() + 2, width + 2 * spread, line),
                    Qt.AlignmentFlag.AlignCenter,
                    period,
                )
        if self._undated:
            painter.setPen(muted)
            painter.drawText(
                area,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                f"+{self._undated} undated",
            )
        painter.end()
