"""Child process: the real window over a library full of hostile text, with a watchdog.

Run by ``test_hostile_text.py``. Titles, outlets, authors, tags, notes, quotes,
speakers, warnings and file names hold ``<img src="/dev/zero">`` and ``<b>``;
a place that rendered them as HTML would make Qt read /dev/zero for ever. A
watchdog thread ends this process (exit 3) if its memory grows by more than
``WATCHDOG_MB``; the parent also has a time limit. Every place visited is
reported as a JSON line: its name and whether the text showed literally.

Usage: python hostile_window.py WORK_DIR
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

HOSTILE = '<img src="/dev/zero"> <b>bold</b>'
NAME_HOSTILE = '<img src="&#47;dev&#47;zero"> name'  # a file name cannot hold a slash
WATCHDOG_MB = int(os.environ.get("WATCHDOG_MB", "700"))


def rss_mb(field: str = "VmRSS") -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith(field))


def cap_address_space(extra_mb: int) -> None:
    """A hard cap besides the watchdog: Qt grows a buffer read from /dev/zero by
    doubling, faster than any poll; past the cap the allocation fails instead of
    the machine running out of memory."""
    import resource

    limit = (rss_mb("VmSize") + extra_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))


def watchdog(limit: int) -> None:
    while True:
        if rss_mb() > limit:
            print(json.dumps({"watchdog": rss_mb()}), flush=True)
            os._exit(3)
        time.sleep(0.02)


REPORT: list[dict[str, object]] = []


def report(place: str, literal: bool, shown: str = "") -> None:
    REPORT.append({"place": place, "literal": literal, "shown": shown[:200]})
    print(json.dumps(REPORT[-1]), flush=True)


def rendered(html: str) -> str:
    """What Qt shows for rich text (resources not loaded: toPlainText needs none)."""
    from PySide6.QtGui import QTextDocument

    class NoResources(QTextDocument):
        def loadResource(self, _type: int, _name: object) -> object:
            return None

    doc = NoResources()
    doc.setHtml(html)
    return doc.toPlainText()


def shows_literally(text: str, *, rich: bool) -> bool:
    """True when ``HOSTILE`` (or the file-name variant) would show as typed."""
    shown = rendered(text) if rich else text
    return '<img src="/dev/zero">' in shown or "<img src=" in shown


def label_place(name: str, label: object) -> None:
    from PySide6.QtCore import Qt

    text = label.text()  # type: ignore[attr-defined]
    if "img src" not in text:
        return  # nothing hostile shown here
    plain = label.textFormat() == Qt.TextFormat.PlainText  # type: ignore[attr-defined]
    from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt

    rich = not plain and GuiQt.mightBeRichText(text)
    report(name, shows_literally(text, rich=rich), text)


def tooltip_place(name: str, tip: object) -> None:
    from PySide6.QtGui import Qt

    text = str(tip or "")
    if "img src" not in text:
        return
    report(name, shows_literally(text, rich=Qt.mightBeRichText(text)), text)


def fill_library(work: Path) -> Path:
    from desktop_app.core.library import Library
    from desktop_app.core.paths import LibraryPaths

    docs = work / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        f"title: {HOSTILE}\nsource: {HOSTILE}\nauthor: {HOSTILE}\n\n"
        f'The Home Minister said "{HOSTILE} must end," and debt bondage too.\n\n'
        f"More {HOSTILE} text.\n",
        encoding="utf-8",
    )
    (docs / f"{NAME_HOSTILE}.txt").write_text("Named badly. Debt bondage.\n", encoding="utf-8")
    (docs / "page.html").write_text(
        "<html><head><title>&lt;img src=&quot;/dev/zero&quot;&gt; html</title></head>"
        "<body><p>Body about debt bondage and fees, long enough to import.</p></body></html>",
        encoding="utf-8",
    )
    paths = LibraryPaths(work / "library")
    with Library.open(paths) as library:
        results = library.import_paths([docs])
        first = next(r.doc_id for r in results if r.path.endswith("a.txt") and r.doc_id)
        library.set_document_tags(first, [HOSTILE, "<b>tag</b>"])
        library.annotate_quote(first, "debt bondage", note=HOSTILE, tags=[HOSTILE])
        text = library.get_document(first).text
        start = text.index(HOSTILE)
        library.add_statement(first, start, start + len(HOSTILE), name=f"{HOSTILE} Minister")
    conn = sqlite3.connect(paths.db)  # a hostile importer warning, as a PDF could give
    conn.execute("UPDATE documents SET warnings = ? WHERE id = ?", [json.dumps([HOSTILE]), first])
    conn.commit()
    conn.close()
    return paths.root


class Visitor:
    """Walks the window place by place (each method one area)."""

    def __init__(self, window: Any, app: Any) -> None:
        self.w = window
        self.app = app
        self.library = window.library

    def settle(self, ms: int = 100) -> None:
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def run(self) -> None:
        self.reader()
        self.lists_and_reader_tooltip()
        self.search()
        self.statements()
        self.dialogs()
        self.message_boxes()
        self.export()
        from PySide6.QtWidgets import QLabel

        label_place("status task label", self.w.task_status.label)
        for label in self.w.findChildren(QLabel):
            label_place(f"label {label.objectName() or type(label.parent()).__name__}", label)
        report("rss", True, str(rss_mb()))

    def reader(self) -> None:
        for doc_id in self.library.document_ids():
            self.w.open_document(doc_id)
            self.settle()
            for attr in ("title", "meta", "notice"):
                label_place(f"reader {attr} (doc {doc_id})", getattr(self.w.reader, attr))
            title = self.w.windowTitle()  # a window title is always plain text
            report("window title", "<img" in title or "img src" not in title, title)
        self.first = next(
            d for d in self.library.document_ids() if self.library.statements(doc_id=d)
        )
        self.w.open_document(self.first)
        self.settle(200)

    def lists_and_reader_tooltip(self) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QHelpEvent
        from PySide6.QtWidgets import QToolTip

        for name, model in (
            ("document list tooltip", self.w.documents.table.model()),
            ("highlight card tooltip", self.w.sidebar.cards.model()),
        ):
            for row in range(model.rowCount()):
                tooltip_place(name, model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole))
        view = self.w.reader.view
        statement = self.library.statements(doc_id=self.first)[0]
        cursor = view.textCursor()
        cursor.setPosition(view.offsets.to_qt(statement.start + 1))
        point = view.cursorRect(cursor).center()
        QToolTip.hideText()
        view.viewportEvent(
            QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
        )
        self.settle(300)
        tips = [t for t in self.app.topLevelWidgets() if t.inherits("QTipLabel") and t.isVisible()]
        report("reader statement tooltip shown", bool(tips))
        for tip in tips:
            label_place("reader statement tooltip", tip)
        QToolTip.hideText()

    def search(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QAbstractButton, QStyleOptionViewItem

        from desktop_app.ui.search.model import HIT_ROLE

        self.w.search_field.setText("debt")
        panel = self.w.search_panel
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and panel.model.rowCount() == 0:
            self.settle(50)
        self.settle(300)
        label_place("search status", panel.status)
        for group in range(panel.model.rowCount()):
            parent = panel.model.index(group, 0)
            for row in range(panel.model.rowCount(parent)):
                index = panel.model.index(row, 0, parent)
                tooltip_place("search hit tooltip", index.data(Qt.ItemDataRole.ToolTipRole))
                option = QStyleOptionViewItem()
                option.initFrom(panel.tree)
                option.rect = panel.tree.visualRect(index)
                shown = panel.tree.itemDelegate()._document(option, index).toPlainText()
                report("search hit delegate", index.data(HIT_ROLE).title in shown, shown)
        for chip in panel.chips.findChildren(QAbstractButton):
            tooltip_place("search facet chip tooltip", chip.toolTip())
        self.w.search_field.setText("")
        self.settle(100)

    def statements(self) -> None:
        from PySide6.QtCore import Qt

        self.w.side_tabs.setCurrentWidget(self.w.statements.view)
        self.settle(500)
        view = self.w.statements.view
        model = view.table.model()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                tooltip_place(
                    "statements tooltip", model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
                )
        label_place("statements status", view.status)
        self.speaker = self.library.speakers()[0]
        view.show_speaker(self.speaker.id)
        self.settle(300)
        label_place("speaker page header", view.speaker_page.header)

    def dialogs(self) -> None:
        from PySide6.QtWidgets import QLabel

        from desktop_app.ui.dialogs.import_summary import ImportSummaryDialog
        from desktop_app.ui.dialogs.metadata import MetadataDialog
        from desktop_app.ui.statements.corrections import AliasPickerDialog, SpeakerPickerDialog

        for dialog in (
            SpeakerPickerDialog(self.library.speakers(), HOSTILE, f"Who? {HOSTILE}", parent=self.w),
            AliasPickerDialog(self.speaker, parent=self.w),
            MetadataDialog(self.library.document(self.first), self.library.all_tags(), self.w),
            ImportSummaryDialog(self.library.import_paths([Path(HOSTILE)]), False, self.w),
        ):
            dialog.show()
            self.settle(150)
            for label in dialog.findChildren(QLabel):
                label_place(f"{type(dialog).__name__} label", label)
            dialog.close()
            dialog.deleteLater()

    def message_boxes(self) -> None:
        """The real boxes (the GUI tests replace them): inspected, then dismissed."""
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtWidgets import QMessageBox

        from desktop_app.ui.dialogs.messages import Messages

        for name in ("error", "info", "confirm"):
            seen: dict[str, object] = {}

            def inspect_box(seen: dict[str, object] = seen) -> None:
                box = self.app.activeModalWidget()
                if not isinstance(box, QMessageBox):
                    QTimer.singleShot(20, inspect_box)
                    return
                seen["plain"] = box.textFormat() == Qt.TextFormat.PlainText
                seen["text"] = box.text()
                box.reject()

            QTimer.singleShot(50, inspect_box)
            args = (HOSTILE, HOSTILE, "Go") if name == "confirm" else (HOSTILE, HOSTILE)
            getattr(Messages, name)(self.w, *args)
            report(f"message box ({name})", bool(seen.get("plain")), str(seen.get("text", "")))

    def export(self) -> None:
        self.w.statements.open_export_dialog()
        self.settle(100)
        dialog = next(
            d
            for d in self.app.topLevelWidgets()
            if type(d).__name__ == "ExportDialog" and d.isVisible()
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "<img" not in dialog.preview.toPlainText():
            self.settle(100)
        shown = dialog.preview.toPlainText()
        report("export preview", "<img" in shown, shown)
        label_place("export error label", dialog.error)
        dialog.close()


def main() -> int:
    work = Path(sys.argv[1])
    root = fill_library(work)
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import create_main_window
    from desktop_app.core.paths import LibraryPaths
    from desktop_app.ui.preferences import UiPaths

    app = QApplication(sys.argv[:1])
    threading.Thread(target=watchdog, args=(rss_mb() + WATCHDOG_MB,), daemon=True).start()
    window = create_main_window(LibraryPaths(root), UiPaths(work / "ui"))
    cap_address_space(4 * WATCHDOG_MB)
    deadline = time.monotonic() + 30
    while not window.state.loaded and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    window.resize(1400, 900)
    Visitor(window, app).run()
    if len(sys.argv) > 2:  # a screenshot for people to look at
        window.open_document(
            max(window.library.document_ids(), key=lambda d: window.library.document(d).annotations)
        )
        app.processEvents()
        window.grab().save(sys.argv[2])
    # Closing (and the next start, which reopens the last document) must be safe too.
    window.close()
    window.close_library()
    window = create_main_window(LibraryPaths(root), UiPaths(work / "ui"))
    deadline = time.monotonic() + 30
    while not window.state.loaded and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    report("reopened at the last document", window.current_doc_id is not None)
    window.close()
    window.close_library()
    print(json.dumps({"done": True}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
