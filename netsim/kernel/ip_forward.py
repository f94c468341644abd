"""Forwarding: models net/ipv4/ip_forward.c — ``ip_forward`` → FORWARD hook →
``ip_forward_finish``.

Only packets addressed to our MAC are forwarded; a TTL that would reach zero is answered with
ICMP time exceeded; a packet routed back out of the interface it came in on earns its sender an
ICMP redirect; the copy that goes on has its TTL decremented (a new packet value).
"""
from __future__ import annotations

from dataclasses import replace

from ..packets import ICMP_EXC_TTL, ICMP_TIME_EXCEEDED
from . import fib, icmp
from .dropreason import DropReason
from .ip_output import ip_output
from .nf_hook import nf_hook
from .route import ip_rt_send_redirect
from .tracepoints import kfree_skb, step

__all__ = ["ip_forward", "ip_forward_finish"]


def ip_forward(ns, skb, rt) -> None:
    ip = skb.pkt
    dev = skb.iif
    if skb.pkt_type != "host":
        kfree_skb(ns, dev, "ip_forward", skb, DropReason.OTHERHOST)
        return
    if ip.ttl <= 1:
        step(ns, dev, "ip_forward", skb, f"TTL {ip.ttl} would expire: ICMP time exceeded")
        icmp.icmp_send(ns, skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL)
        kfree_skb(ns, dev, "ip_forward", skb, DropReason.IP_TTL_EXCEEDED)
        return
    if fib.rt_does_redirect(ns, rt, ip.src, dev):
        # IPSKB_DOREDIRECT: tell the sender the better first hop, then forward anyway
        ip_rt_send_redirect(ns, skb, rt)
    step(ns, dev, "ip_forward", skb,
         f"forward to {rt.gateway or ip.dst} via {rt.dev.name} (ip_forward=1)")
    nf_hook("FORWARD", ns, skb, dev, rt.dev, ip_forward_finish, rt)


def ip_forward_finish(ns, skb, rt) -> None:
    ip = skb.pkt
    skb.pkt = replace(ip, ttl=ip.ttl - 1)
    step(ns, rt.dev, "ip_forward_finish", skb, f"TTL {ip.ttl} -> {ip.ttl - 1}")
    ip_output(ns, skb, rt)
