"""One window per book: a second start of the app on the same book brings the first one forward.

The first instance listens on a local socket named after the book; a later one finds it there,
asks it to come forward and quits, so the same book is never edited by two windows at once. Files the
later one was started with (a double-clicked exchange file) are handed over with the request.

The message is UTF-8 lines: ``raise``, then ``open <absolute path>`` for each file.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 300
MESSAGE = b"raise\n"
OPEN = b"open "


def server_name(book_path: Path) -> str:
    """A name for the socket, the same for every start on this book by this user."""
    key = f"{getpass.getuser()}:{Path(book_path).resolve()}"
    return "wardlog-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


class SingleInstance(QObject):
    """Claim the book for this process, or hand over to the process that already has it."""

    raise_requested = Signal()
    files_opened = Signal(list)  # of Path: files a later start was given

    def __init__(self, book_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(book_path)
        self._server: QLocalServer | None = None

    def claim(self, files: Sequence[Path] = ()) -> bool:
        """True when this process is the first on the book; otherwise the first is asked to come
        forward, and given ``files`` to open."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(CONNECT_TIMEOUT_MS):
            socket.write(MESSAGE + b"".join(OPEN + str(Path(f).resolve()).encode() + b"\n" for f in files))
            socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
            socket.disconnectFromServer()
            return False
        QLocalServer.removeServer(self.name)  # left behind by a crashed instance
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            return True  # cannot guard (odd platform): better to open than to refuse
        server.newConnection.connect(self._knocked)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _knocked(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            received = bytearray()
            socket.readyRead.connect(lambda s=socket, r=received: r.extend(s.readAll().data()))
            # the whole message is in once the later start hangs up (it may already have)
            socket.disconnected.connect(lambda s=socket, r=received: self._read(s, r))
            received.extend(socket.readAll().data())
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                self._read(socket, received)

    def _read(self, socket: QLocalSocket, received: bytearray) -> None:
        if socket.property("read"):
            return
        socket.setProperty("read", True)
        received.extend(socket.readAll().data())
        lines = bytes(received).split(b"\n")
        socket.disconnectFromServer()
        if lines[0] != MESSAGE.strip():
            return
        self.raise_requested.emit()
        files = [
            Path(line[len(OPEN) :].decode("utf-8", "replace")) for line in lines[1:] if line.startswith(OPEN)
        ]
        if files:
            self.files_opened.emit(files)
