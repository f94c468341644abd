"""The Linux bridge: models net/bridge/br_input.c (``br_handle_frame``), br_fdb.c
(``br_fdb_update``, ``br_fdb_find``), br_forward.c (``br_forward``, ``br_flood``) and
br_device.c (``br_dev_xmit``).

A frame entering a port teaches the bridge where its source MAC lives; its destination MAC is
then looked up in the FDB: the bridge's own address goes up the bridge device's stack, a known
address goes out of one port, broadcast and unknown unicast are flooded to every other port.
Learned entries age out after ``ageing_time`` (300 s) of simulated time.
"""
from __future__ import annotations

import errno

from ..errors import NetsimError
from ..kernel_model import Bridge, FdbEntry
from .dev import XMIT, dev_queue_xmit, netif_receive_skb
from .dropreason import DropReason
from .tracepoints import kfree_skb, step

__all__ = ["br_handle_frame", "br_fdb_update", "br_fdb_find", "br_forward", "br_flood",
           "br_dev_xmit", "br_handle_frame_finish", "br_fdb_delete_by_port", "fdb_entries",
           "br_setport", "br_stp_disable_port", "fdb_add_local", "fdb_delete_local"]


def _is_multicast(mac: str) -> bool:
    return bool(int(mac[:2], 16) & 1)


def br_fdb_find(br: Bridge, mac: str) -> FdbEntry | None:
    """Look ``mac`` up; an expired learned entry counts as absent (and is removed)."""
    e = br.fdb.get(mac)
    if e is not None and not e.is_local and not e.static and \
            br.ns.kernel.clock.now - e.updated > br.ageing_time:
        del br.fdb[mac]
        return None
    return e


def br_fdb_update(br: Bridge, port_dev, mac: str, skb) -> None:
    """Learn (or refresh) ``mac`` on the port the frame came in through."""
    if _is_multicast(mac) or not port_dev.port.learning:
        return
    now = br.ns.kernel.clock.now
    e = br.fdb.get(mac)
    if e is None:
        br.fdb[mac] = FdbEntry(mac, port_dev, now)
        step(br.ns, port_dev, "br_fdb_update", skb, f"learned {mac} on port {port_dev.name}")
    elif e.is_local or e.static:
        return
    else:
        if e.port is not port_dev:
            step(br.ns, port_dev, "br_fdb_update", skb,
                 f"{mac} moved from {e.port.name} to {port_dev.name}")
        e.port, e.updated = port_dev, now


def br_setport(port, hairpin=None, learning=None, cost=None, priority=None,
               state=None) -> None:
    """br_setport() (net/bridge/br_netlink.c): flags, then cost (1..65535, else ERANGE),
    priority (at most 63), then state: br_set_port_state() refuses more than 4 (EINVAL) and
    a port that is down (ENETDOWN; one without carrier takes only "disabled").  Without STP,
    br_port_state_selection() turns any state but disabled straight into forwarding."""
    if hairpin is not None:
        port.hairpin = hairpin
    if learning is not None:
        port.learning = learning
    if cost is not None:
        if not 1 <= cost <= 65535:
            raise NetsimError(errno.ERANGE)
        port.cost = cost
    if priority is not None:
        if priority > 63:
            raise NetsimError(errno.ERANGE)
        port.priority = priority
    if state is not None:
        if state > 4:
            raise NetsimError(errno.EINVAL)
        if not port.dev.admin_up or (not port.dev.running and state != 0):
            raise NetsimError(errno.ENETDOWN)
        port.set_disabled = state == 0


def br_stp_disable_port(port) -> None:
    """br_stp_disable_port(): the port is disabled (down, no carrier, bridge down); enabling
    it again goes through br_port_state_selection(), which forgets a state set by hand."""
    port.set_disabled = False


def fdb_add_local(br: Bridge, port_dev, mac: str) -> None:
    """fdb_add_local() (br_fdb.c): a local entry for ``mac`` on ``port_dev`` (None: the bridge
    itself); a local entry already there is kept ("use the first one"), a learned one is
    replaced."""
    e = br.fdb.get(mac)
    if e is not None:
        if e.is_local:
            return
        del br.fdb[mac]
    br.fdb[mac] = FdbEntry(mac, port_dev, br.ns.kernel.clock.now, is_local=True)


def fdb_delete_local(br: Bridge, port_dev, e: FdbEntry) -> None:
    """fdb_delete_local() (br_fdb.c): a local address that another port, or the bridge itself,
    still has is handed over to it; otherwise the entry goes."""
    for p in br.ports.values():
        if p.dev is not port_dev and p.dev.mac == e.mac:
            e.port = p.dev
            return
    if port_dev is not None and br.mac == e.mac:
        e.port = None
        return
    del br.fdb[e.mac]


def br_fdb_delete_by_port(br: Bridge, port_dev) -> None:
    for mac, e in list(br.fdb.items()):
        if e.port is port_dev and not e.is_local and not e.static:
            del br.fdb[mac]


def fdb_entries(br: Bridge) -> list[FdbEntry]:
    """Current entries (expired ones dropped), as ``bridge fdb show`` lists them."""
    for mac in list(br.fdb):
        br_fdb_find(br, mac)
    return list(br.fdb.values())


