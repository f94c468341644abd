"""The traffic side of the real-kernel backend: ``ping``, ``sysctl`` and ``iptables`` inside a
named network namespace, with the very output the real programs print.

Read first: :mod:`netsim.backends.linux_netns` (how a thread or a child enters a namespace).
The TCP/UDP side lives in :mod:`netsim.backends.linux_nc` (``nc`` and its listener) and
:mod:`netsim.backends.linux_http` (``curl``, ``python3 -m http.server``), packet capture in
:mod:`netsim.backends.linux_capture`; all are re-exported here, so ``linux_probes`` is the one
module the kernel backend needs.

Every function takes ``ns``, the real name of a namespace under ``/run/netns``.

* :func:`ping` is iputils ``ping`` on sockets: a UDP "probe" socket is connected first (that is
  where iputils' ``ping: connect: ...`` messages come from), then echo requests go out on a raw
  ICMP socket with ``IP_RECVERR``; ICMP errors about them come back on the socket's error queue
  (``From R icmp_seq=N Destination Host Unreachable``), exactly as iputils reads them.  The text
  is rendered by :class:`netsim.ping.PingReport`, the renderer the simulated ping uses too.
* :func:`sysctl` (:mod:`netsim.backends.linux_sysctl`) reads and writes ``/proc/sys/net`` from
  a thread inside the namespace and prints what procps-ng 4.0 ``sysctl`` prints.
* :func:`iptables` runs the real ``iptables`` program in the namespace (``LANG=C``, no shell).
"""
from __future__ import annotations

import errno
import os
import re
import select
import socket
import struct
import time
from ipaddress import IPv4Address

from ..ping import CONNECT_ERRORS, REDIRECTS, PingReport, PingResult, icmp_text
from .linux_capture import Capture, Frame, capture  # noqa: F401  (re-exported)
from .linux_http import HttpServer, curl, http_server, http_server_argv  # noqa: F401
from .linux_nc import Listener, listen, listen_argv, nc  # noqa: F401
from .linux_sysctl import sysctl  # noqa: F401
from .linux_netns import run_program, socket_in

__all__ = ["ping", "ping_argv", "sysctl", "iptables", "nc", "listen", "listen_argv", "curl",
           "http_server", "http_server_argv", "HttpServer", "Listener", "capture", "Capture",
           "Frame"]

IP_RECVERR = 11
SO_EE_ORIGIN_LOCAL, SO_EE_ORIGIN_ICMP = 1, 2
ICMP_ECHOREPLY, ICMP_SOURCE_QUENCH, ICMP_REDIRECT, ICMP_ECHO = 0, 4, 5, 8
PROBE_PORT = 1025                       # iputils connects its probe socket to this port
DATALEN = 56
MININTERVAL = 10                        # ms; iputils' shortest wait while probes are in flight
HZ = 100                                # iputils' idea of the scheduler tick (sys/param.h)
_ident = os.getpid() & 0xFFFF


# ----------------------------------------------------------------------------- ping
def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def _echo(ident: int, seq: int, size: int = DATALEN) -> bytes:
    """An echo request as iputils builds it: the byte i at offset i, a timeval over the first
    16 when there is room for it."""
    now = time.time()
    data = bytes(i & 0xFF for i in range(size))
    if size >= 16:
        data = struct.pack("=qq", int(now), int(now % 1 * 1e6)) + data[16:]
    hdr = struct.pack("!BBHHH", ICMP_ECHO, 0, 0, ident, seq)
    csum = _checksum(hdr + data)
    return struct.pack("!BBHHH", ICMP_ECHO, 0, csum, ident, seq) + data


def _next_ident() -> int:
    global _ident
    _ident = (_ident + 1) & 0xFFFF
    return _ident


