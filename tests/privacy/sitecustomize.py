"""Installed via PYTHONPATH in the privacy test: refuse and record every connection.

Loaded by every Python process of the workflow (the app and its import
worker), so a connection attempt from any of them is caught.
"""

import os
import socket

_LOG = os.environ["SOURCEBOOK_CONNECT_LOG"]


def _record(what: str) -> None:
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {what}\n")


def _refuse(what: str) -> OSError:
    _record(what)
    return ConnectionRefusedError(f"privacy test: connection refused ({what})")


_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex


def _connect(self, address):  # type: ignore[no-untyped-def]
    if self.family == getattr(socket, "AF_UNIX", None):
        return _original_connect(self, address)  # local IPC (multiprocessing), not network
    raise _refuse(f"connect {address!r}")


def _connect_ex(self, address):  # type: ignore[no-untyped-def]
    if self.family == getattr(socket, "AF_UNIX", None):
        return _original_connect_ex(self, address)
    raise _refuse(f"connect_ex {address!r}")


def _getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
    raise _refuse(f"getaddrinfo {host!r}")


socket.socket.connect = _connect  # type: ignore[method-assign]
socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _getaddrinfo
socket.create_connection = lambda address, *a, **k: (_ for _ in ()).throw(  # type: ignore[assignment]
    _refuse(f"create_connection {address!r}")
)
