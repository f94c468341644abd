"""``nc`` (netcat-openbsd 1.219) and its listener on real sockets opened inside a named
network namespace.

The functions mirror :mod:`netsim.nc` (the simulated ones) with the kernel argument replaced by
the namespace's real name, and print the same words: the argv parser and the service names are
the simulator's own, imported from there.

* ``nc(ns, ["-zvn", "-w", "1", A, P])``: a non-blocking ``connect()`` polled for ``-w`` seconds;
  ``Connection to A P port [tcp/*] succeeded!``, ``nc: connect to A port P (tcp) failed:
  Connection refused``, ``... timed out: Operation now in progress`` on stderr.  Without
  ``-z`` it sends ``stdin`` and prints what comes back (netcat's ``readwrite()``).
* ``nc -zu``: netcat's ``udptest()`` (two writes, then one a second; only ECONNREFUSED fails).
* :func:`listen` / :func:`listen_argv`: ``nc -l[k] [-u] PORT`` as a background thread in the
  namespace; what it receives is its ``stdout``; ``stop()`` ends it.
"""
from __future__ import annotations

import errno
import os
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from ..nc import _USAGE, SERVICES, UDP_SCAN_TIMEOUT, _Opts, _parse, _ports
from .linux_netns import socket_in, start_in

__all__ = ["Listener", "listen", "listen_argv", "nc"]

TCP_GIVE_UP = 127.0       # connect() without -w: the kernel gives up after 6 SYN retries
READ_IDLE = 10.0          # without -w, stop reading an open connection after 10 s of silence
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


def listen_argv(ns: str, argv: list[str]) -> Listener | None:
    """A background ``nc -l[k] [-u] PORT`` (argv without the program name); None when it would
    exit at once (bad arguments, port in use)."""
    o = _parse(argv)
    if isinstance(o, str) or not o.l or not o.args:
        return None
    ports = _ports(o.args[-1])
    if isinstance(ports, str):
        return None
    try:
        return listen(ns, ports[0], keep=o.k, udp_=o.u)
    except OSError:
        return None


# ----------------------------------------------------------------------------- nc
def nc(ns: str, argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """Run ``nc ARGV`` (without the program name) in ``ns``; return (rc, stdout, stderr).
    ``stdin`` is what netcat reads from its standard input and sends (TCP or UDP).
    ``-l`` starts a background listener (see :func:`listen`) and returns at once."""
    o = _parse(argv)
    if isinstance(o, str):
        return 1, "", o
    if o.l:
        if not o.args:
            return 1, "", "nc: missing port number\n"
        ports = _ports(o.args[-1])
        if isinstance(ports, str):
            return 1, "", ports
        try:
            listen(ns, ports[0], keep=o.k, udp_=o.u)
        except OSError as e:
            return 1, "", f"nc: {os.strerror(e.errno)}\n"
        return 0, "", ""
    if not o.args:
        return 1, "", _USAGE
    if len(o.args) < 2:
        return 1, "", "nc: missing port number\n"
    host, port_args = o.args[0], o.args[1:]
    ports: list[int] = []
    for p in port_args:
        got = _ports(p)
        if isinstance(got, str):
            return 1, "", got
        ports += got
    try:
        daddr = IPv4Address(host)
    except ValueError:      # as the simulator: numeric hosts only, no resolver
        return 1, "", f"nc: getaddrinfo for host \"{host}\" port {ports[0]}: " \
                      "Name or service not known\n"
    out: list[str] = []
    err: list[str] = []
    rc = 1
    for port in ports:
        probe = _udp_probe if o.u else _tcp_probe
        try:
            if probe(ns, o, daddr, port, out, err, stdin):
                rc = 0
        except _BindFailed as e:
            return 1, "".join(out), "".join(err) + str(e)
    return rc, "".join(out), "".join(err)


def _service(o: _Opts, proto: str, port: int) -> str:
    return "*" if o.n else SERVICES.get((proto, port), "*")


def _fail(o: _Opts, err: list, host, port: int, proto: str, e: int) -> None:
    if o.v:
        err.append(f"nc: connect to {host} port {port} ({proto}) failed: {os.strerror(e)}\n")


class _BindFailed(Exception):
    """netcat's err(1, "bind failed"): the whole program stops at once."""


def _open(ns: str, o: _Opts, kind: int) -> socket.socket:
    s = socket_in(ns, socket.AF_INET, kind)
    if o.s:
        try:
            s.bind((o.s, 0))
        except OSError as e:
            s.close()
            raise _BindFailed(f"nc: bind failed: {os.strerror(e.errno)}\n") from None
    return s


def _connect(sock: socket.socket, daddr, port: int, wait: float) -> int | None:
    """Non-blocking connect polled for ``wait`` seconds: 0, an errno, or None on timeout."""
    sock.setblocking(False)
    e = sock.connect_ex((str(daddr), port))
    if e not in (0, errno.EINPROGRESS):
        return e
    if e == errno.EINPROGRESS:
        _, w, _ = select.select([], [sock], [], wait)
        if not w:
            return None
    return sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)


