"""The device layer: models net/core/dev.c (``dev_queue_xmit``, ``netif_rx``,
``__netif_receive_skb``) and drivers/net/loopback.c.

Transmission calls the device kind's ``xmit`` (looked up in ``XMIT``: veth, bridge, loopback,
vxlan, macvlan each register theirs); reception runs the device's ``rx_handler`` slot first (a
bridge port hands the frame to ``br_handle_frame``, a macvlan lower device to
``macvlan_handle_frame``) and then dispatches on the EtherType to ``arp_rcv`` or ``ip_rcv``.
"""
from __future__ import annotations

from ..packets import ETH_P_ARP, ETH_P_IP, Ether
from .dropreason import DropReason
from .tracepoints import LINK_DELAY, consume_skb, kfree_skb, step

__all__ = ["dev_queue_xmit", "netif_rx", "netif_receive_skb", "XMIT", "PROTO_HANDLERS"]

XMIT: dict = {}            # device kind -> xmit(dev, skb)   (ndo_start_xmit)
PROTO_HANDLERS: dict = {}  # EtherType -> handler(skb, dev)  (ptype_base)
INET_PROTOS: dict = {}     # IP protocol number -> handler(ns, skb)  (inet_protos)
UDP_TUNNELS: list = []     # encap_rcv(ns, skb) -> bool: True when a tunnel socket (VXLAN) of
                           # ns owns the datagram's port (udp_tunnel_encap_enable sockets)


def dev_queue_xmit(dev, skb) -> None:
    """Send a frame out of ``dev``: it must be up with carrier, then the driver's xmit runs."""
    ns = dev.ns
    if not dev.admin_up:
        kfree_skb(ns, dev, "dev_queue_xmit", skb, DropReason.DEV_READY, f"{dev.name} is down")
        return
    skb.dev = dev
    dev.stats["tx_packets"] += 1
    step(ns, dev, "dev_queue_xmit", skb, f"transmit on {dev.name} ({dev.kind})")
    XMIT[dev.kind](dev, skb)


def netif_rx(dev, skb, delay: float = LINK_DELAY) -> None:
    """Queue a received frame on ``dev`` (the backlog); it is processed ``delay`` later."""
    dev.ns.kernel.clock.schedule(delay, netif_receive_skb, dev, skb)


def netif_receive_skb(dev, skb) -> None:
    """__netif_receive_skb_core(): rx_handler first (bridge, macvlan), then the protocol."""
    ns = dev.ns
    if dev.ns is None or dev.ifindex not in ns.devices or ns.devices[dev.ifindex] is not dev:
        return  # device vanished while the frame was in flight
    if not dev.running:
        kfree_skb(ns, dev, "netif_receive_skb", skb, DropReason.DEV_READY,
                  f"{dev.name} is down or has no carrier")
        return
    skb.dev = dev
    dev.stats["rx_packets"] += 1
    handler = dev.rx_handler
    if handler is not None:
        if handler(dev, skb):
            return
    eth = skb.pkt
    dst = eth.dst
    if dst == dev.mac:
        skb.pkt_type = "host"
    elif dst == "ff:ff:ff:ff:ff:ff":
        skb.pkt_type = "broadcast"
    elif int(dst[:2], 16) & 1:
        skb.pkt_type = "multicast"
    else:
        skb.pkt_type = "otherhost"
    proto = PROTO_HANDLERS.get(eth.type)
    if proto is None:
        kfree_skb(ns, dev, "netif_receive_skb", skb, DropReason.NOT_SPECIFIED,
                  f"no handler for EtherType 0x{eth.type:04x}")
        return
    step(ns, dev, "netif_receive_skb", skb,
         f"received on {dev.name} ({skb.pkt_type}), protocol 0x{eth.type:04x}")
    proto(skb, dev)


def loopback_xmit(dev, skb) -> None:
    """drivers/net/loopback.c: what is sent on lo is received on lo."""
    netif_rx(dev, skb, 0.0)


XMIT["loopback"] = loopback_xmit


def dummy_xmit(dev, skb) -> None:
    """drivers/net/dummy.c: count the frame as sent and free it (consume_skb, not a drop)."""
    consume_skb(dev.ns, dev, "dummy_xmit", skb, f"{dev.name} is a dummy device: sent nowhere")


XMIT["dummy"] = dummy_xmit
