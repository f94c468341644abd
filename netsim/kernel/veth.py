"""A virtual Ethernet pair: models drivers/net/veth.c.

``veth_xmit`` hands the frame to the peer's receive path (``veth_forward_skb`` → ``netif_rx``),
whichever namespace the peer lives in.  No carrier (the peer is down) means the frame is dropped.
"""
from __future__ import annotations

from .dev import XMIT, netif_rx
from .dropreason import DropReason
from .tracepoints import kfree_skb, step

__all__ = ["veth_xmit"]


def veth_xmit(dev, skb) -> None:
    peer = dev.peer
    if peer is None or not peer.admin_up:
        kfree_skb(dev.ns, dev, "veth_xmit", skb, DropReason.DEV_READY, "peer is down")
        return
    step(dev.ns, dev, "veth_xmit", skb, f"to peer {peer.ns.name}/{peer.name}")
    netif_rx(peer, skb)


XMIT["veth"] = veth_xmit