class _RealPing:
    """iputils' ``main_loop()``, ``pinger()`` and ``schedule_exit()`` on a raw ICMP socket.

    The timing is iputils' own, not an idealised one: a probe goes out once a whole interval of
    "tokens" (whole milliseconds, never caught up) has passed, and while nothing is due ping
    sleeps in a blocking ``recvmsg()`` bounded by ``SO_RCVTIMEO`` = interval -- a coarse kernel
    timer that wakes it some milliseconds late, which delays the next probe exactly as it
    delays iputils'.  That decides races with the kernel's own timers, such as whether probe 4
    still joins an ARP queue that fails at 3 s.  After the last probe ping waits ``-W`` seconds
    (or, once a reply came, max(2 x the slowest rtt, interval)), then stops.
    """

    def __init__(self, sock: socket.socket, dst: str, daddr: IPv4Address, ident: int,
                 count: int, interval: float, linger: float, size: int, report: PingReport):
        self.sock, self.daddr, self.ident, self.count = sock, daddr, ident, count
        self.size, self.report = size, report
        self.sent: dict[int, float] = {}
        self.stderr: list[str] = []
        self.interval_ms = max(int(round(interval * 1000)), 0)
        self.linger_ms = int(round(linger * 1000))
        self.start = self.cur_time = None
        self.tokens = 0
        self.exit_at: float | None = None
        self.tmax = 0.0
        self.to = (str(daddr), 0)
        self.next_probe = _echo(ident, 1, size)

    @property
    def answered(self) -> int:
        return len(self.report.replies) + len(self.report.errors)

    def in_flight(self) -> int:
        acked = max([r[0] for r in self.report.replies] + [e[0] for e in self.report.errors]
                    + [0])
        return len(self.sent) - acked

    # -- iputils' pinger(): send the next probe when it is due ---------------------------
    def pinger(self) -> int:
        """Send a probe if one is due; return the milliseconds until the next one."""
        if len(self.sent) >= self.count:
            return 1000
        now = time.monotonic()
        if self.cur_time is None:
            self.cur_time, self.tokens = now, 0
        else:
            ntokens = int((now - self.cur_time) * 1000) + self.tokens
            ntokens = min(ntokens, self.interval_ms)          # preload 1: no catching up
            if ntokens < self.interval_ms:
                return self.interval_ms - ntokens
            self.cur_time, self.tokens = now, ntokens - self.interval_ms
        seq = len(self.sent) + 1
        for _attempt in range(3):
            try:
                # the probe is built beforehand: when a kernel timer wakes us, iputils' C code
                # has the next echo on the wire within microseconds, and races depend on that
                self.sock.sendto(self.next_probe or _echo(self.ident, seq, self.size), self.to)
                break
            except OSError as e:
                # a hard local error (EPERM from an OUTPUT DROP, a pending EHOSTUNREACH): the
                # error queue is read; an error of someone else's clears errno and the probe
                # is sent again; an empty queue is silent; otherwise "sendmsg" is printed.
                # The probe counts as sent either way.
                got = self.read_errqueue()
                if got is None:
                    continue
                if got >= 0:
                    self.stderr.append(f"ping: sendmsg: {os.strerror(e.errno)}\n")
                self.sent[seq] = now
                self.tokens = 0
                # advance_ntransmitted(): the next probe carries the next sequence number
                self.next_probe = _echo(self.ident, seq + 1, self.size) if seq < self.count \
                    else None
                return max(self.interval_ms, MININTERVAL)
        self.sent[seq] = now
        self.next_probe = _echo(self.ident, seq + 1, self.size) if seq < self.count \
            else None
        return self.interval_ms - self.tokens

    def schedule_exit(self, nxt: int) -> int:
        """Once the last probe is out: stop ``-W`` later, or max(2 x tmax, interval) later
        when replies came."""
        if self.exit_at is None:
            if self.report.replies:
                wait_ms = max(int(2 * self.tmax * 1000), self.interval_ms)
            else:
                wait_ms = self.linger_ms
            nxt = max(nxt, wait_ms)
            self.exit_at = time.monotonic() + wait_ms / 1000
        return nxt

    # -- iputils' main_loop() --------------------------------------------------------------
    def run(self) -> None:
        sch = max(self.interval_ms, MININTERVAL)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO,
                             struct.pack("@ll", sch // 1000, sch % 1000 * 1000))
        poller = select.poll()
        poller.register(self.sock, select.POLLIN | select.POLLERR)
        self.start = time.monotonic()
        while True:
            if self.exit_at is not None and time.monotonic() >= self.exit_at:
                break                                   # iputils' SIGALRM
            if self.answered >= self.count:
                break
            while True:
                nxt = self.pinger()
                if len(self.sent) >= self.count:
                    nxt = self.schedule_exit(nxt)
                if nxt > 0:
                    break
            flags, recv_error = 0, False
            left_ms = None if self.exit_at is None else \
                max(int((self.exit_at - time.monotonic()) * 1000) + 1, 0)
            if nxt < sch or (left_ms is not None and left_ms < sch):
                if nxt <= 1000 // HZ:
                    nxt = MININTERVAL if self.in_flight() else 0
                wait = nxt if left_ms is None else min(nxt, left_ms)
                events = poller.poll(wait) if wait > 0 else []
                if not events:
                    if wait > 0:
                        continue
                else:
                    recv_error = bool(events[0][1] & select.POLLERR)
                flags = socket.MSG_DONTWAIT
            self.receive(flags, recv_error)

    def receive(self, flags: int, recv_error: bool) -> None:
        """The recvmsg() loop: blocking first (SO_RCVTIMEO) unless ``flags`` says otherwise,
        then without waiting until nothing is queued or nothing is in flight."""
        while True:
            try:
                pkt, _anc, _fl, addr = self.sock.recvmsg(65535, 0, flags)
            except (BlockingIOError, InterruptedError):
                if not recv_error:
                    return
                recv_error = False
                self.read_errqueue()
            except OSError as e:     # a pending error (EHOSTUNREACH...): read the queue
                recv_error = False
                if self.read_errqueue() == 0:
                    self.stderr.append(f"ping: recvmsg: {os.strerror(e.errno)}\n")
                    return
                # None: someone else's error, "not an error at all"
            else:
                self.parse_reply(pkt, addr[0])
            flags = socket.MSG_DONTWAIT
            if self.in_flight() == 0:
                return

    def parse_reply(self, pkt: bytes, frm: str) -> None:
        now = time.monotonic()
        ihl = (pkt[0] & 0x0F) * 4
        icmp = pkt[ihl:]
        if len(icmp) < 8:
            return
        typ, code, _csum, ident, seq = struct.unpack("!BBHHH", icmp[:8])
        if typ in (ICMP_REDIRECT, ICMP_SOURCE_QUENCH):
            self.parse_notice(icmp, typ, code, frm)
            return
        # a raw socket sees every ICMP message of the namespace: keep our own replies only
        # (ICMP errors are read from the error queue, as iputils does)
        if typ != ICMP_ECHOREPLY or ident != self.ident or seq not in self.sent:
            return
        rtt = now - self.sent[seq]
        self.tmax = max(self.tmax, rtt)
        self.report.reply(seq, pkt[8], rtt, frm, size=len(icmp), transmitted=len(self.sent))

    def parse_notice(self, icmp: bytes, typ: int, code: int, frm: str) -> None:
        """iputils' ping4_parse_reply(): a redirect or source quench about one of our echoes
        arrives on the raw socket itself (not the error queue); it is printed, not counted."""
        inner = icmp[8:]
        if len(inner) < 20:
            return
        ihl = (inner[0] & 0x0F) * 4
        quoted = inner[ihl:ihl + 8]
        if len(quoted) < 8 or IPv4Address(inner[16:20]) != self.daddr:
            return
        qtype, _c, _s, qident, qseq = struct.unpack("!BBHHH", quoted)
        if qtype != ICMP_ECHO or qident != self.ident:
            return
        if typ == ICMP_REDIRECT:
            text = REDIRECTS.get(code, "Redirect, Bad Code: %d" % code)
            text += f"(New nexthop: {IPv4Address(icmp[4:8])})"
        else:
            text = "Source Quench"
        self.report.note(f"From {frm}: icmp_seq={qseq} {text}")

    def read_errqueue(self) -> int | None:
        """iputils' ``receive_error_msg()``: read one queued error.

        Returns 1 for an ICMP error about one of our echoes (printed and counted), -1 when
        the queue was empty or held a local error (counted), 0 when reading it failed, and
        None when the error was about someone else's packet ("not an error at all").
        """
        try:
            data, anc, _flags, addr = self.sock.recvmsg(
                512, 512, socket.MSG_ERRQUEUE | socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):
            return -1
        except OSError:
            return 0
        for level, typ, cdata in anc:
            if level != socket.IPPROTO_IP or typ != IP_RECVERR or len(cdata) < 16:
                continue
            eno, origin, etype, ecode, _pad, info, _data = struct.unpack("=IBBBBII", cdata[:16])
            if origin == SO_EE_ORIGIN_LOCAL:
                self.report.local_errors += 1
                self.stderr.append(f"ping: local error: message too long, mtu={info}\n"
                                   if eno == errno.EMSGSIZE else
                                   f"ping: local error: {os.strerror(eno)}\n")
                return -1
            if origin != SO_EE_ORIGIN_ICMP:
                return 0
            if len(data) < 8 or not addr or IPv4Address(addr[0]) != self.daddr:
                return None
            qtype, _c, _s, qident, qseq = struct.unpack("!BBHHH", data[:8])
            if qtype != ICMP_ECHO or qident != self.ident:
                return None
            offender = socket.inet_ntoa(cdata[20:24]) if len(cdata) >= 24 else "?"
            text = icmp_text(etype, ecode)
            if etype == 3 and ecode == 4:
                text += f" (mtu = {info})"
            self.report.error(qseq, offender, text, transmitted=len(self.sent))
            return 1
        return -1


def ping(ns: str, dst: str, count: int = 1, timeout: float = 1.0, interval: float = 1.0,
         ttl: int | None = None, size: int = DATALEN, quiet: bool = False,
         iface: str | None = None, source=None) -> PingResult:
    """``ping -c COUNT -W TIMEOUT [-i INTERVAL] [-t TTL] [-s SIZE] [-q] [-I DEV|ADDR] DST`` in
    ``ns`` (``source``: the ``-I ADDR`` source address).

    Returns a :class:`netsim.ping.PingResult` (``rc, stdout, stderr = ping(...)`` works): rc 0
    when a reply came, 1 when none did, 2 when ping could not start.
    """
    try:
        daddr = IPv4Address(dst)
    except ValueError:
        return PingResult(2, "", f"ping: {dst}: Name or service not known\n")
    if count < 1:
        return PingResult(1, "", f"ping: invalid argument: '{count}': out of range: "
                                 "1 <= value <= 9223372036854775807\n")
    # the probe socket: connect() does the route lookup and picks the source address
    probe = socket_in(ns, socket.AF_INET, socket.SOCK_DGRAM)
    try:
        if iface is not None:
            _bind_to_device(probe, iface)
        if source is not None:
            probe.bind((str(source), 0))
        probe.connect((str(daddr), PROBE_PORT))
        saddr = probe.getsockname()[0]
        if not int(daddr):
            daddr = IPv4Address(saddr)    # iputils: a ping to 0.0.0.0 goes to the source
    except _NoDevice as e:
        return PingResult(2, "", str(e))
    except OSError as e:
        msg = CONNECT_ERRORS.get(e.errno, f"ping: connect: {os.strerror(e.errno)}")
        return PingResult(2, "", msg + "\n")
    finally:
        probe.close()
    sock = socket_in(ns, socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    try:
        if iface is not None:
            _bind_to_device(sock, iface)
        sock.bind((saddr, 0))
        sock.setsockopt(socket.IPPROTO_IP, IP_RECVERR, 1)
        if ttl is not None:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
        run = _RealPing(sock, dst, daddr, _next_ident(), count, interval, timeout, size,
                        PingReport(dst, daddr, size, f"{saddr} {iface}" if iface else
                                   (f"{source} " if source is not None else ""), quiet))
        run.run()
    finally:
        sock.close()
    elapsed = int(round((run.cur_time - run.start) * 1000)) if run.cur_time else 0
    res = run.report.finish(len(run.sent), elapsed)
    res.stderr = "".join(run.stderr)
    return res


class _NoDevice(Exception):
    pass


def _bind_to_device(sock: socket.socket, dev: str) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode() + b"\0")
    except OSError as e:
        raise _NoDevice(f"ping: SO_BINDTODEVICE {dev}: {os.strerror(e.errno)}\n") from None


_RANGES = {"count": (1, 9223372036854775807), "ttl": (0, 255)}
_OPTS = {"-c": ("count", int), "-W": ("timeout", float), "-i": ("interval", float),
         "-t": ("ttl", int), "-s": ("size", int), "-I": ("iface", str)}


def _strtod(text: str) -> tuple[float, str]:
    """strtod(): the number at the start of ``text`` and what follows it."""
    m = re.match(r"\s*[-+]?(\d+\.?\d*|\.\d+)", text)
    return (float(m.group(0)), text[m.end():]) if m else (0.0, text)


def parse_ping_argv(args: list[str]) -> tuple[dict, str] | tuple[int, str]:
    """iputils' options ``-c -W -i -t -s -I -q -n -4`` and the destination: (keyword arguments
    of :func:`ping`, warnings for stderr), or (exit status, stderr) when ping refuses."""
    opts: dict = {"count": 4, "timeout": 10.0, "interval": 1.0, "ttl": None, "dst": None}
    warn = ""
    i = 0
    while i < len(args):
        a = args[i]
        if a in _OPTS:
            if i + 1 >= len(args):
                return 2, f"ping: option requires an argument -- '{a[1]}'\n"
            name, kind, val = *_OPTS[a], args[i + 1]
            if kind is float:
                try:
                    opts[name] = float(val)
                except ValueError:    # iputils takes strtod()'s prefix and grumbles
                    opts[name], garbage = _strtod(val)
                    warn += (f"ping: option argument contains garbage: {garbage}\n"
                             "ping: this will become fatal error in the future\n")
            elif kind is int:
                try:
                    opts[name] = int(val)
                except ValueError:
                    return 1, f"ping: invalid argument: '{val}'\n"
                lo, hi = _RANGES.get(name, (None, None))
                if lo is not None and not lo <= opts[name] <= hi:
                    return 1, f"ping: invalid argument: '{val}': out of range: " \
                              f"{lo} <= value <= {hi}\n"
            else:
                opts[name] = val
            i += 2
            continue
        if a == "-q":
            opts["quiet"] = True
        elif a in ("-n", "-4"):
            pass
        elif a.startswith("-"):
            return 2, f"netsim: not supported yet: ping {a}\n"
        else:
            opts["dst"] = a
        i += 1
    if opts["dst"] is None:
        return 1, "ping: usage error: Destination address required\n"
    return opts, warn


def ping_argv(ns: str, argv: list[str]) -> PingResult:
    """``ping ARGV`` (without the program name) in ``ns``."""
    opts, warn = parse_ping_argv(argv)
    if isinstance(opts, int):
        return PingResult(opts, "", warn)
    res = ping(ns, **opts)
    res.stderr = warn + res.stderr
    return res


# ----------------------------------------------------------------------------- iptables
def iptables(ns: str, argv: list[str], program: str = "iptables") -> tuple[int, str, str]:
    """Run the real ``iptables ARGV`` inside ``ns`` (never a shell): (rc, stdout, stderr)."""
    if program not in ("iptables", "iptables-nft", "iptables-legacy", "iptables-save",
                       "iptables-restore"):
        raise ValueError(f"not an iptables program: {program!r}")
    return run_program(ns, [program, *argv])