def _tcp_probe(ns: str, o: _Opts, daddr, port: int, out: list, err: list,
               stdin: bytes = b"") -> bool:
    try:
        sock = _open(ns, o, socket.SOCK_STREAM)
    except OSError as e:
        _fail(o, err, daddr, port, "tcp", e.errno)
        return False
    with sock:
        e = _connect(sock, daddr, port, o.w if o.w is not None else TCP_GIVE_UP)
        if e is None:
            if o.v:
                err.append(f"nc: connect to {daddr} port {port} (tcp) timed out: "
                           f"{os.strerror(errno.EINPROGRESS)}\n")
            return False
        if e:
            _fail(o, err, daddr, port, "tcp", e)
            return False
        if o.v:
            err.append(f"Connection to {daddr} {port} port [tcp/{_service(o, 'tcp', port)}] "
                       "succeeded!\n")
        if not o.z:
            out.append(_readwrite(sock, o, stdin))
    return True


def _readwrite(sock: socket.socket, o: _Opts, stdin: bytes) -> str:
    """netcat's readwrite(): send what stdin holds, then print what arrives until the peer
    closes or ``-w`` seconds pass without a byte (``READ_IDLE`` without -w)."""
    if stdin:
        try:
            sock.sendall(stdin)
        except OSError:
            return ""
    idle = o.w if o.w is not None else READ_IDLE
    data = bytearray()
    while True:
        r, _, _ = select.select([sock], [], [], idle)
        if not r:
            break
        try:
            chunk = sock.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        data.extend(chunk)
    return bytes(data).decode("latin-1")


def _udp_probe(ns: str, o: _Opts, daddr, port: int, out: list, err: list,
               stdin: bytes = b"") -> bool:
    try:
        sock = _open(ns, o, socket.SOCK_DGRAM)
        sock.connect((str(daddr), port))
    except OSError as e:
        _fail(o, err, daddr, port, "udp", e.errno)
        return False
    with sock:
        if o.z and not _udptest(sock, o):
            return False
        if o.v:
            err.append(f"Connection to {daddr} {port} port [udp/{_service(o, 'udp', port)}] "
                       "succeeded!\n")
        if not o.z and (stdin or o.w is not None):
            out.append(_readwrite(sock, o, stdin))
    return True


def _write_x(sock: socket.socket) -> int:
    try:
        sock.send(b"X")
        return 0
    except OSError as e:
        return e.errno


def _udptest(sock: socket.socket, o: _Opts) -> bool:
    """netcat's udptest(): two writes, then one a second; only ECONNREFUSED fails it."""
    if _write_x(sock):
        return False
    if _write_x(sock) == errno.ECONNREFUSED:
        return False
    for _ in range(int(o.w) if o.w is not None else UDP_SCAN_TIMEOUT):
        time.sleep(1.0)
        if _write_x(sock) == errno.ECONNREFUSED:
            return False
    return True
