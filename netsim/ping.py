"""``ping`` (iputils) on the simulated kernel: an ICMP socket in a namespace, echo requests one
second apart on the simulated clock, and the very output iputils prints.

The program first "connects" its socket (a route lookup, so a missing route fails at once with
``ping: connect: Network is unreachable``), then sends ``count`` echo requests, collects replies
and ICMP errors, and stops ``timeout`` seconds after the last request, or as soon as every
request is answered.
"""
from __future__ import annotations

import errno
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from .kernel import fib
from .kernel.ip_output import ip_local_out
from .kernel.tracepoints import step
from .kernel_model import SkBuff
from .packets import ICMP, ICMP_ECHO, IPPROTO_ICMP, IPv4, Raw

__all__ = ["PingResult", "ping", "ICMP_MESSAGES"]

PAYLOAD = Raw(bytes(8) + bytes(range(0x10, 0x40)))    # 56 bytes: timestamp + iputils pattern

UNREACH = {0: "Destination Net Unreachable", 1: "Destination Host Unreachable",
           2: "Destination Protocol Unreachable", 3: "Destination Port Unreachable",
           4: "Frag needed and DF set", 5: "Source Route Failed",
           6: "Destination Net Unknown", 7: "Destination Host Unknown",
           8: "Source Host Isolated", 9: "Destination Net Prohibited",
           10: "Destination Host Prohibited", 11: "Destination Net Unreachable for Type of Service",
           12: "Destination Host Unreachable for Type of Service", 13: "Packet filtered",
           14: "Precedence Violation", 15: "Precedence Cutoff"}
ICMP_MESSAGES = {3: UNREACH, 11: {0: "Time to live exceeded", 1: "Frag reassembly time exceeded"}}
ICMP_REDIRECT = 5
REDIRECTS = {0: "Redirect Network", 1: "Redirect Host", 2: "Redirect Type of Service and Network",
             3: "Redirect Type of Service and Host"}

CONNECT_ERRORS = {
    errno.ENETUNREACH: "ping: connect: Network is unreachable",
    errno.EHOSTUNREACH: "ping: connect: No route to host",
    errno.EINVAL: "ping: connect: Invalid argument",
    errno.EACCES: "ping: Do you want to ping broadcast? Then -b. If not, "
                  "check your local firewall rules",
}


@dataclass
class PingResult:
    """What one ``ping`` run did: its exit status and output, and every reply and error."""
    rc: int
    stdout: str
    stderr: str
    transmitted: int = 0
    received: int = 0
    errors: int = 0
    replies: list = field(default_factory=list)   # (seq, ttl, rtt seconds, from)
    icmp_errors: list = field(default_factory=list)  # (seq, from, message)


class PingSocket:
    """An ICMP echo socket (net/ipv4/ping.c): replies and errors are matched on the echo id."""

    def __init__(self, ns, ident: int, dst: IPv4Address):
        self.ns, self.id, self.dst = ns, ident, dst
        self.sent: dict[int, float] = {}
        self.replies: list = []
        self.errors: list = []
        self.log: list = []          # what ping prints, in arrival order: (kind, entry)

    def describe(self) -> str:
        return f"ping socket (id {self.id}) in {self.ns.name}"

    def on_echo_reply(self, ip: IPv4, msg: ICMP) -> None:
        if msg.seq in self.sent and ip.src == self.dst:
            self.replies.append((msg.seq, ip.ttl, self.ns.kernel.clock.now - self.sent[msg.seq],
                                 ip.src))
            self.log.append(("reply", self.replies[-1]))

    def on_icmp_error(self, ip: IPv4, msg: ICMP, quoted) -> None:
        inner = quoted.payload if quoted is not None else None
        seq = getattr(inner, "seq", 0)
        if msg.type == ICMP_REDIRECT:
            # printed by iputils (pr_icmph) but not counted as an error
            gw = IPv4Address((msg.id << 16) | msg.seq)
            text = REDIRECTS.get(msg.code, "Redirect, Bad Code: %d" % msg.code)
            self.log.append(("note", f"From {ip.src}: icmp_seq={seq} {text}(New nexthop: {gw})"))
            return
        text = ICMP_MESSAGES.get(msg.type, {}).get(msg.code, f"Bad ICMP type: {msg.type}")
        self.errors.append((seq, ip.src, text))
        self.log.append(("error", self.errors[-1]))


def _fmt_ms(v: float) -> str:
    return f"{v * 1000:.3f}"


