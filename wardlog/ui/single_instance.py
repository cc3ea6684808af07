"""One window per book: a second start of the app on the same book brings the first one forward.

The first instance listens on a local socket named after the book; a later one finds it there,
asks it to come forward and quits, so the same book is never edited by two windows at once.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 300
MESSAGE = b"raise\n"


def server_name(book_path: Path) -> str:
    """A name for the socket, the same for every start on this book by this user."""
    key = f"{getpass.getuser()}:{Path(book_path).resolve()}"
    return "wardlog-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


class SingleInstance(QObject):
    """Claim the book for this process, or hand over to the process that already has it."""

    raise_requested = Signal()

    def __init__(self, book_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(book_path)
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """True when this process is the first on the book; otherwise the first is asked to come forward."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(CONNECT_TIMEOUT_MS):
            socket.write(MESSAGE)
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
            socket.readyRead.connect(lambda s=socket: self._read(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(MESSAGE.strip()):
            self.raise_requested.emit()
        socket.disconnectFromServer()
