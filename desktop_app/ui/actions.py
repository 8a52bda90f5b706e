"""The window's actions: text, shortcut, icon, tooltip in one table."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from desktop_app.ui.icons import icon


@dataclass(frozen=True)
class ActionSpec:
    """One action's look; the window connects its behaviour."""

    name: str
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    icon: str | None = None
    tip: str = ""


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "import", "&Import…", ("Ctrl+O",), "document-import", "Import files or a folder of reports"
    ),
    ActionSpec(
        "import_folder",
        "Import &folder…",
        ("Ctrl+Shift+O",),
        "folder-open",
        "Import every report in a folder and its subfolders",
    ),
    ActionSpec(
        "samples",
        "Add &sample documents",
        (),
        "list-add",
        "Add four short sample reports to try Sourcebook",
    ),
    ActionSpec(
        "export",
        "&Export…",
        ("Ctrl+E",),
        "document-export",
        "Export highlights and notes with their citations (Word, PDF, Markdown, …)",
    ),
    ActionSpec(
        "open_original",
        "Open &original file",
        (),
        "document-open",
        "Open the imported file in its usual application",
    ),
    ActionSpec(
        "empty_trash",
        "Empty &trash…",
        (),
        "user-trash",
        "Delete the documents and highlights in the trash for good",
    ),
    ActionSpec(
        "reindex",
        "Re&build search index",
        (),
        "view-refresh",
        "Build the search index again from the library (it is kept up to date by itself; "
        "use this if results look wrong)",
    ),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "application-exit", "Close Sourcebook"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "edit-undo", "Undo the last change"),
    ActionSpec(
        "redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "edit-redo", "Redo the change just undone"
    ),
    ActionSpec(
        "delete",
        "&Delete",
        ("Del",),
        "edit-delete",
        "Delete the chosen highlight, or move the chosen documents to the trash",
    ),
    ActionSpec(
        "edit_metadata",
        "Edit &metadata…",
        ("F2",),
        "document-properties",
        "Edit title, outlet, date and tags of the chosen document",
    ),
    ActionSpec(
        "author_name",
        "Your &name on highlights…",
        (),
        None,
        "The name shown as the author of each highlight in a PDF with highlights",
    ),
    ActionSpec(
        "find", "&Find in document…", ("Ctrl+F",), "edit-find", "Find words in the open document"
    ),
    ActionSpec("find_next", "Find &next", ("F3",), "go-down", "Go to the next match"),
    ActionSpec(
        "find_previous", "Find pre&vious", ("Shift+F3",), "go-up", "Go to the previous match"
    ),
    ActionSpec(
        "search",
        "&Search library",
        ("Ctrl+K",),
        "system-search",
        "Search all documents, highlights and notes",
    ),
    ActionSpec(
        "bigger", "&Bigger text", ("Ctrl+=", "Ctrl++"), "zoom-in", "Make the reader's text bigger"
    ),
    ActionSpec(
        "smaller", "&Smaller text", ("Ctrl+-",), "zoom-out", "Make the reader's text smaller"
    ),
    ActionSpec(
        "reset_size",
        "&Normal text size",
        ("Ctrl+0",),
        "zoom-original",
        "Reset the reader's text size",
    ),
    ActionSpec("show_list", "Show &documents", ("Ctrl+1",), None, "Move to the document list"),
    ActionSpec("show_reader", "Show &reader", ("Ctrl+2",), None, "Move to the reader"),
    ActionSpec(
        "show_highlights", "Show &highlights", ("Ctrl+3",), None, "Move to the highlight cards"
    ),
    ActionSpec(
        "shortcuts",
        "&Keyboard shortcuts",
        ("Ctrl+/",),
        "help-contents",
        "List every keyboard shortcut",
    ),
    ActionSpec("about", "&About Sourcebook", (), "help-about", "Version and licence"),
)


def make_actions(parent: QWidget) -> dict[str, QAction]:
    """Create every action (with tooltips naming the shortcut)."""
    actions: dict[str, QAction] = {}
    for spec in SPECS:
        action = QAction(spec.text, parent)
        keys = [QKeySequence(s) for s in spec.shortcuts]
        if keys:
            action.setShortcuts(keys)
        if spec.icon:
            action.setIcon(icon(spec.icon))
        label = spec.text.replace("&", "").rstrip("…")
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        tip = spec.tip or label
        action.setToolTip(f"{tip} ({shown})" if shown else tip)
        action.setStatusTip(tip)
        action.setObjectName(f"action_{spec.name}")
        parent.addAction(action)
        actions[spec.name] = action
    return actions


def refresh_icons(actions: dict[str, QAction]) -> None:
    """Re-set icons after the ink colour changed with the theme."""
    for spec in SPECS:
        if spec.icon:
            actions[spec.name].setIcon(icon(spec.icon))


def update_actions(
    a: dict[str, QAction],
    undo_stack: QUndoStack,
    *,
    has_document: bool,
    writable: bool,
    rebuilding: bool,
) -> None:
    """Enable what can be done now; name what Undo and Redo would undo and redo."""
    a["undo"].setEnabled(undo_stack.canUndo())
    a["redo"].setEnabled(undo_stack.canRedo())
    undo_text, redo_text = undo_stack.undoText(), undo_stack.redoText()
    a["undo"].setText(f"&Undo {undo_text}" if undo_text else "&Undo")
    a["redo"].setText(f"&Redo {redo_text}" if redo_text else "&Redo")
    for name in ("find", "find_next", "find_previous", "open_original"):
        a[name].setEnabled(has_document)
    for name in ("import", "import_folder", "samples", "empty_trash", "delete", "edit_metadata"):
        a[name].setEnabled(writable)
    a["reindex"].setEnabled(writable and not rebuilding)


def show_about(parent: QWidget) -> None:
    """Help → About."""
    from desktop_app import __version__
    from desktop_app.ui.dialogs.messages import Messages

    Messages.info(
        parent,
        "About Sourcebook",
        f"Sourcebook {__version__}\n\nRead, highlight and search reports "
        "offline. Nothing you read leaves this computer.\n\nGPL-3.0-or-later.",
    )


def switch_theme(theme: str, actions: dict[str, QAction]) -> None:
    """Apply a theme to the running application and redraw the icons in its ink."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.icons import set_ink
    from desktop_app.ui.theme import apply_theme

    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, theme)
        set_ink(app.palette().text().color().name())
        refresh_icons(actions)
