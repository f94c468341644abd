"""macvlan: models drivers/net/macvlan.c — ``macvlan_start_xmit`` and ``macvlan_handle_frame``.

Children of one lower device, each with its own MAC.  In ``bridge`` mode two children talk to
each other directly (the frame never leaves through the lower device); anything else goes out
through the lower device.  Frames arriving on the lower device for a child's MAC are handed to
that child (the lower device's ``rx_handler``); broadcasts go to every child and to the lower.
"""
from __future__ import annotations

from .dev import XMIT, dev_queue_xmit, netif_rx
from .dropreason import DropReason
from .tracepoints import kfree_skb, step

__all__ = ["macvlan_start_xmit", "macvlan_handle_frame"]


def _is_multicast(mac: str) -> bool:
    return bool(int(mac[:2], 16) & 1)


def macvlan_start_xmit(dev, skb) -> None:
    lower = dev.lower_dev
    if not lower.running:
        kfree_skb(dev.ns, dev, "macvlan_start_xmit", skb, DropReason.DEV_READY,
                  f"lower device {lower.name} is down")
        return
    dst = skb.pkt.dst
    if dev.mode == "bridge":
        if _is_multicast(dst):
            for other in lower.macvlans:
                if other is not dev and other.mode == "bridge" and other.running:
                    netif_rx(other, skb.clone())
        else:
            for other in lower.macvlans:
                if other is not dev and other.mac == dst and other.mode == "bridge":
                    step(dev.ns, dev, "macvlan_start_xmit", skb,
                         f"bridge mode: {dst} is sibling {other.ns.name}/{other.name}")
                    if other.running:
                        netif_rx(other, skb)
                    else:
                        kfree_skb(dev.ns, dev, "macvlan_start_xmit", skb, DropReason.DEV_READY)
                    return
    step(dev.ns, dev, "macvlan_start_xmit", skb, f"out through lower device {lower.name}")
    dev_queue_xmit(lower, skb.clone())


def macvlan_handle_frame(lower, skb) -> bool:
    """rx_handler of a device that has macvlan children."""
    dst = skb.pkt.dst
    if _is_multicast(dst):
        for mv in lower.macvlans:
            if mv.running:
                netif_rx(mv, skb.clone())
        return False
    for mv in lower.macvlans:
        if mv.mac == dst:
            step(lower.ns, lower, "macvlan_handle_frame", skb, f"for child {mv.ns.name}/{mv.name}")
            netif_rx(mv, skb.clone(), 0.0)
            return True
    return False


XMIT["macvlan"] = macvlan_start_xmit
