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
from typing import Callable, NamedTuple

from .kernel import fib
from .kernel.ip_output import ip_local_out, ip_select_ttl
from .kernel.tracepoints import step
from .kernel_model import SkBuff
from .packets import ICMP, ICMP_ECHO, IPPROTO_ICMP, IPv4, Raw

__all__ = ["PingResult", "ping", "ping_process", "run_process", "Wait", "ICMP_MESSAGES"]

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

    def __iter__(self):
        """``rc, stdout, stderr = ping(...)``, as for the other programs."""
        return iter((self.rc, self.stdout, self.stderr))


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
        # a raw socket takes any echo reply with our id, from wherever it comes (iputils then
        # marks one from another address "(DIFFERENT ADDRESS!)")
        if msg.seq in self.sent:
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
        text = icmp_text(msg.type, msg.code)
        self.errors.append((seq, ip.src, text))
        self.log.append(("error", self.errors[-1]))


def _fmt_ms(v: float) -> str:
    return f"{v * 1000:.3f}"


class Wait(NamedTuple):
    """What a probe process waits for: simulated time ``until`` (events due then included), or
    earlier, ``stop()`` becoming true after an event.  Drivers: :func:`run_process` (all at
    once, as the program runs) and :class:`netsim.stepping.Stepper` (one step at a time)."""
    until: float
    stop: Callable[[], bool] | None = None


def run_process(clock, proc):
    """Drive a probe process to its end on ``clock``; return what it returns."""
    try:
        wait = next(proc)
        while True:
            clock.run(until=wait.until, stop=wait.stop)
            wait = proc.send(None)
    except StopIteration as e:
        return e.value


def ping(kernel, ns, dst: str, count: int = 1, timeout: float = 1.0, interval: float = 1.0,
         ttl: int | None = None, size: int = 56, quiet: bool = False, iface=None,
         source: IPv4Address | None = None) -> PingResult:
    """Run ``ping -c COUNT -W TIMEOUT [-t TTL] [-i INTERVAL] [-s SIZE] [-q] [-I DEV|ADDR] DST``
    in ``ns``, advancing the simulated clock.  ``iface`` (a device) binds the socket to it;
    ``source`` (``-I ADDR``) is the source address."""
    return run_process(kernel.clock, ping_process(kernel, ns, dst, count, timeout, interval, ttl,
                                                  size, quiet, iface, source))


