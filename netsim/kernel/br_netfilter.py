"""br_netfilter: models net/bridge/br_netfilter_hooks.c — IPv4 frames crossing a bridge go
through the iptables hooks when ``net.bridge.bridge-nf-call-iptables=1`` (Docker turns it on).

* ``br_nf_pre_routing`` (at NF_BR_PRE_ROUTING, in ``br_handle_frame`` before the FDB decides):
  raw/conntrack/mangle/nat PREROUTING with the bridge as ``-i``.  The frame is marked
  (``skb.nf_bridge``) so that, if it goes up the bridge device's IP stack, ``ip_rcv`` does not run
  PREROUTING a second time (``ip_sabotage_in``).
* ``br_nf_pre_routing_finish``: when DNAT changed the destination, the packet is routed again.
  A destination reached through the bridge itself stays bridged: its destination MAC becomes the
  neighbour's (resolved by ARP from the bridge if need be — ``br_nf_pre_routing_finish_bridge``).
  Any other destination (another interface, or the host itself) makes the frame go up to the IP
  layer (destination MAC := the bridge's), where it is forwarded or delivered as routing says.
* ``br_nf_forward`` (NF_BR_FORWARD + NF_BR_POST_ROUTING): FORWARD then POSTROUTING, with the
  bridge as both ``-i`` and ``-o``, on the copy that goes out of one port: copies of a flooded
  frame are separate packets (``deliver_clone``), so a rewrite of one never shows in another.

Read first: :func:`br_nf_pre_routing`.
"""
from __future__ import annotations

import errno
from dataclasses import replace

from ..kernel_model import NUD
from ..packets import ETH_P_IP, IPv4
from . import bridge, fib, neighbour
from .dropreason import DropReason
from .nf_path import nf_hook_slow
from .tracepoints import kfree_skb, step

__all__ = ["br_nf_pre_routing", "br_nf_forward", "br_nf_dev_xmit"]

#: neighbour states with a usable address that need no (re)confirmation (NUD_CONNECTED)
_CONNECTED = NUD.REACHABLE | NUD.PERMANENT | NUD.NOARP


def _call_iptables(br) -> bool:
    ns = br.ns
    return (ns.netfilter is not None
            and ns.sysctl.get("net.bridge.bridge-nf-call-iptables", "0") == "1")


def _ipv4(skb) -> IPv4 | None:
    eth = skb.pkt
    if getattr(eth, "type", None) != ETH_P_IP or not isinstance(eth.payload, IPv4):
        return None
    return eth.payload


def br_nf_pre_routing(br, port, skb) -> bool:
    """NF_BR_PRE_ROUTING for a frame entering ``port``.  True: go on bridging it
    (``br_handle_frame_finish``, maybe with a new destination MAC); False: dropped, or taken
    over (its DNAT destination is being resolved)."""
    if not _call_iptables(br):
        return True
    ip = _ipv4(skb)
    if ip is None:
        return True
    eth = skb.pkt
    ns = br.ns
    skb.nf_bridge = "prerouting"
    skb.ct, skb.ctinfo, skb.ct_reply = None, None, False
    skb.pkt = ip
    ok, _ = nf_hook_slow("PREROUTING", ns, skb, br, None)
    new = skb.pkt
    skb.pkt = replace(eth, payload=new) if new is not ip else eth
    if not ok:
        return False
    skb.nf_bridge = "prerouted"
    if new.dst == ip.dst:                       # br_nf_ipv4_daddr_was_changed()
        return True
    return _pre_routing_finish_dnat(br, port, skb, new)


def _pre_routing_finish_dnat(br, port, skb, ip: IPv4) -> bool:
    """br_nf_pre_routing_finish() after DNAT: route the new destination."""
    ns = br.ns
    rt = fib.route_input(ns, ip.dst, ip.src, br)
    bridged = False
    if rt.error:
        # forwarding is off: bridged-and-DNATed traffic does not need it when the new
        # destination is on the bridge itself (ip_route_output)
        if rt.error == errno.EHOSTUNREACH and not ns.forwarding(br):
            out = fib.route_output(ns, ip.dst)
            bridged = not out.error and out.dev is br
            rt = out
        if not bridged:
            kfree_skb(ns, br, "br_nf_pre_routing_finish", skb, DropReason.IP_INNOROUTES,
                      f"DNAT to {ip.dst}: no route from {br.name}")
            return False
    elif rt.type not in ("local", "broadcast") and rt.dev is br:
        bridged = True
    if not bridged:
        step(ns, port, "br_nf_pre_routing_finish", skb,
             f"DNAT to {ip.dst}: routed via {rt.dev.name if rt.dev else 'local'}, not through "
             f"{br.name}: the frame goes up to {br.name}'s IP layer")
        skb.pkt = replace(skb.pkt, dst=br.mac)
        skb.pkt_type = "host"
        return True
    nexthop = rt.gateway or ip.dst
    n = neighbour.neigh_lookup(ns, br, nexthop)
    if n is not None and n.state & _CONNECTED and n.lladdr:
        step(ns, port, "br_nf_pre_routing_finish_bridge", skb,
             f"DNAT to {ip.dst} stays on {br.name}: destination MAC {skb.pkt.dst} -> {n.lladdr}")
        skb.pkt = replace(skb.pkt, dst=n.lladdr)
        return True
    # neigh->output: resolve the MAC from the bridge device, then go on bridging the frame
    # from where it came in (br_nf_pre_routing_finish_bridge_slow)
    step(ns, port, "br_nf_pre_routing_finish_bridge", skb,
         f"DNAT to {ip.dst} stays on {br.name}: resolve its MAC first")
    skb.bridged_dnat = (skb.pkt.src, port)
    skb.pkt = ip
    neighbour.neigh_resolve_output(ns, br, nexthop, skb)
    return False


def br_nf_dev_xmit(br, skb) -> bool:
    """br_dev_xmit() for a bridged-and-DNATed frame whose neighbour was just resolved: restore
    its source MAC and bridge it on from its input port.  False: not such a frame."""
    info = getattr(skb, "bridged_dnat", None)
    if info is None:
        return False
    src, port = info
    skb.bridged_dnat = None
    skb.pkt = replace(skb.pkt, src=src)
    step(br.ns, port, "br_nf_pre_routing_finish_bridge_slow", skb,
         f"MAC resolved: bridge the frame on to {skb.pkt.dst}")
    bridge.br_handle_frame_finish(br, port, skb)
    return True


def br_nf_forward(br, skb, from_dev, to_dev) -> bool:
    """NF_BR_FORWARD and NF_BR_POST_ROUTING for the copy of a frame leaving ``to_dev``: FORWARD
    and POSTROUTING with the bridge as ``-i``/``-o``.  ``skb`` is that copy's own buffer.
    True: let it out."""
    if not _call_iptables(br):
        return True
    ip = _ipv4(skb)
    if ip is None:
        return True
    eth = skb.pkt
    ns = br.ns
    skb.pkt = ip
    try:
        ok, _ = nf_hook_slow("FORWARD", ns, skb, br, br)
        if ok:
            ok, _ = nf_hook_slow("POSTROUTING", ns, skb, None, br)
        return ok
    finally:
        skb.pkt = replace(eth, payload=skb.pkt) if skb.pkt is not ip else eth


bridge.BR_NF_PRE_ROUTING[0] = br_nf_pre_routing
bridge.BR_NF_FORWARD[0] = br_nf_forward
bridge.BR_NF_DEV_XMIT[0] = br_nf_dev_xmit
