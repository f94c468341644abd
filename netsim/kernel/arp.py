"""ARP: models net/ipv4/arp.c — ``arp_rcv``, ``arp_process``, ``arp_solicit``, ``arp_send``.

A request for one of our addresses (as ``ip_route_input`` judges it: a ``local`` route) is
answered with our MAC, and teaches us the asker (its entry becomes STALE).  A reply updates an
entry we already have (REACHABLE when addressed to us); with ``arp_accept=0`` an unsolicited
reply creates nothing.
"""
from __future__ import annotations

from ipaddress import IPv4Address

from ..kernel_model import NUD
from ..packets import ARP, ARPOP_REPLY, ARPOP_REQUEST, ETH_P_ARP, Ether
from . import fib, neighbour
from .dev import PROTO_HANDLERS, dev_queue_xmit
from .dropreason import DropReason
from .tracepoints import consume_skb, deliver, kfree_skb, step

__all__ = ["arp_rcv", "arp_process", "arp_solicit", "arp_send"]

BROADCAST = "ff:ff:ff:ff:ff:ff"


def arp_send(op: int, dev, sip: IPv4Address, tip: IPv4Address, dst_hw: str | None,
             target_hw: str | None, skb_for=None) -> None:
    from ..kernel_model import SkBuff
    frame = Ether(dst_hw or BROADCAST, dev.mac, ETH_P_ARP,
                  ARP(op, dev.mac, sip, target_hw or "00:00:00:00:00:00", tip))
    skb = SkBuff(frame, dev)
    step(dev.ns, dev, "arp_send", skb,
         ("ARP request: who-has " if op == ARPOP_REQUEST else "ARP reply: ") +
         (f"{tip} tell {sip}" if op == ARPOP_REQUEST else f"{sip} is-at {dev.mac}"))
    dev_queue_xmit(dev, skb)


def arp_solicit(n, skb=None) -> None:
    """Ask who has ``n.ip``: broadcast, or unicast to the known MAC when re-probing (PROBE)."""
    dev, ns = n.dev, n.dev.ns
    saddr = None
    if skb is not None:
        ip = skb.pkt
        src = getattr(ip, "src", None)
        if src is not None and int(src) in ns.local_addrs:
            saddr = src
    if saddr is None:
        saddr = fib.inet_select_addr(ns, dev, int(n.ip), 253) or IPv4Address(0)
    unicast = n.lladdr if n.state == NUD.PROBE else None
    arp_send(ARPOP_REQUEST, dev, saddr, n.ip, unicast, None)


def arp_rcv(skb, dev) -> None:
    ns = dev.ns
    arp = skb.pkt.payload
    if not isinstance(arp, ARP) or dev.kind == "loopback":
        kfree_skb(ns, dev, "arp_rcv", skb, DropReason.NOT_SPECIFIED, "not an ARP packet")
        return
    arp_process(skb, dev, arp)


def arp_process(skb, dev, arp: ARP) -> None:
    ns = dev.ns
    sip, tip, sha = arp.spa, arp.tpa, arp.sha
    if (int(tip) >> 28) == 0xE:
        kfree_skb(ns, dev, "arp_process", skb, DropReason.NOT_SPECIFIED, "multicast target")
        return
    if arp.op == ARPOP_REQUEST:
        if int(sip) == 0:
            # duplicate address detection (RFC 2131): a probe for one of our addresses is
            # answered (to its sender's MAC, target IP 0.0.0.0), but nothing is learned
            if fib.addr_type(ns, int(tip), dev) == "LOCAL":
                step(ns, dev, "arp_process", skb, f"ARP probe for {tip}, ours: reply")
                arp_send(ARPOP_REPLY, dev, tip, sip, sha, sha)
                consume_skb(ns, dev, "arp_process", skb, "ARP probe (answered)")
                return
            kfree_skb(ns, dev, "arp_process", skb, DropReason.NOT_SPECIFIED, "ARP probe")
            return
        rt = fib.route_input(ns, tip, sip, dev)
        if not rt.error and rt.type == "local":
            n = neighbour.neigh_create(ns, dev, sip)
            neighbour.neigh_update(n, sha, NUD.STALE, override=True)
            step(ns, dev, "arp_process", skb,
                 f"{tip} is ours: learn {sip} at {sha} (STALE) and reply")
            arp_send(ARPOP_REPLY, dev, tip, sip, sha, sha)
            deliver(ns, dev, "arp_process", skb, "ARP (answered)")
            return
        if not rt.error and rt.type == "unicast" and _arp_fwd_proxy(ns, dev, rt):
            # a forwarding host answers for an address it routes out of another device
            n = neighbour.neigh_create(ns, dev, sip)
            neighbour.neigh_update(n, sha, NUD.STALE, override=True)
            if skb.pkt_type == "host":
                step(ns, dev, "arp_process", skb, f"proxy ARP for {tip} (via {rt.dev.name}): reply")
                arp_send(ARPOP_REPLY, dev, tip, sip, sha, sha)
            else:
                # pneigh_enqueue(): a broadcast request is answered after a random delay of
                # up to proxy_delay (0.8 s)
                delay = ns.kernel.rng.uniform(0, neighbour._param(ns, "proxy_delay", dev) / 100.0)
                step(ns, dev, "arp_process", skb,
                     f"proxy ARP for {tip} (via {rt.dev.name}): reply in {delay:.3f} s")
                ns.kernel.clock.schedule(delay, arp_send, ARPOP_REPLY, dev, tip, sip, sha, sha)
            consume_skb(ns, dev, "arp_process", skb, "ARP (proxied)")
            return
    n = neighbour.neigh_lookup(ns, dev, sip)
    if n is not None:
        state = NUD.REACHABLE if (arp.op == ARPOP_REPLY and skb.pkt_type == "host") else NUD.STALE
        # "If several different ARP replies follow back-to-back, use the FIRST one": a
        # different address overrides a valid entry only after locktime (1 s), or if gratuitous
        locktime = neighbour._param(ns, "locktime", dev) / 100.0
        override = ns.kernel.clock.now - n.updated > locktime or sip == tip
        if n.state & NUD.VALID and sha != n.lladdr and not override:
            step(ns, dev, "arp_process", skb,
                 f"keep neighbour {sip} at {n.lladdr}: a different answer ({sha}) within "
                 f"locktime is ignored")
        else:
            step(ns, dev, "arp_process", skb,
                 f"update neighbour {sip}: {sha} ({NUD.NAMES[state]})")
        neighbour.neigh_update(n, sha, state, override=override)
        deliver(ns, dev, "arp_process", skb, "ARP (neighbour updated)")
        return
    # arp_process() ends at out_consume_skb: an ARP packet that is not for us is ignored,
    # not dropped (consume_skb, no drop reason)
    consume_skb(ns, dev, "arp_process", skb,
                f"ARP {'request' if arp.op == ARPOP_REQUEST else 'reply'} for {tip} is not "
                f"for us: ignored")


def _arp_fwd_proxy(ns, dev, rt) -> bool:
    """arp_fwd_proxy(): proxy_arp (all OR the device) on a forwarding device, for a route
    out of another device (route_input() already refused it when not forwarding)."""
    if rt.dev is dev or rt.dev is None:
        return False
    return bool(ns.conf(dev, "proxy_arp") or
                int(ns.sysctl.get("net.ipv4.conf.all.proxy_arp", "0")))


PROTO_HANDLERS[ETH_P_ARP] = arp_rcv
neighbour.ARP_SOLICIT[0] = arp_solicit
