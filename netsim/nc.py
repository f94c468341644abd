"""``nc`` (netcat-openbsd 1.219, Debian) on the simulated kernel: a TCP/UDP listener and the
connect probes ``nc -zvn -w 1 A PORT``, with the very messages netcat prints.

The program itself (argv, port ranges, messages, exit codes) is :mod:`netsim.netcat`, shared
with the real-socket backend; this module is its :class:`~netsim.netcat.Transport` on the
model's sockets (:mod:`netsim.kernel.tcp`, :mod:`netsim.kernel.udp`), where every wait of
netcat runs the simulated clock.
"""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field

from . import netcat
from .kernel import tcp, udp

__all__ = ["Listener", "SimTransport", "listen", "listen_argv", "nc"]

TCP_GIVE_UP = 127.0          # tcp_syn_retries=6: 1+2+4+8+16+32+64 seconds
_SETTLE = 0.001              # let in-flight packets (and their answers) be processed


@dataclass
class Listener:
    """A running ``nc -l[k] PORT``: what it received is its stdout."""
    kernel: object
    ns: object
    port: int
    udp: bool = False
    keep: bool = True
    sock: object = None
    stdout: bytearray = field(default_factory=bytearray)
    connections: int = 0

    def close(self) -> None:
        if self.sock is None:
            return
        if self.udp:
            udp.udp_close(self.sock)
        else:
            tcp.tcp_close(self.sock)
        self.sock = None


def listen(kernel, ns, port: int, keep: bool = True, udp_: bool = False) -> Listener:
    """``nc -l[k] [-u] PORT`` in ``ns``: listens until closed (the scenario's end); what it
    receives is its stdout.  (The tiny HTTP service is :mod:`netsim.httpd`.)"""
    lst = Listener(kernel, ns, port, udp_, keep)
    if udp_:
        sock, err = udp.udp_bind(ns, port)
        if sock is not None:
            sock.on_data = lambda s, src, sport, data: lst.stdout.extend(data)
    else:
        sock, err = tcp.tcp_listen(ns, port, auto_close=True)
        if sock is not None:
            sock.on_data = lambda s, data: lst.stdout.extend(data)
    if err:
        raise OSError(err, f"nc: {os.strerror(err)}")
    lst.sock = sock
    return lst


class SimTransport:
    """netcat's sockets in namespace ``ns`` of the simulated ``kernel``."""

    def __init__(self, kernel, ns):
        self.kernel, self.ns, self.clock = kernel, ns, kernel.clock

    def listen(self, port: int, keep: bool, udp_: bool) -> Listener:
        return listen(self.kernel, self.ns, port, keep=keep, udp_=udp_)

    def tcp_connect(self, daddr, port: int, source, wait):
        clock = self.clock
        sock, e = tcp.tcp_connect(self.ns, daddr, port, source)
        if e:
            return None, e
        deadline = clock.now + (wait if wait is not None else TCP_GIVE_UP + 1)
        # poll(POLLOUT) with the -w timeout; stop just short of it so a SYN retransmission due
        # at the same instant does not go out
        clock.run(until=deadline - 1e-9, stop=lambda: sock.state != "SYN_SENT")
        if sock.state == "SYN_SENT":
            tcp.tcp_close(sock)
            clock.run(until=deadline)
            return None, None
        if sock.state != "ESTABLISHED":
            return None, sock.err or errno.ECONNREFUSED
        return sock, 0

    def udp_connect(self, daddr, port: int, source):
        return udp.udp_connect(self.ns, daddr, port, source)

    def send(self, conn, data: bytes) -> int:
        if isinstance(conn, udp.UdpSock):
            return udp.udp_sendmsg(conn, data)
        return tcp.tcp_sendmsg(conn, data)

    def pause(self, seconds: float) -> None:
        self.clock.run(until=self.clock.now + seconds)

    def settle(self) -> None:
        self.pause(_SETTLE)

    def readwrite(self, conn, stdin: bytes, idle: float) -> str:
        """Print what arrives until the peer closes or ``idle`` seconds pass without a byte."""
        if stdin and self.send(conn, stdin):
            return ""
        seen = 0

        def more() -> bool:
            return len(_received(conn)) > seen or getattr(conn, "eof", False)
        while True:
            self.clock.run(until=self.clock.now + idle, stop=more)
            if len(_received(conn)) > seen:
                seen = len(_received(conn))
                continue
            break
        return _received(conn).decode("latin-1")

    def close(self, conn) -> None:
        if isinstance(conn, udp.UdpSock):
            udp.udp_close(conn)
            return
        tcp.tcp_close(conn)
        self.settle()


def _received(conn) -> bytes:
    """What a connection has received so far (a datagram socket: its datagrams, in order)."""
    if isinstance(conn, udp.UdpSock):
        return b"".join(data for _src, _sport, data in conn.rx)
    return bytes(conn.rx)


def listen_argv(kernel, ns, argv: list[str]) -> Listener | None:
    """A background ``nc -l[k] [-u] PORT`` (argv without the program name); None if it cannot
    start (bad arguments, port in use), as the real one would exit at once."""
    return netcat.listen_argv(SimTransport(kernel, ns), argv)


def nc(kernel, ns, argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """Run ``nc ARGV`` (without the program name) in ``ns``; return (rc, stdout, stderr)."""
    return netcat.nc(SimTransport(kernel, ns), argv, stdin)
