"""The netcat front end (netcat-openbsd 1.219, Debian): argv, port ranges, messages, exit codes.

Both backends run ``nc`` through this one module; what differs is only how a socket is opened
and waited on, the :class:`Transport`: :mod:`netsim.nc` implements it on the simulated kernel
(the simulated clock runs while netcat waits), :mod:`netsim.backends.linux_nc` on real sockets
opened in a network namespace.  Read :func:`nc` first: it is netcat's ``main()`` reduced to
what netsim runs.

Messages (checked against the real program between two namespaces):

* ``-v`` success: ``Connection to A PORT port [tcp/*] succeeded!`` on stderr (``*``: ``-n``
  does no service lookup; without ``-n`` a few well-known names are shown);
* ``-v`` failure: ``nc: connect to A port PORT (tcp) failed: <strerror>`` — Connection refused
  for a RST or ICMP port unreachable, No route to host / Network is unreachable for the other
  ICMP errors or a missing route;
* ``-v`` timeout after ``-w`` seconds: ``nc: connect to A port PORT (tcp) timed out: Operation
  now in progress``;
* without ``-v`` nothing is printed; the exit status is 0 when a port connected, else 1.

``nc -zu`` (``udptest``) writes "X" twice, then once a second for ``-w`` seconds (3 without
``-w``); it fails only when a write returns ECONNREFUSED (an ICMP port unreachable came back).
Without ``-z`` netcat's ``readwrite()`` sends stdin and prints what arrives until the peer
closes or ``-w`` seconds pass without a byte (10 s without ``-w``); a UDP ``nc`` with neither
stdin nor ``-w`` returns at once (the real one would wait for ever).
"""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from ipaddress import IPv4Address
from typing import Protocol

__all__ = ["BindFailed", "Transport", "listen_argv", "nc"]

SERVICES = {("tcp", 22): "ssh", ("tcp", 80): "http", ("tcp", 443): "https",
            ("tcp", 25): "smtp", ("tcp", 53): "domain", ("udp", 53): "domain",
            ("tcp", 8080): "http-alt", ("udp", 123): "ntp"}
UDP_SCAN_TIMEOUT = 3      # udptest() without -w: three more writes, a second apart
READ_IDLE = 10.0          # without -w, stop reading an open connection after 10 s of silence
_USAGE = "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n" \
         "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n" \
         "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n" \
         "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n" \
         "\t  [destination] [port]\n"


class BindFailed(Exception):
    """netcat's ``err(1, "bind failed")`` for ``-s``: the whole program stops at once; the
    message is netcat's line."""


class Transport(Protocol):
    """The sockets netcat uses, on one kernel.  ``conn`` is whatever the transport returns."""

    def listen(self, port: int, keep: bool, udp_: bool):
        """``nc -l[k] [-u] PORT`` in the background; OSError (errno) when it cannot bind."""

    def tcp_connect(self, daddr: IPv4Address, port: int, source: str | None,
                    wait: float | None) -> tuple[object, int | None]:
        """connect() polled for ``wait`` seconds (None: until the kernel gives up):
        ``(conn, 0)`` connected, ``(None, errno)`` failed, ``(None, None)`` timed out.  May
        raise :class:`BindFailed`."""

    def udp_connect(self, daddr: IPv4Address, port: int,
                    source: str | None) -> tuple[object, int]:
        """A connected datagram socket: ``(conn, 0)`` or ``(None, errno)``."""

    def send(self, conn, data: bytes) -> int:
        """One write(): 0 or the errno it returned."""

    def pause(self, seconds: float) -> None:
        """Let ``seconds`` pass (netcat's ``sleep(1)`` between udptest writes)."""

    def settle(self) -> None:
        """Let packets in flight and their answers be processed before the next step."""

    def readwrite(self, conn, stdin: bytes, idle: float) -> str:
        """netcat's readwrite(): send ``stdin``, return what arrives until the peer closes or
        ``idle`` seconds pass without a byte."""

    def close(self, conn) -> None:
        """close() a connection from :meth:`tcp_connect` or :meth:`udp_connect`."""


# ----------------------------------------------------------------------------- argv
@dataclass
class _Opts:
    z: bool = False
    v: bool = False
    n: bool = False
    u: bool = False
    l: bool = False  # noqa: E741
    k: bool = False
    w: float | None = None
    s: str | None = None
    args: list = field(default_factory=list)


def _parse(argv: list[str]) -> _Opts | str:
    o = _Opts()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            o.args += argv[i + 1:]
            break
        if not a.startswith("-") or a == "-":
            o.args.append(a)
            i += 1
            continue
        j = 1
        while j < len(a):
            c = a[j]
            if c in "wsp":
                val = a[j + 1:] or (argv[i + 1] if i + 1 < len(argv) else None)
                if val is None:
                    return f"nc: option requires an argument -- '{c}'\n" + _USAGE
                if not a[j + 1:]:
                    i += 1
                if c == "w":
                    try:
                        o.w = float(int(val))
                    except ValueError:
                        return f"nc: timeout invalid: {val}\n"   # strtonum
                elif c == "s":
                    o.s = val
                break
            if c in "zvnulk46dDNrSCtFZ":
                if c in "zvnulk":
                    setattr(o, c, True)
                j += 1
                continue
            return f"nc: invalid option -- '{c}'\n" + _USAGE
        i += 1
    return o


