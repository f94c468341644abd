"""Sending IPv4: models net/ipv4/ip_output.c — ``ip_local_out`` (OUTPUT hook), ``ip_output``
(POSTROUTING hook), ``ip_finish_output2`` (find the neighbour, hand over to it).

A packet for a ``local`` route goes out through ``lo``; any other goes to the next hop (the
route's gateway, or the destination itself when it is on-link) via ``neigh_resolve_output``.
"""
from __future__ import annotations

from ..packets import Ether
from . import neighbour
from .dev import dev_queue_xmit
from .dropreason import DropReason
from .nf_hook import nf_hook
from .tracepoints import kfree_skb, step

__all__ = ["ip_local_out", "ip_output", "ip_finish_output2", "ip_select_ttl"]


def ip_select_ttl(ns, rt) -> int:
    """ip4_dst_hoplimit(): the route's hoplimit metric, else net.ipv4.ip_default_ttl (a socket
    without IP_TTL set)."""
    for name, value, _lock in getattr(rt, "metrics", ()):
        if name == "hoplimit" and value:
            return value
    return int(ns.sysctl.get("net.ipv4.ip_default_ttl", "64"))


def ip_local_out(ns, skb, rt) -> bool:
    """A locally generated packet: OUTPUT hook, then ip_output.  False when netfilter dropped
    it on the way out (the sender's ``sendmsg`` gets EPERM)."""
    skb.local_out = True
    return nf_hook("OUTPUT", ns, skb, None, rt.dev, ip_output, rt) is not False


def ip_output(ns, skb, rt):
    """POSTROUTING hook (SNAT/MASQUERADE happen here), then ip_finish_output2."""
    return nf_hook("POSTROUTING", ns, skb, None, rt.dev, ip_finish_output2, rt)


def ip_finish_output2(ns, skb, rt) -> None:
    dev = rt.dev
    ip = skb.pkt
    if dev is None:
        kfree_skb(ns, None, "ip_finish_output2", skb, DropReason.IP_OUTNOROUTES)
        return
    if rt.type == "local" or dev.kind == "loopback":
        step(ns, dev, "ip_finish_output2", skb, "local destination: out through lo")
        # ip_neigh_for_gw(): lo has one NOARP neighbour, keyed 0.0.0.0 (arp_constructor)
        neighbour.neigh_create(ns, dev, ip.dst)
        skb.pkt = Ether("00:00:00:00:00:00", "00:00:00:00:00:00", 0x0800, ip)
        dev_queue_xmit(dev, skb)
        return
    if rt.type == "broadcast" or int(ip.dst) == 0xFFFFFFFF:
        skb.pkt = Ether("ff:ff:ff:ff:ff:ff", dev.mac, 0x0800, ip)
        dev_queue_xmit(dev, skb)
        return
    nexthop = rt.gateway or ip.dst
    step(ns, dev, "ip_finish_output2", skb,
         f"next hop {nexthop}" + (" (gateway)" if rt.gateway else " (on-link)") + f" via {dev.name}")
    neighbour.neigh_resolve_output(ns, dev, nexthop, skb)
