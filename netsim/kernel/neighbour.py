"""Neighbours (the ARP cache): models net/core/neighbour.c — ``neigh_resolve_output``,
``__neigh_event_send``, ``neigh_update``, ``neigh_timer_handler`` — and the NUD state machine.

A packet for an unresolved next hop is queued while the entry is INCOMPLETE and an ARP request
goes out every ``retrans_time`` (1 s); after ``mcast_solicit`` (3) probes the entry is FAILED and
the queued packets are reported back with ICMP host unreachable.  An answered entry is REACHABLE
for a random 15–45 s, then STALE; using a STALE entry starts DELAY (5 s), then PROBE.
"""
from __future__ import annotations

from ipaddress import IPv4Address

from ..errors import Invalid
from ..kernel_model import NUD, RT_TABLE_LOCAL, Neighbour
from ..packets import Ether
from .dropreason import DropReason
from .tracepoints import kfree_skb, step

__all__ = ["neigh_lookup", "neigh_create", "neigh_resolve_output", "neigh_event_send",
           "neigh_update", "neigh_ifdown", "neigh_flush_ns", "neigh_entries"]

ARP_SOLICIT = [None]        # arp_solicit(neigh, skb), installed by arp.py
ERROR_REPORT = [None]       # arp_error_report(neigh, skb), installed by icmp.py


def _param(ns, key: str, dev=None) -> int:
    """A parameter of the ARP table: the device's copy (net.ipv4.neigh.DEV.KEY), or the
    table's default."""
    from ..kernel_model import NEIGH_PARMS
    if dev is not None:
        v = ns.sysctl.get(f"net.ipv4.neigh.{dev.name}.{key}")
        if v is not None:
            return int(v)
    return int(NEIGH_PARMS[key])


def neigh_lookup(ns, dev, ip: IPv4Address) -> Neighbour | None:
    return ns.neigh.get((dev.ifindex, int(ip)))


def neigh_create(ns, dev, ip: IPv4Address) -> Neighbour:
    """__neigh_create() + arp_constructor(): on a device without ARP (dummy, IFF_NOARP, lo) the
    entry is NOARP at once, with the device's own address as link-layer address.  On lo every
    address shares one entry: arp_constructor() rewrites the key to 0.0.0.0 (so ``ip neigh
    add 10.1.1.1 ... dev lo`` shows up as ``0.0.0.0 dev lo``)."""
    if dev.kind == "loopback":
        ip = IPv4Address(0)
    key = (dev.ifindex, int(ip))
    n = ns.neigh.get(key)
    if n is None:
        now = ns.kernel.clock.now
        # neigh_alloc(): "confirmed" lies two base reachable times back (never confirmed)
        n = ns.neigh[key] = Neighbour(ip, dev, NUD.NONE, updated=now,
                                      confirmed=now - 2 * _param(ns, "base_reachable_time_ms", dev)
                                      / 1000.0)
        if "NOARP" in dev.iff_flags() or dev.kind == "loopback":
            n.state, n.lladdr = NUD.NOARP, dev.mac
        elif _dev_addr_type(ns, dev, int(ip)) == "BROADCAST":
            n.state, n.lladdr = NUD.NOARP, "ff:ff:ff:ff:ff:ff"
    return n


def _dev_addr_type(ns, dev, addr: int) -> str:
    """__inet_dev_addr_type(), as arp_constructor() asks it: 0.x.x.x, and any address while
    the namespace has no local table yet (no address was ever added, lo never up), is
    BROADCAST -- the neighbour is NOARP with the broadcast MAC and frames go to everyone."""
    from .fib import addr_type
    if (addr >> 24) == 0 or RT_TABLE_LOCAL not in ns.tables:
        return "BROADCAST"
    return addr_type(ns, addr, dev)


def _set_timer(n: Neighbour, delay: float) -> None:
    if n.timer is not None:
        n.timer.cancel()
    n.timer = n.dev.ns.kernel.clock.schedule(delay, neigh_timer_handler, n)


def _del_timer(n: Neighbour) -> None:
    if n.timer is not None:
        n.timer.cancel()
        n.timer = None


def _reachable_time(ns, dev=None) -> float:
    base = _param(ns, "base_reachable_time_ms", dev) / 1000.0
    return ns.kernel.rng.uniform(base / 2, base * 3 / 2)