def ping_process(kernel, ns, dst: str, count: int = 1, timeout: float = 1.0,
                 interval: float = 1.0, ttl: int | None = None, size: int = 56,
                 quiet: bool = False,
                 iface=None, source: IPv4Address | None = None):
    """The ping program as a process: a generator that yields a :class:`Wait` whenever the
    program sleeps and returns its :class:`PingResult`."""
    daddr = IPv4Address(dst)
    rt = fib.route_output(ns, daddr, source, oif=iface)
    if not rt.error and rt.saddr is not None:
        # ip_route_connect(): once the first lookup chose the source, the flow is looked up
        # again with it, so a rule "from SRC" (unreachable, another table) decides connect()
        again = fib.route_output(ns, daddr, rt.saddr, oif=iface)
        if again.error:
            rt = again
    err = rt.error
    if not err and (rt.type == "broadcast" or int(daddr) == 0xFFFFFFFF):
        err = errno.EACCES      # ip4_datagram_connect(): a broadcast route needs SO_BROADCAST (-b)
    if err:
        return PingResult(2, "", CONNECT_ERRORS.get(err, f"ping: connect: {err}") + "\n")
    saddr = source or rt.saddr
    if not int(daddr):
        daddr = saddr           # iputils: a ping to 0.0.0.0 goes to the source (the kernel's)
    kernel._ping_ident = (getattr(kernel, "_ping_ident", 0x1233) + 1) & 0xFFFF
    sock = PingSocket(ns, kernel._ping_ident, daddr)
    ns.sockets[("icmp", sock.id)] = sock
    clock = kernel.clock
    start = clock.now
    bound = f"{saddr} {iface.name}" if iface is not None else \
        (f"{source} " if source is not None else "")
    text = PingReport(dst, daddr, size, bound, quiet)
    payload = PAYLOAD if size == 56 else Raw((bytes(8) + bytes(range(0x10, 0x100)) * 64)[:size])
    seen = 0
    stderr: list[str] = []

    def report():
        nonlocal seen
        for kind, entry in sock.log[seen:]:       # in arrival order
            if kind == "error":
                text.error(*entry, transmitted=len(sock.sent))
            elif kind == "note":
                text.note(entry)
            else:
                text.reply(*entry, size=size + 8, transmitted=len(sock.sent))
        seen = len(sock.log)

    try:
        for seq in range(1, count + 1):
            yield Wait(start + (seq - 1) * interval)
            report()
            # no address to choose from (inet_select_addr() found none): the kernel sends
            # from 0.0.0.0 (and asks ARP "tell 0.0.0.0")
            rt = fib.route_output(ns, daddr, saddr, oif=iface,
                                  explain=kernel.tracer is not None)
            hops = ttl if ttl is not None else ip_select_ttl(ns, rt)    # -t, else IP_TTL unset
            ip = IPv4(saddr or IPv4Address(0), daddr, IPPROTO_ICMP, hops, _ip_id(ns), 0, True,
                      payload=ICMP(ICMP_ECHO, 0, sock.id, seq, payload))
            skb = SkBuff(ip)
            skb.sock = sock
            if kernel.tracer is not None:
                step(ns, rt.dev, "fib_lookup", skb, _route_text(rt), rt.res.considered)
            sock.sent[seq] = clock.now
            if not rt.error and not ip_local_out(ns, skb, rt):
                # NF_DROP in OUTPUT: sendto() fails with EPERM and iputils reads the error
                # queue.  An ICMP error the drop caused (a REJECT, which loopback delivers
                # before sendto() returns) is printed and so is "sendmsg: ..."; an empty
                # queue (a plain DROP) is silent.  The probe counts as sent either way.
                errored = lambda s=seq: any(e[0] == s for e in sock.errors)  # noqa: E731
                yield Wait(clock.now + _LOOPBACK_ROUND_TRIP, errored)
                if errored():
                    stderr.append("ping: sendmsg: Operation not permitted\n")
        last = start + (count - 1) * interval
        done = lambda: len(sock.replies) + len(sock.errors) >= count  # noqa: E731
        yield Wait(last + timeout, done)
        report()
    finally:
        ns.sockets.pop(("icmp", sock.id), None)
    elapsed = int(round((clock.now - start) * 1000)) if count > 1 else 0
    res = text.finish(count, elapsed)
    res.stderr = "".join(stderr)
    return res


#: long enough for an ICMP error made on the way out to come back over lo (a few 1 us hops)
_LOOPBACK_ROUND_TRIP = 0.0001


def _ip_id(ns) -> int:
    ns.ip_id = (ns.ip_id + 1) & 0xFFFF
    return ns.ip_id


def _route_text(rt) -> str:
    if rt.error:
        return f"output route: error {errno.errorcode.get(rt.error, rt.error)}"
    via = f"via {rt.gateway} " if rt.gateway else ""
    return f"output route: {rt.type} {via}dev {rt.dev.name} src {rt.saddr} (table {rt.res.table})"


# ----------------------------------------------------------------------------- the text
def icmp_text(type_: int, code: int) -> str:
    """What iputils' ``pr_icmph()`` prints for an ICMP error."""
    return ICMP_MESSAGES.get(type_, {}).get(code, f"Bad ICMP type: {type_}")


def _fmt_rtt(v: float) -> str:
    """iputils' reply time: three decimals below 1 ms, fewer as it grows."""
    us = int(round(v * 1e6))
    if us >= 100000 - 50:
        return f"{(us + 500) // 1000}"
    if us >= 10000 - 5:
        return f"{(us + 50) // 1000}.{(us + 50) % 1000 // 100}"
    if us >= 1000:
        return f"{(us + 5) // 1000}.{(us + 5) % 1000 // 10:02d}"
    return f"{us // 1000}.{us % 1000:03d}"


