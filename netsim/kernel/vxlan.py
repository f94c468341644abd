"""VXLAN: models drivers/net/vxlan/vxlan_core.c — ``vxlan_xmit`` (encapsulate the Ethernet
frame in UDP to the remote VTEP) and ``vxlan_rcv`` (decapsulate, learn which VTEP the inner
source MAC lives behind, and receive the inner frame on the vxlan device).
"""
from __future__ import annotations

import zlib

from ..kernel_model import SkBuff, Vxlan
from ..packets import IPPROTO_UDP, UDP, VXLAN, IPv4
from . import fib
from .dev import INET_PROTOS, UDP_ENCAP, XMIT, netif_rx
from .dropreason import DropReason
from .tracepoints import kfree_skb, step

__all__ = ["vxlan_xmit", "vxlan_rcv"]


def vxlan_xmit(dev: Vxlan, skb) -> None:
    from .ip_output import ip_local_out, ip_select_ttl
    ns = dev.ns
    inner = skb.pkt
    remote = dev.vxfdb.get(inner.dst) or dev.remote
    if remote is None:
        kfree_skb(ns, dev, "vxlan_xmit", skb, DropReason.VXLAN_NO_REMOTE)
        return
    rt = fib.route_output(ns, remote, dev.local)
    if rt.error:
        kfree_skb(ns, dev, "vxlan_xmit", skb, DropReason.IP_OUTNOROUTES, f"no route to VTEP {remote}")
        return
    sport = 32768 + zlib.crc32(f"{inner.src}{inner.dst}".encode()) % 28232
    outer = IPv4(dev.local or rt.saddr, remote, IPPROTO_UDP, ip_select_ttl(ns, rt), 0, 0, False,
                 payload=UDP(sport, dev.dstport, VXLAN(dev.vni, inner)))
    out = SkBuff(outer, id=skb.id)
    step(ns, dev, "vxlan_xmit", out, f"encapsulate in VXLAN vni {dev.vni} to VTEP {remote}")
    ip_local_out(ns, out, rt)


def vxlan_rcv(ns, skb) -> bool:
    """A UDP datagram to a VXLAN port: find the device by VNI and receive the inner frame."""
    ip = skb.pkt
    udp = ip.payload
    vx = udp.payload
    if not isinstance(vx, VXLAN):
        return False
    for dev in ns.devices.values():
        if isinstance(dev, Vxlan) and dev.vni == vx.vni and dev.dstport == udp.dport:
            inner = vx.payload
            if not dev.running:
                kfree_skb(ns, dev, "vxlan_rcv", skb, DropReason.DEV_READY)
                return True
            dev.vxfdb[inner.src] = ip.src
            step(ns, dev, "vxlan_rcv", skb,
                 f"decapsulate vni {vx.vni}; learn {inner.src} behind VTEP {ip.src}")
            netif_rx(dev, SkBuff(inner, dev, skb.id))
            return True
    return False


def udp_encap_rcv(ns, skb) -> None:
    """Minimal udp_rcv for tunnel ports, used until a full UDP module registers itself."""
    udp = skb.pkt.payload
    handler = UDP_ENCAP.get(getattr(udp, "dport", None))
    if handler is None or not handler(ns, skb):
        kfree_skb(ns, skb.iif, "udp_rcv", skb, DropReason.NO_SOCKET)


XMIT["vxlan"] = vxlan_xmit
UDP_ENCAP[4789] = vxlan_rcv
INET_PROTOS.setdefault(IPPROTO_UDP, udp_encap_rcv)