def ping(kernel, ns, dst: str, count: int = 1, timeout: float = 1.0, interval: float = 1.0,
         ttl: int = 64, size: int = 56, quiet: bool = False, iface=None) -> PingResult:
    """Run ``ping -c COUNT -W TIMEOUT [-t TTL] [-i INTERVAL] [-s SIZE] [-q] [-I DEV] DST`` in
    ``ns``, advancing the simulated clock.  ``iface`` (a device) binds the socket to it."""
    daddr = IPv4Address(dst)
    rt = fib.route_output(ns, daddr, oif=iface)
    error = rt.error
    if not error and rt.type == "broadcast":
        error = errno.EACCES     # ip4_datagram_connect(): a broadcast needs SO_BROADCAST (-b)
    if error:
        return PingResult(2, "", CONNECT_ERRORS.get(error, f"ping: connect: {error}") + "\n")
    saddr = rt.saddr
    kernel._ping_ident = (getattr(kernel, "_ping_ident", 0x1233) + 1) & 0xFFFF
    sock = PingSocket(ns, kernel._ping_ident, daddr)
    ns.sockets[("icmp", sock.id)] = sock
    clock = kernel.clock
    start = clock.now
    bound = f"from {saddr} {iface.name}: " if iface is not None else ""
    out = [f"PING {dst} ({daddr}) {bound}{size}({size + 28}) bytes of data."]
    payload = PAYLOAD if size == 56 else Raw((bytes(8) + bytes(range(0x10, 0x100)) * 64)[:size])
    seen = 0

    def report():
        nonlocal seen
        for kind, entry in sock.log[seen:]:       # in arrival order
            if quiet:
                continue
            if kind == "error":
                seq, frm, text = entry
                out.append(f"From {frm} icmp_seq={seq} {text}")
            elif kind == "note":
                out.append(entry)
            else:
                seq, t, rtt, frm = entry
                out.append(f"{size + 8} bytes from {frm}: icmp_seq={seq} ttl={t} "
                           f"time={_fmt_ms(rtt)} ms")
        seen = len(sock.log)

    try:
        for seq in range(1, count + 1):
            send_at = start + (seq - 1) * interval
            clock.run(until=send_at)
            report()
            ip = IPv4(saddr, daddr, IPPROTO_ICMP, ttl, _ip_id(ns), 0, True,
                      payload=ICMP(ICMP_ECHO, 0, sock.id, seq, payload))
            skb = SkBuff(ip)
            skb.sock = sock
            rt = fib.route_output(ns, daddr, saddr, oif=iface,
                                  explain=kernel.tracer is not None)
            if kernel.tracer is not None:
                step(ns, rt.dev, "fib_lookup", skb, _route_text(rt), rt.res.considered)
            sock.sent[seq] = clock.now
            if not rt.error:
                ip_local_out(ns, skb, rt)
        last = start + (count - 1) * interval
        done = lambda: len(sock.replies) + len(sock.errors) >= count  # noqa: E731
        clock.run(until=last + timeout, stop=done)
        report()
    finally:
        ns.sockets.pop(("icmp", sock.id), None)
    received, errors = len(sock.replies), len(sock.errors)
    elapsed = int(round((clock.now - start) * 1000)) if count > 1 else 0
    loss = (count - received) * 100.0 / count
    out.append("")
    out.append(f"--- {dst} ping statistics ---")
    err = f"+{errors} errors, " if errors else ""
    out.append(f"{count} packets transmitted, {received} received, {err}{loss:g}% packet loss, "
               f"time {elapsed}ms")
    if received:
        rtts = [r[2] for r in sock.replies]
        avg = sum(rtts) / len(rtts)
        mdev = (sum((r - avg) ** 2 for r in rtts) / len(rtts)) ** 0.5
        out.append(f"rtt min/avg/max/mdev = {_fmt_ms(min(rtts))}/{_fmt_ms(avg)}/"
                   f"{_fmt_ms(max(rtts))}/{_fmt_ms(mdev)} ms")
    else:
        out.append("")
    return PingResult(0 if received else 1, "\n".join(out) + "\n", "", count, received, errors,
                      list(sock.replies), list(sock.errors))


def _ip_id(ns) -> int:
    ns.ip_id = (ns.ip_id + 1) & 0xFFFF
    return ns.ip_id


def _route_text(rt) -> str:
    if rt.error:
        return f"output route: error {errno.errorcode.get(rt.error, rt.error)}"
    via = f"via {rt.gateway} " if rt.gateway else ""
    return f"output route: {rt.type} {via}dev {rt.dev.name} src {rt.saddr} (table {rt.res.table})"
