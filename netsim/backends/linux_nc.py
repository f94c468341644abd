"""``nc`` (netcat-openbsd 1.219) and its listener on real sockets opened inside a named
network namespace.

The program itself (argv, port ranges, messages, exit codes) is :mod:`netsim.netcat`, the same
front end the simulator runs; this module is its :class:`~netsim.netcat.Transport` on real
sockets, so both backends print the same words.

* ``nc(ns, ["-zvn", "-w", "1", A, P])``: a non-blocking ``connect()`` polled for ``-w`` seconds;
  ``Connection to A P port [tcp/*] succeeded!``, ``nc: connect to A port P (tcp) failed:
  Connection refused``, ``... timed out: Operation now in progress`` on stderr.  Without
  ``-z`` it sends ``stdin`` and prints what comes back (netcat's ``readwrite()``).
* ``nc -zu``: netcat's ``udptest()`` (two writes, then one a second; only ECONNREFUSED fails).
* :func:`listen` / :func:`listen_argv`: ``nc -l[k] [-u] PORT`` as a background thread in the
  namespace; what it receives is its ``stdout``; ``stop()`` ends it.
"""
from __future__ import annotations

import os
import select
import socket
import threading
import time
from dataclasses import dataclass, field

from .. import netcat
from ..netcat import BindFailed
from .linux_netns import connect_wait, socket_in, start_in

__all__ = ["Listener", "SocketTransport", "listen", "listen_argv", "nc"]

TCP_GIVE_UP = 127.0       # connect() without -w: the kernel gives up after 6 SYN retries
_TICK = 0.05              # how often a listener looks at its stop flag


# ----------------------------------------------------------------------------- listener
@dataclass
class Listener:
    """A running ``nc -l[k] [-u] PORT`` in a namespace: what it received is its stdout."""
    ns: str
    port: int
    udp: bool = False
    keep: bool = True
    stdout: bytearray = field(default_factory=bytearray)
    connections: int = 0
    sock: socket.socket | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """End the listener (as killing the background ``nc`` would) and wait for its thread."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    close = stop          # the simulated Listener's name

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # -- the thread --------------------------------------------------------
    def _serve(self) -> None:
        try:
            if self.udp:
                self._serve_udp()
            else:
                self._serve_tcp()
        except OSError:
            pass          # the socket was closed by stop()
        finally:
            if self.sock is not None and not self.keep:
                self.sock.close()

    def _serve_udp(self) -> None:
        while not self._stop.is_set():
            r, _, _ = select.select([self.sock], [], [], _TICK)
            if r:
                data, _addr = self.sock.recvfrom(65535)
                self.stdout.extend(data)

    def _serve_tcp(self) -> None:
        while not self._stop.is_set():
            r, _, _ = select.select([self.sock], [], [], _TICK)
            if not r:
                continue
            conn, _addr = self.sock.accept()
            self.connections += 1
            with conn:
                self._handle(conn)
            if not self.keep:
                return

    def _handle(self, conn: socket.socket) -> None:
        """Read one connection until the peer closes (nc -l handles one at a time)."""
        while not self._stop.is_set():
            r, _, _ = select.select([conn], [], [], _TICK)
            if not r:
                continue
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            self.stdout.extend(data)


def listen(ns: str, port: int, keep: bool = True, udp_: bool = False) -> Listener:
    """``nc -l[k] [-u] PORT`` in ``ns`` until ``stop()``; raises OSError (EADDRINUSE...) at once
    when the port cannot be bound, as the real one exits."""
    kind = socket.SOCK_DGRAM if udp_ else socket.SOCK_STREAM
    sock = socket_in(ns, socket.AF_INET, kind)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("0.0.0.0", port))
        if not udp_:
            sock.listen(16)
    except OSError as e:
        sock.close()
        raise OSError(e.errno, f"nc: {os.strerror(e.errno)}") from None
    lst = Listener(ns, port, udp_, keep, sock=sock)
    lst._thread = start_in(ns, lst._serve, name=f"nc -l {port} in {ns}")
    return lst


class SocketTransport:
    """netcat's sockets: real ones, opened in the network namespace ``ns``."""

    def __init__(self, ns: str):
        self.ns = ns

    def listen(self, port: int, keep: bool, udp_: bool) -> Listener:
        return listen(self.ns, port, keep=keep, udp_=udp_)

    def _open(self, source: str | None, kind: int) -> socket.socket:
        s = socket_in(self.ns, socket.AF_INET, kind)
        if source:
            try:
                s.bind((source, 0))
            except OSError as e:
                s.close()
                raise BindFailed(f"nc: bind failed: {os.strerror(e.errno)}\n") from None
        return s

    def tcp_connect(self, daddr, port: int, source, wait):
        try:
            sock = self._open(source, socket.SOCK_STREAM)
        except OSError as e:
            return None, e.errno
        e = connect_wait(sock, daddr, port, wait if wait is not None else TCP_GIVE_UP)
        if e != 0:
            sock.close()
            return None, e
        return sock, 0

    def udp_connect(self, daddr, port: int, source):
        sock = None
        try:
            sock = self._open(source, socket.SOCK_DGRAM)
            sock.connect((str(daddr), port))
        except OSError as e:
            if sock is not None:
                sock.close()
            return None, e.errno
        return sock, 0

    def send(self, conn: socket.socket, data: bytes) -> int:
        try:
            conn.send(data)
            return 0
        except OSError as e:
            return e.errno

    def pause(self, seconds: float) -> None:
        time.sleep(seconds)

    def settle(self) -> None:
        """The real kernel handles packets on its own while netcat runs: nothing to wait for."""

    def readwrite(self, conn: socket.socket, stdin: bytes, idle: float) -> str:
        if stdin:
            try:
                conn.sendall(stdin)
            except OSError:
                return ""
        data = bytearray()
        while True:
            r, _, _ = select.select([conn], [], [], idle)
            if not r:
                break
            try:
                chunk = conn.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data.extend(chunk)
        return bytes(data).decode("latin-1")

    def close(self, conn: socket.socket) -> None:
        conn.close()


def listen_argv(ns: str, argv: list[str]) -> Listener | None:
    """A background ``nc -l[k] [-u] PORT`` (argv without the program name); None when it would
    exit at once (bad arguments, port in use)."""
    return netcat.listen_argv(SocketTransport(ns), argv)


def nc(ns: str, argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """Run ``nc ARGV`` (without the program name) in ``ns``; return (rc, stdout, stderr).
    ``stdin`` is what netcat reads from its standard input and sends (TCP or UDP).
    ``-l`` starts a background listener (see :func:`listen`) and returns at once."""
    return netcat.nc(SocketTransport(ns), argv, stdin)