def _output(n: Neighbour, skb) -> None:
    from .dev import dev_queue_xmit
    frame = Ether(n.lladdr, n.dev.mac, 0x0800, skb.pkt)
    skb.pkt = frame
    dev_queue_xmit(n.dev, skb)


def neigh_resolve_output(ns, dev, nexthop: IPv4Address, skb) -> None:
    """Send an IPv4 packet to ``nexthop`` on ``dev``: at once if its MAC is known, else queue it
    and start (or continue) ARP resolution."""
    n = neigh_create(ns, dev, nexthop)
    state = n.state
    if state & (NUD.REACHABLE | NUD.PERMANENT | NUD.NOARP | NUD.DELAY | NUD.PROBE):
        step(ns, dev, "neigh_resolve_output", skb,
             f"neighbour {nexthop} is {NUD.NAMES[state]} at {n.lladdr}")
        _output(n, skb)
        return
    if state == NUD.STALE:
        n.state = NUD.DELAY
        n.updated = ns.kernel.clock.now
        _set_timer(n, _param(ns, "delay_first_probe_time", dev))
        step(ns, dev, "neigh_resolve_output", skb,
             f"neighbour {nexthop} is STALE at {n.lladdr}: send, and enter DELAY")
        _output(n, skb)
        return
    if state != NUD.INCOMPLETE:
        # NONE or FAILED: (re)start resolution, probes counted from ucast_solicit
        n.state = NUD.INCOMPLETE
        n.probes = _param(ns, "ucast_solicit", dev)
        n.updated = ns.kernel.clock.now
        n.queue.append(skb)
        step(ns, dev, "neigh_resolve_output", skb,
             f"no MAC for {nexthop}: entry INCOMPLETE, packet queued, send ARP request")
        _probe(n, skb)
        _set_timer(n, _param(ns, "retrans_time_ms", dev) / 1000.0)
        return
    n.queue.append(skb)
    if len(n.queue) > 101:
        old = n.queue.pop(0)
        kfree_skb(ns, dev, "neigh_resolve_output", old, DropReason.NEIGH_QUEUEFULL)
    step(ns, dev, "neigh_resolve_output", skb,
         f"resolution of {nexthop} pending (INCOMPLETE): packet queued")


def neigh_event_send(ns, n: Neighbour) -> None:
    """__neigh_event_send() with no packet: start resolving an entry that is NONE or FAILED (an
    ARP probe goes out now), or move a STALE one to DELAY; a usable or pending one is left."""
    if n.state & (NUD.REACHABLE | NUD.PERMANENT | NUD.NOARP | NUD.DELAY | NUD.PROBE |
                  NUD.INCOMPLETE):
        return
    n.updated = ns.kernel.clock.now
    if n.state == NUD.STALE:
        n.state = NUD.DELAY
        _set_timer(n, _param(ns, "delay_first_probe_time"))
        return
    n.state = NUD.INCOMPLETE
    n.probes = _param(ns, "ucast_solicit")
    _probe(n)
    _set_timer(n, _param(ns, "retrans_time_ms") / 1000.0)


def _probe(n: Neighbour, skb=None) -> None:
    n.probes += 1
    ARP_SOLICIT[0](n, skb)


def _max_probes(ns, n: Neighbour) -> int:
    ucast = _param(ns, "ucast_solicit", n.dev)
    return ucast + _param(ns, "mcast_solicit", n.dev) if n.state != NUD.PROBE else ucast


def neigh_timer_handler(n: Neighbour) -> None:
    ns = n.dev.ns
    n.timer = None
    now = ns.kernel.clock.now
    if key_gone(n):
        return
    if n.state == NUD.REACHABLE:
        n.state = NUD.STALE
        n.updated = now
        return
    if n.state == NUD.DELAY:
        if now - n.confirmed < _param(ns, "delay_first_probe_time", n.dev):
            n.state = NUD.REACHABLE
            _set_timer(n, _reachable_time(ns, n.dev))
        else:
            n.state = NUD.PROBE
            n.probes = 0
            _probe(n)
            _set_timer(n, _param(ns, "retrans_time_ms", n.dev) / 1000.0)
        return
    if n.state in (NUD.INCOMPLETE, NUD.PROBE):
        limit = (_param(ns, "ucast_solicit", n.dev) + _param(ns, "mcast_solicit", n.dev)
                 if n.state == NUD.INCOMPLETE else _param(ns, "ucast_solicit", n.dev))
        if n.probes >= limit:
            n.state = NUD.FAILED
            n.updated = now
            _invalidate(n)
            return
        _probe(n)
        _set_timer(n, _param(ns, "retrans_time_ms", n.dev) / 1000.0)


