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
    skb_scrub_packet(skb, xnet=peer.ns is not dev.ns)
    netif_rx(peer, skb)


def skb_scrub_packet(skb, xnet: bool) -> None:
    """net/core/skbuff.c: a frame handed to another device forgets its conntrack entry and
    br_netfilter state (``nf_reset_ct``, ``skb_ext_reset``); crossing to another namespace it
    also loses its mark."""
    skb.ct, skb.ctinfo, skb.ct_reply = None, None, False
    skb.nf_bridge = skb.bridged_dnat = None
    if xnet:
        skb.mark = 0


XMIT["veth"] = veth_xmit