def br_handle_frame(dev, skb) -> bool:
    """rx_handler of every bridge port.  Returns True: the bridge consumed the frame."""
    br = dev.master
    port = dev.port
    ns = dev.ns
    if not br.admin_up or port.state != "forwarding":
        kfree_skb(ns, dev, "br_handle_frame", skb, DropReason.BR_INGRESS_STATE,
                  f"port {dev.name} is {port.state}")
        return True
    step(ns, dev, "br_handle_frame", skb, f"frame enters bridge {br.name} through port {dev.name}")
    hook = BR_NF_PRE_ROUTING[0]                    # NF_BR_PRE_ROUTING (br_netfilter)
    if hook is not None and not hook(br, dev, skb):
        return True
    br_handle_frame_finish(br, dev, skb)
    return True


def br_handle_frame_finish(br: Bridge, dev, skb) -> None:
    """Learn the source, then deliver up, forward to one port, or flood."""
    ns = br.ns
    eth = skb.pkt
    br_fdb_update(br, dev, eth.src, skb)
    dst = eth.dst
    if _is_multicast(dst):
        br_flood(br, skb, dev, local_rcv=True)
        return
    e = br_fdb_find(br, dst)
    if e is not None and e.is_local:
        step(ns, dev, "br_fdb_find", skb, f"{dst} is the bridge's own address: pass up to {br.name}")
        br_pass_frame_up(br, skb)
        return
    if e is not None:
        step(ns, dev, "br_fdb_find", skb, f"FDB hit: {dst} on port {e.port.name}")
        br_forward(br, e.port, skb, dev)
        return
    step(ns, dev, "br_fdb_find", skb, f"FDB miss for {dst}: flood")
    br_flood(br, skb, dev, local_rcv=False)


def br_pass_frame_up(br: Bridge, skb) -> None:
    """Deliver to the bridge device's own stack (it has no rx_handler, so IP/ARP take it)."""
    c = skb.clone()
    c.bridged_in = skb.dev
    netif_receive_skb(br, c)


def _port_can_send(br: Bridge, to_dev, from_dev) -> bool:
    if to_dev.port.state != "forwarding":
        return False
    if to_dev is from_dev and not to_dev.port.hairpin:
        return False
    return True


def br_forward(br: Bridge, to_dev, skb, from_dev) -> None:
    """Send out of one port (never back out of the port it came in, unless hairpin is on)."""
    if not _port_can_send(br, to_dev, from_dev):
        reason = (DropReason.BR_NO_FORWARD_PORT if to_dev is from_dev
                  else DropReason.BR_INGRESS_STATE)
        kfree_skb(br.ns, to_dev, "br_forward", skb, reason,
                  "destination is the ingress port (hairpin off)" if to_dev is from_dev
                  else f"port {to_dev.name} is {to_dev.port.state}")
        return
    c = skb.clone()
    if from_dev is not None and not _br_nf_forward(br, c, from_dev, to_dev):
        return
    step(br.ns, to_dev, "br_forward", c, f"out of port {to_dev.name}")
    dev_queue_xmit(to_dev, c)


def br_flood(br: Bridge, skb, from_dev, local_rcv: bool) -> None:
    """Copy the frame to every forwarding port but the ingress one; maybe also up the stack."""
    targets = [p.dev for p in br.ports.values() if _port_can_send(br, p.dev, from_dev)]
    step(br.ns, from_dev or br, "br_flood", skb,
         f"flood to {', '.join(d.name for d in targets) or 'no port'}"
         + (f" and up to {br.name}" if local_rcv and from_dev is not None else ""))
    for d in targets:
        c = skb.clone()          # deliver_clone(): each port gets its own copy
        if from_dev is not None and not _br_nf_forward(br, c, from_dev, d):
            continue
        dev_queue_xmit(d, c)
    if local_rcv and from_dev is not None:
        br_pass_frame_up(br, skb)


def _br_nf_forward(br: Bridge, skb, from_dev, to_dev) -> bool:
    """br_netfilter: with bridge-nf-call-iptables=1, bridged IPv4 goes through FORWARD."""
    hook = BR_NF_FORWARD[0]
    if hook is None:
        return True
    return hook(br, skb, from_dev, to_dev)


BR_NF_FORWARD = [None]       # br_netfilter's hooks, set when netsim.kernel.br_netfilter loads
BR_NF_PRE_ROUTING = [None]
BR_NF_DEV_XMIT = [None]


def br_dev_xmit(br: Bridge, skb) -> None:
    """The bridge device sending (from its own IP stack): FDB lookup, else flood."""
    hook = BR_NF_DEV_XMIT[0]
    if hook is not None and hook(br, skb):
        return                   # a bridged-and-DNATed frame whose MAC was just resolved
    dst = skb.pkt.dst
    if _is_multicast(dst):
        br_flood(br, skb, None, local_rcv=False)
        return
    e = br_fdb_find(br, dst)
    if e is not None and e.port is not None:
        step(br.ns, br, "br_fdb_find", skb, f"FDB hit: {dst} on port {e.port.name}")
        br_forward(br, e.port, skb, None)
    elif e is not None:
        netif_receive_skb(br, skb.clone())
    else:
        step(br.ns, br, "br_fdb_find", skb, f"FDB miss for {dst}: flood")
        br_flood(br, skb, None, local_rcv=False)


XMIT["bridge"] = br_dev_xmit