def key_gone(n: Neighbour) -> bool:
    return n.dev.ns.neigh.get((n.dev.ifindex, int(n.ip))) is not n


def _invalidate(n: Neighbour) -> None:
    """neigh_invalidate(): every queued packet is reported back (ICMP host unreachable)."""
    ns = n.dev.ns
    queue, n.queue = n.queue, []
    mcast = n.probes - _param(ns, "ucast_solicit", n.dev)
    for skb in queue:
        kfree_skb(ns, n.dev, "neigh_invalidate", skb, DropReason.NEIGH_FAILED,
                  f"no ARP reply from {n.ip} after {mcast} probes")
        if ERROR_REPORT[0] is not None:
            ERROR_REPORT[0](n, skb)


def neigh_update(n: Neighbour, lladdr: str | None, new: int, override: bool = True,
                 admin: bool = False) -> None:
    """__neigh_update(): move an entry to ``new`` with ``lladdr``; a PERMANENT entry changes
    only by admin.  A state without a MAC (NONE, INCOMPLETE, FAILED) is set as it is and keeps
    no timer; a valid state needs a MAC, given or already known (EINVAL otherwise); DELAY and
    PROBE set by hand run their timer at once (DELAY becomes PROBE unless recently confirmed)."""
    ns = n.dev.ns
    old = n.state
    if not admin and old & (NUD.PERMANENT | NUD.NOARP):
        return
    now = ns.kernel.clock.now
    if not new & NUD.VALID:
        _del_timer(n)
        n.state = new
        if old & (NUD.INCOMPLETE | NUD.PROBE) and new & NUD.FAILED:
            _invalidate(n)
        return
    if lladdr is None:
        if not old & NUD.VALID:
            raise Invalid(extack="No link layer address given.")
        lladdr = n.lladdr
    if n.state & NUD.VALID:
        if lladdr is not None and lladdr != n.lladdr and not override:
            return
        # a valid entry whose address did not change is not made STALE (keeps its state)
        if (lladdr is None or lladdr == n.lladdr) and new == NUD.STALE and not admin:
            if n.state & (NUD.REACHABLE | NUD.DELAY | NUD.PROBE | NUD.STALE):
                return
    n.state = new
    if lladdr is not None:
        n.lladdr = lladdr
    n.updated = now
    if new & (NUD.REACHABLE | NUD.PERMANENT | NUD.NOARP):
        n.confirmed = now
    if new == NUD.REACHABLE:
        _set_timer(n, _reachable_time(ns, n.dev))
    elif new & (NUD.DELAY | NUD.PROBE):
        if new != old:
            # neigh_add_timer(neigh, jiffies): due at once, so it runs before anything else
            n.probes = 0
            _del_timer(n)
            neigh_timer_handler(n)
    else:
        _del_timer(n)
    if new & NUD.VALID and n.queue:
        queue, n.queue = n.queue, []
        for skb in queue:
            step(ns, n.dev, "neigh_update", skb,
                 f"{n.ip} resolved to {n.lladdr}: send the queued packet")
            _output(n, skb)


def neigh_remove(ns, n: Neighbour) -> None:
    _del_timer(n)
    n.queue.clear()
    ns.neigh.pop((n.dev.ifindex, int(n.ip)), None)


def neigh_ifdown(ns, dev, include_permanent: bool = True) -> None:
    """neigh_ifdown(): a device going down forgets its neighbours."""
    for key, n in list(ns.neigh.items()):
        if n.dev is dev and (include_permanent or not n.state & NUD.PERMANENT):
            neigh_remove(ns, n)


def neigh_flush_ns(ns) -> None:
    for n in list(ns.neigh.values()):
        neigh_remove(ns, n)


def neigh_entries(ns) -> list[Neighbour]:
    """Every entry, as neigh_dump_table() sends them (``ip neigh show`` hides NONE and NOARP
    entries unless asked with ``nud``)."""
    return list(ns.neigh.values())