def _port(text: str) -> int | str:
    """strtonum(port, 0, PORT_MAX): the number, or netcat's complaint."""
    try:
        n = int(text, 10)
    except ValueError:
        return f"nc: port number invalid: {text}\n"
    if n < 1:
        return f"nc: port number too small: {text}\n"
    if n > 65535:
        return f"nc: port number too large: {text}\n"
    return n


def _ports(text: str) -> list[int] | str:
    """build_ports(): ``P`` or a range ``LO-HI``."""
    if "-" in text:
        lo_s, hi_s = text.split("-", 1)
        lo, hi = _port(lo_s), _port(hi_s)
        for x in (lo, hi):
            if isinstance(x, str):
                return x
        if lo > hi:
            lo, hi = hi, lo
        return list(range(lo, hi + 1))
    p = _port(text)
    return p if isinstance(p, str) else [p]


# ----------------------------------------------------------------------------- nc
def listen_argv(t: Transport, argv: list[str]):
    """A background ``nc -l[k] [-u] PORT`` (argv without the program name); None when it would
    exit at once (bad arguments, port in use)."""
    o = _parse(argv)
    if isinstance(o, str) or not o.l or not o.args:
        return None
    ports = _ports(o.args[-1])
    if isinstance(ports, str):
        return None
    try:
        return t.listen(ports[0], o.k, o.u)
    except OSError:
        return None


def nc(t: Transport, argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """Run ``nc ARGV`` (without the program name) over ``t``; return (rc, stdout, stderr).
    ``-l`` starts a background listener and returns at once."""
    o = _parse(argv)
    if isinstance(o, str):
        return 1, "", o
    if o.l:
        if not o.args:      # checked against netcat-openbsd 1.219
            return 1, "", "nc: missing port number\n"
        ports = _ports(o.args[-1])
        if isinstance(ports, str):
            return 1, "", ports
        try:
            t.listen(ports[0], o.k, o.u)
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
    except ValueError:      # no resolver: only numeric hosts
        return 1, "", f"nc: getaddrinfo for host \"{host}\" port {ports[0]}: " \
                      "Name or service not known\n"
    out: list[str] = []
    err: list[str] = []
    rc = 1
    probe = _udp_probe if o.u else _tcp_probe
    for port in ports:
        try:
            if probe(t, o, daddr, port, stdin, out, err):
                rc = 0
        except BindFailed as e:
            return 1, "".join(out), "".join(err) + str(e)
    return rc, "".join(out), "".join(err)


def _succeeded(o: _Opts, err: list, host, port: int, proto: str) -> None:
    if o.v:
        service = "*" if o.n else SERVICES.get((proto, port), "*")
        err.append(f"Connection to {host} {port} port [{proto}/{service}] succeeded!\n")


def _fail(o: _Opts, err: list, host, port: int, proto: str, e: int) -> None:
    if o.v:
        err.append(f"nc: connect to {host} port {port} ({proto}) failed: {os.strerror(e)}\n")


def _tcp_probe(t: Transport, o: _Opts, daddr, port: int, stdin: bytes, out: list,
               err: list) -> bool:
    conn, e = t.tcp_connect(daddr, port, o.s, o.w)
    if e is None:
        if o.v:
            err.append(f"nc: connect to {daddr} port {port} (tcp) timed out: "
                       f"{os.strerror(errno.EINPROGRESS)}\n")
        return False
    if e:
        _fail(o, err, daddr, port, "tcp", e)
        return False
    try:
        _succeeded(o, err, daddr, port, "tcp")
        if not o.z:
            out.append(t.readwrite(conn, stdin, o.w if o.w is not None else READ_IDLE))
    finally:
        t.close(conn)
    return True


def _udp_probe(t: Transport, o: _Opts, daddr, port: int, stdin: bytes, out: list,
               err: list) -> bool:
    conn, e = t.udp_connect(daddr, port, o.s)
    if e:
        _fail(o, err, daddr, port, "udp", e)
        return False
    try:
        if o.z and not _udptest(t, conn, o):
            return False
        _succeeded(o, err, daddr, port, "udp")
        if not o.z and (stdin or o.w is not None):
            out.append(t.readwrite(conn, stdin, o.w if o.w is not None else READ_IDLE))
        return True
    finally:
        t.close(conn)


def _udptest(t: Transport, conn, o: _Opts) -> bool:
    """netcat's udptest(): two writes, then one a second; only ECONNREFUSED fails it."""
    if t.send(conn, b"X"):
        return False
    t.settle()
    if t.send(conn, b"X") == errno.ECONNREFUSED:
        return False
    for _ in range(int(o.w) if o.w is not None else UDP_SCAN_TIMEOUT):
        t.pause(1.0)
        if t.send(conn, b"X") == errno.ECONNREFUSED:
            return False
    t.settle()
    return True
