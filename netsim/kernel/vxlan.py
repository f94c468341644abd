"""VXLAN: models drivers/net/vxlan/vxlan_core.c — ``vxlan_xmit`` (encapsulate the Ethernet
frame in UDP to the remote VTEP) and ``vxlan_rcv`` (decapsulate, learn which VTEP the inner
source MAC lives behind, and receive the inner frame on the vxlan device).

The UDP socket: ``vxlan_open()`` adds an up device to its namespace's tunnel socket for its
``dstport`` (``vxlan_sock_add``, one socket per port, shared) and ``vxlan_stop()`` takes it off
again.  So a datagram to a port no up vxlan device uses is ordinary UDP (port unreachable); one
to a port that has a socket but a VNI no up device there has is dropped silently.
"""
from __future__ import annotations

import zlib

from ..kernel_model import SkBuff, Vxlan
from ..packets import IPPROTO_UDP, UDP, VXLAN, IPv4
from . import fib
from .dev import INET_PROTOS, UDP_TUNNELS, XMIT, netif_rx
from .dropreason import DropReason
from .tracepoints import kfree_skb, step

__all__ = ["vxlan_xmit", "vxlan_rcv", "vxlan_find_sock", "vxlan_list"]


def vxlan_list(net) -> list[Vxlan]:
    """vn->vxlan_list: the vxlan devices created in ``net``, wherever they live now."""
    return [d for n in net.kernel.namespaces.values() for d in n.devices.values()
            if isinstance(d, Vxlan) and d.net is net]


def vxlan_xmit(dev: Vxlan, skb) -> None:
    """Encapsulate and send from the device's own net (vxlan->net), not where it lives now."""
    from .ip_output import ip_local_out, ip_select_ttl
    ns, net = dev.ns, dev.net
    inner = skb.pkt
    remote = dev.vxfdb.get(inner.dst) or dev.remote
    if remote is None:
        kfree_skb(ns, dev, "vxlan_xmit", skb, DropReason.VXLAN_NO_REMOTE)
        return
    rt = fib.route_output(net, remote, dev.local)
    if rt.error:
        kfree_skb(ns, dev, "vxlan_xmit", skb, DropReason.IP_OUTNOROUTES, f"no route to VTEP {remote}")
        return
    sport = 32768 + zlib.crc32(f"{inner.src}{inner.dst}".encode()) % 28232
    # the device's ttl, else ip4_dst_hoplimit(): the route's hoplimit or ip_default_ttl
    outer = IPv4(dev.local or rt.saddr, remote, IPPROTO_UDP, dev.ttl or ip_select_ttl(net, rt),
                 0, 0, False,
                 payload=UDP(sport, dev.dstport, VXLAN(dev.vni, inner)))
    out = SkBuff(outer, id=skb.id)
    where = "" if net is ns else f" from {net.name}"
    step(ns, dev, "vxlan_xmit", out, f"encapsulate in VXLAN vni {dev.vni} to VTEP {remote}{where}")
    ip_local_out(net, out, rt)


def vxlan_find_sock(ns, port: int) -> list[Vxlan]:
    """vxlan_find_sock(): the devices on ``ns``'s tunnel socket for ``port``; empty when no
    socket is open there (no up vxlan device uses that port)."""
    return [d for d in vxlan_list(ns) if d.admin_up and d.dstport == port]


def vxlan_rcv(ns, skb) -> bool:
    """encap_rcv of a vxlan socket: False when ``ns`` has no vxlan socket on the datagram's
    port (udp_rcv goes on); else find the device by VNI and receive the inner frame."""
    ip = skb.pkt
    udp = ip.payload
    devs = vxlan_find_sock(ns, udp.dport)
    if not devs:
        return False
    vx = udp.payload
    if not isinstance(vx, VXLAN):
        kfree_skb(ns, skb.iif, "vxlan_rcv", skb, DropReason.VXLAN_INVALID_HDR)
        return True
    dev = next((d for d in devs if d.vni == vx.vni), None)
    if dev is None:
        kfree_skb(ns, skb.iif, "vxlan_rcv", skb, DropReason.VXLAN_VNI_NOT_FOUND,
                  f"no vxlan device with vni {vx.vni} on UDP port {udp.dport}")
        return True
    inner = vx.payload
    if dev.learning:
        dev.vxfdb[inner.src] = ip.src                # vxlan_snoop()
        what = f"decapsulate vni {vx.vni}; learn {inner.src} behind VTEP {ip.src}"
    else:
        what = f"decapsulate vni {vx.vni}"
    step(ns, dev, "vxlan_rcv", skb, what)
    netif_rx(dev, SkBuff(inner, dev, skb.id))
    return True


def udp_encap_rcv(ns, skb) -> None:
    """Minimal udp_rcv for tunnel ports, used until a full UDP module registers itself."""
    if not any(rcv(ns, skb) for rcv in UDP_TUNNELS):
        kfree_skb(ns, skb.iif, "udp_rcv", skb, DropReason.NO_SOCKET)


XMIT["vxlan"] = vxlan_xmit
UDP_TUNNELS.append(vxlan_rcv)
INET_PROTOS.setdefault(IPPROTO_UDP, udp_encap_rcv)
