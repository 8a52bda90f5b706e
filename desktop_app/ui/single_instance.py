"""One window per library: a second launch hands its files to the first.

The window listens on a local socket (``QLocalServer``: a Unix socket in the
temporary folder, a named pipe on Windows) whose name comes from the user and
the library folder. A second ``sourcebook`` or ``sourcebook open FILE...`` on
the same library connects, sends its files as one line of JSON and waits for
the window's answer; the window imports the files, shows the first and comes
to the front.

A socket left behind by a window that crashed refuses connections: the next
launch removes it and starts a window. A window that accepts the connection
but does not answer (it is frozen) is left alone, and the new launch opens the
library read-only beside it, as before this existed.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 1000
ANSWER_TIMEOUT_MS = 10_000
"""How long a second launch waits for the window (which may be busy starting)."""
MAX_MESSAGE_BYTES = 1 << 20
MAX_FILES = 10_000


class HandOver(Enum):
    """What became of a second launch's attempt to reach the window."""

    HANDED = "handed"
    """The running window took the files."""
    NO_WINDOW = "no-window"
    """Nobody listens (no window, or a stale socket from a crash)."""
    NO_ANSWER = "no-answer"
    """A window is there but did not answer in time."""


def server_name(library_root: Path) -> str:
    """The socket name for ``library_root``, the same for every spelling of it.

    The user is part of it: on Windows pipe names are global, and two users
    may keep libraries at the same path (a shared /srv folder).
    """
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or passwd
        user = str(Path.home())
    folder = os.path.normcase(str(Path(library_root).expanduser().resolve()))
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:24]
    return f"sourcebook-{digest}"


def hand_over(name: str, files: list[str]) -> HandOver:
    """Give ``files`` to the window listening on ``name``, if one does.

    Blocking, and needs no QApplication: it runs before this process decides
    whether to start a window of its own.
    """
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return HandOver.NO_WINDOW
    message = json.dumps({"open": files}, ensure_ascii=False).encode("utf-8") + b"\n"
    socket.write(message)
    if not socket.waitForBytesWritten(ANSWER_TIMEOUT_MS):
        socket.abort()
        return HandOver.NO_ANSWER
    answer = b""
    while not answer.endswith(b"\n") and len(answer) < MAX_MESSAGE_BYTES:
        if not socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
            break
        answer += bytes(socket.readAll().data())
    socket.abort()
    try:
        ok = json.loads(answer.decode("utf-8")).get("ok") is True
    except (ValueError, AttributeError):
        ok = False
    return HandOver.HANDED if ok else HandOver.NO_ANSWER


def parse_message(data: bytes) -> list[str]:
    """The files in a hand-over message; ``ValueError`` if it is not one.

    Only the same user can connect (``UserAccessOption``), but the message is
    still checked: a list of path strings, within limits.
    """
    if len(data) > MAX_MESSAGE_BYTES:
        raise ValueError("message too long")
    message = json.loads(data.decode("utf-8"))
    files = message.get("open") if isinstance(message, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise ValueError("not a list of files")
    if len(files) > MAX_FILES:
        raise ValueError("too many files")
    return [f for f in files if f and "\0" not in f]


class InstanceServer(QObject):
    """Listens for later launches on the same library.

    Signals:
        files_received(list): a later launch asked to open these files (maybe
            none: then it only wants the window brought to the front).
    """

    files_received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening, unless a live window already has the name.

        Checked first: with ``UserAccessOption`` Qt renames its socket over
        an existing one, and on Windows two pipes may share a name. A socket
        left by a crashed window refuses the check and is replaced.
        """
        if hand_over_probe(self.name):
            return False
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def is_listening(self) -> bool:
        """True while later launches can reach this window."""
        return self._server.isListening()

    def close(self) -> None:
        """Stop listening (the window is closing)."""
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in data and len(data) <= MAX_MESSAGE_BYTES:
            self._buffers[socket] = data
            return
        self._buffers[socket] = b""
        try:
            files = parse_message(data.split(b"\n", 1)[0])
        except (ValueError, UnicodeDecodeError) as exc:
            self._answer(socket, {"ok": False, "error": str(exc)})
            return
        self._answer(socket, {"ok": True})
        self.files_received.emit(files)

    def _answer(self, socket: QLocalSocket, answer: dict[str, object]) -> None:
        socket.write(json.dumps(answer).encode("utf-8") + b"\n")
        socket.flush()
        socket.disconnectFromServer()

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()


def hand_over_probe(name: str) -> bool:
    """True when something accepts connections on ``name`` (a live window)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    alive = socket.waitForConnected(CONNECT_TIMEOUT_MS // 4)
    socket.abort()
    return alive


class FileOpenEvents(QObject):
    """Files the system asks the running app to open (macOS Finder, Dock).

    macOS does not start a second process for "Open with": it sends the
    running app an event, which Qt delivers as ``QFileOpenEvent``.

    Signals:
        files_received(list): one file to open.
    """

    files_received = Signal(list)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            self.files_received.emit([event.file()])
            return True
        return super().eventFilter(watched, event)