class PingReport:
    """The text iputils ``ping`` prints, built as replies and errors arrive.

    Shared by the simulated ping (below) and the real-kernel one
    (``netsim.backends.linux_probes``), so both speak exactly the same words.
    """

    def __init__(self, dst: str, daddr, datalen: int = 56, bound: str = "",
                 quiet: bool = False):
        """``bound``: ``"SRC DEV"`` when the socket is bound to a device (``-I DEV``);
        ``quiet`` (``-q``): only the header and the statistics."""
        self.dst, self.daddr, self.quiet = dst, daddr, quiet
        self.timing = datalen >= 16          # room for the send time: rtts are known
        frm = f"from {bound}: " if bound else ""
        self.lines = [f"PING {dst} ({daddr}) {frm}{datalen}({datalen + 28}) bytes of data."]
        self.replies: list = []          # (seq, ttl, rtt seconds, from)
        self.errors: list = []           # (seq, from, message)
        self.pipe = 0                    # most probes outstanding when one was answered
        self.local_errors = 0            # errors the sending host itself reported (no line)

    def _acknowledge(self, seq: int, transmitted: int | None) -> None:
        """iputils' ``acknowledge()``: an answer to ``seq`` when ``transmitted`` were sent."""
        if transmitted is not None and transmitted >= seq:
            self.pipe = max(self.pipe, transmitted - seq + 1)

    def reply(self, seq: int, ttl: int, rtt: float, frm, size: int = 64,
              transmitted: int | None = None) -> None:
        self._acknowledge(seq, transmitted)
        self.replies.append((seq, ttl, rtt, frm))
        if not self.quiet:
            ms = f" time={_fmt_rtt(rtt)} ms" if self.timing else ""
            wrong = " (DIFFERENT ADDRESS!)" if str(frm) != str(self.daddr) else ""
            self.lines.append(f"{size} bytes from {frm}: icmp_seq={seq} ttl={ttl}{ms}{wrong}")

    def note(self, line: str) -> None:
        """A line iputils prints but does not count (an ICMP redirect)."""
        if not self.quiet:
            self.lines.append(line)

    def error(self, seq: int, frm, text: str, transmitted: int | None = None) -> None:
        self._acknowledge(seq, transmitted)
        self.errors.append((seq, frm, text))
        if not self.quiet:
            self.lines.append(f"From {frm} icmp_seq={seq} {text}")

    def finish(self, transmitted: int, elapsed_ms: int) -> PingResult:
        """The statistics block and the exit status (0 when any reply came, else 1)."""
        received, errors = len(self.replies), len(self.errors) + self.local_errors
        out = self.lines + ["", f"--- {self.dst} ping statistics ---"]
        loss = (transmitted - received) * 100.0 / transmitted if transmitted else 0.0
        err = f"+{errors} errors, " if errors else ""
        out.append(f"{transmitted} packets transmitted, {received} received, {err}"
                   f"{loss:g}% packet loss, time {elapsed_ms}ms")
        last = []
        if received and self.timing:
            rtts = [r[2] for r in self.replies]
            avg = sum(rtts) / len(rtts)
            mdev = (sum((r - avg) ** 2 for r in rtts) / len(rtts)) ** 0.5
            last.append(f"rtt min/avg/max/mdev = {_fmt_ms(min(rtts))}/{_fmt_ms(avg)}/"
                        f"{_fmt_ms(max(rtts))}/{_fmt_ms(mdev)} ms")
        if self.pipe > 1:        # answers came back after later probes had gone out
            last.append(f"pipe {self.pipe}")
        out.append(", ".join(last))
        return PingResult(0 if received else 1, "\n".join(out) + "\n", "", transmitted,
                          received, errors, list(self.replies), list(self.errors))
