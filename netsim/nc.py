"""``nc`` (netcat-openbsd 1.219, Debian) on the simulated kernel: a TCP/UDP listener and the
connect probes ``nc -zvn -w 1 A PORT``, with the very messages netcat prints.

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
"""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from .kernel import tcp, udp

__all__ = ["Listener", "listen", "listen_argv", "nc"]

SERVICES = {("tcp", 22): "ssh", ("tcp", 80): "http", ("tcp", 443): "https",
            ("tcp", 25): "smtp", ("tcp", 53): "domain", ("udp", 53): "domain",
            ("tcp", 8080): "http-alt", ("udp", 123): "ntp"}
UDP_SCAN_TIMEOUT = 3
TCP_GIVE_UP = 127.0          # tcp_syn_retries=6: 1+2+4+8+16+32+64 seconds
_SETTLE = 0.001              # let in-flight packets (and their answers) be processed
_USAGE = "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n" \
         "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n" \
         "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n" \
         "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n" \
         "\t  [destination] [port]\n"


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
            sock.on_data = lambda s, data: _on_tcp_data(lst, s, data)
    if err:
        raise OSError(err, f"nc: {os.strerror(err)}")
    lst.sock = sock
    return lst


def listen_argv(kernel, ns, argv: list[str]) -> Listener | None:
    """A background ``nc -l[k] [-u] PORT`` (argv without the program name); None if it cannot
    start (bad arguments, port in use), as the real one would exit at once."""
    o = _parse(argv)
    if isinstance(o, str) or not o.l or not o.args:
        return None
    ports = _ports(o.args[-1])
    if isinstance(ports, str):
        return None
    try:
        return listen(kernel, ns, ports[0], keep=o.k, udp_=o.u)
    except OSError:
        return None


def _on_tcp_data(lst: Listener, sock, data: bytes) -> None:
    lst.stdout.extend(data)


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
def nc(kernel, ns, argv: list[str]) -> tuple[int, str, str]:
    """Run ``nc ARGV`` (without the program name) in ``ns``; return (rc, stdout, stderr)."""
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
            listen(kernel, ns, ports[0], keep=o.k, udp_=o.u)
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
    except ValueError:      # no resolver in the simulation: only numeric hosts
        return 1, "", f"nc: getaddrinfo for host \"{host}\" port {ports[0]}: " \
                      "Name or service not known\n"
    out: list[str] = []
    err: list[str] = []
    rc = 1
    for port in ports:
        if o.u:
            ok = _udp_probe(kernel, ns, o, daddr, port, err)
        else:
            ok = _tcp_probe(kernel, ns, o, daddr, port, out, err)
        if ok:
            rc = 0
    return rc, "".join(out), "".join(err)


def _service(o: _Opts, proto: str, port: int) -> str:
    if o.n:
        return "*"
    return SERVICES.get((proto, port), "*")


def _fail(o: _Opts, err: list, host, port: int, proto: str, e: int) -> None:
    if o.v:
        err.append(f"nc: connect to {host} port {port} ({proto}) failed: {os.strerror(e)}\n")


def _tcp_probe(kernel, ns, o: _Opts, daddr, port: int, out: list, err: list) -> bool:
    clock = kernel.clock
    sock, e = tcp.tcp_connect(ns, daddr, port, o.s)
    if e:
        _fail(o, err, daddr, port, "tcp", e)
        return False
    start = clock.now
    deadline = start + (o.w if o.w is not None else TCP_GIVE_UP + 1)
    # poll(POLLOUT) with the -w timeout; stop just short of it so a SYN retransmission due at
    # the same instant does not go out
    clock.run(until=deadline - 1e-9, stop=lambda: sock.state != "SYN_SENT")
    if sock.state == "SYN_SENT":
        tcp.tcp_close(sock)
        clock.run(until=deadline)
        if o.v:
            err.append(f"nc: connect to {daddr} port {port} (tcp) timed out: "
                       f"{os.strerror(errno.EINPROGRESS)}\n")
        return False
    if sock.state != "ESTABLISHED":
        _fail(o, err, daddr, port, "tcp", sock.err or errno.ECONNREFUSED)
        return False
    if o.v:
        err.append(f"Connection to {daddr} {port} port [tcp/{_service(o, 'tcp', port)}] "
                   "succeeded!\n")
    if not o.z:
        # readwrite(): stdin is empty; print what arrives until the peer closes or -w idles
        idle = o.w if o.w is not None else 10.0
        seen = 0
        while True:
            t0 = clock.now
            clock.run(until=t0 + idle, stop=lambda: len(sock.rx) > seen or sock.eof)
            if len(sock.rx) > seen:
                seen = len(sock.rx)
                continue
            break
        out.append(bytes(sock.rx).decode("latin-1"))
    tcp.tcp_close(sock)
    clock.run(until=clock.now + _SETTLE)
    return True


def _udp_probe(kernel, ns, o: _Opts, daddr, port: int, err: list) -> bool:
    clock = kernel.clock
    sock, e = udp.udp_connect(ns, daddr, port, o.s)
    if e:
        _fail(o, err, daddr, port, "udp", e)
        return False
    try:
        if o.z and not _udptest(clock, sock, o):
            return False
        if o.v:
            err.append(f"Connection to {daddr} {port} port [udp/{_service(o, 'udp', port)}] "
                       "succeeded!\n")
        return True
    finally:
        udp.udp_close(sock)


def _udptest(clock, sock, o: _Opts) -> bool:
    """netcat's udptest(): two writes, then one a second; only ECONNREFUSED fails it."""
    if udp.udp_sendmsg(sock, b"X"):
        return False
    clock.run(until=clock.now + _SETTLE)
    if udp.udp_sendmsg(sock, b"X") == errno.ECONNREFUSED:
        return False
    for _ in range(int(o.w) if o.w is not None else UDP_SCAN_TIMEOUT):
        clock.run(until=clock.now + 1.0)
        if udp.udp_sendmsg(sock, b"X") == errno.ECONNREFUSED:
            return False
    clock.run(until=clock.now + _SETTLE)
    return True
