"""Receiving IPv4: models net/ipv4/ip_input.c — ``ip_rcv`` (PREROUTING hook), ``ip_rcv_finish``
(the input route decides: local, forward, or error), ``ip_local_deliver`` (INPUT hook) and
``ip_local_deliver_finish`` (hand over to ICMP, UDP or TCP).
"""
from __future__ import annotations

import errno

from ..packets import (ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, ICMP_NET_UNREACH,
                       ICMP_PKT_FILTERED, IPv4)
from . import fib, icmp
from .dev import INET_PROTOS as L4_HANDLERS, PROTO_HANDLERS
from .dropreason import DropReason
from .nf_hook import nf_hook
from .tracepoints import kfree_skb, step

__all__ = ["ip_rcv", "ip_rcv_finish", "ip_local_deliver", "L4_HANDLERS"]



def ip_rcv(skb, dev) -> None:
    ns = dev.ns
    ip = skb.pkt.payload
    if skb.pkt_type == "otherhost":
        kfree_skb(ns, dev, "ip_rcv", skb, DropReason.OTHERHOST,
                  f"frame for {skb.pkt.dst}, not {dev.mac}")
        return
    if not isinstance(ip, IPv4):
        kfree_skb(ns, dev, "ip_rcv", skb, DropReason.IP_INHDR)
        return
    eth = skb.pkt
    skb.mac_header = (eth.dst, eth.src, eth.type)
    skb.pkt = ip
    skb.iif = dev
    step(ns, dev, "ip_rcv", skb, f"IPv4 {ip.src} > {ip.dst}")
    if skb.nf_bridge is not None:
        # br_netfilter already ran PREROUTING on this frame as it entered the bridge
        # (ip_sabotage_in): go straight on
        step(ns, dev, "ip_sabotage_in", skb, "PREROUTING already done by br_netfilter")
        ip_rcv_finish(ns, skb, dev)
        return
    nf_hook("PREROUTING", ns, skb, dev, None, ip_rcv_finish, dev)


def ip_rcv_finish(ns, skb, dev) -> None:
    ip = skb.pkt
    tr = ns.kernel.tracer is not None
    rt = fib.route_input(ns, ip.dst, ip.src, dev, explain=tr)
    if tr:
        step(ns, dev, "fib_lookup", skb, _describe(rt), rt.res.considered)
    if rt.error:
        ip_error(ns, skb, dev, rt)
        return
    skb.rt_type = rt.type                 # skb_dst_set(): the input route rides with the skb
    if rt.type in ("local", "broadcast"):
        ip_local_deliver(ns, skb, dev)
        return
    from .ip_forward import ip_forward
    ip_forward(ns, skb, rt)


def _describe(rt) -> str:
    if rt.error:
        return f"input route: error {errno.errorcode.get(rt.error, rt.error)} ({_err_text(rt)})"
    if rt.type == "local":
        return "input route: local (the address is ours)"
    if rt.type == "broadcast":
        return "input route: broadcast"
    return (f"input route: forward via {rt.gateway or 'direct'} dev {rt.dev.name}"
            f" (table {rt.res.table})")


def _err_text(rt) -> str:
    return {errno.EHOSTUNREACH: "no forwarding: ip_forward=0 or no route",
            errno.ENETUNREACH: "no route", errno.EINVAL: "martian or rp_filter",
            errno.EACCES: "prohibit route"}.get(rt.error, "")


def ip_error(ns, skb, dev, rt) -> None:
    """ip_error(): when forwarding, tell the sender why with an ICMP; else drop silently."""
    err = rt.error
    if err == errno.EINVAL:
        reason = DropReason.IP_RPFILTER if ns.rp_filter(dev) else DropReason.IP_INVALID_SOURCE
        kfree_skb(ns, dev, "ip_rcv_finish", skb, reason)
        return
    if not ns.forwarding(dev):
        kfree_skb(ns, dev, "ip_error", skb, DropReason.IP_INADDRERRORS,
                  f"not for us and forwarding is off on {dev.name} (net.ipv4.ip_forward=0)")
        return
    code = {errno.ENETUNREACH: ICMP_NET_UNREACH, errno.EHOSTUNREACH: ICMP_HOST_UNREACH,
            errno.EACCES: ICMP_PKT_FILTERED}.get(err)
    if code is not None:
        icmp.icmp_send(ns, skb, ICMP_DEST_UNREACH, code)
    kfree_skb(ns, dev, "ip_error", skb,
              DropReason.IP_INNOROUTES if err == errno.ENETUNREACH else DropReason.UNREACHABLE_ROUTE)


def ip_local_deliver(ns, skb, dev) -> None:
    nf_hook("INPUT", ns, skb, dev, None, ip_local_deliver_finish, dev)


def ip_local_deliver_finish(ns, skb, dev) -> None:
    ip = skb.pkt
    handler = L4_HANDLERS.get(ip.proto)
    if handler is None:
        icmp.icmp_send(ns, skb, ICMP_DEST_UNREACH, 2)
        kfree_skb(ns, dev, "ip_local_deliver_finish", skb, DropReason.NOT_SPECIFIED,
                  f"no handler for IP protocol {ip.proto}")
        return
    handler(ns, skb)


PROTO_HANDLERS[0x0800] = ip_rcv
