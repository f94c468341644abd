"""IGMP, as far as a bridge shows it: models the join of net/bridge/br_multicast.c
(``br_multicast_join_snoopers``) and the IGMPv3 unsolicited reports of net/ipv4/igmp.c
(``igmp_ifc_event``, ``igmp_ifc_timer_expire``, ``igmpv3_send_cr``).

A bridge that comes up with multicast snooping on (the default) joins 224.0.0.106, the
all-snoopers group, on its own device; the IPv4 stack announces the join with IGMPv3 reports to
224.0.0.22 from the bridge's MAC.  Bridges and VXLAN peers on the far side of a port learn the
bridge's MAC from it, with no other traffic.  Measured on 6.18 (scenarios j6, f8, j15): the
report sent at once is seen when the bridge comes up after its ports, as in an overlay built
port first.  Its one retransmission (at a random time within a second) reaches a far bridge
that came up in between in about half the runs (j15: 2 of 4), so scenarios keep a second
apart (``sleep``) and it is not modelled: a far bridge that comes up later does not learn the
MAC, its VXLAN device does.

Simplification: the reports leave through the bridge device directly (the real ones also
cross the sender's OUTPUT and POSTROUTING hooks).
"""
from __future__ import annotations

from ipaddress import IPv4Address

from ..kernel_model import Bridge, SkBuff
from ..packets import ETH_P_IP, Ether, IPv4, Raw
from .dev import dev_queue_xmit
from .tracepoints import step

__all__ = ["br_multicast_join_snoopers", "igmpv3_send_report"]

IGMPV3_ALL_MCR = IPv4Address("224.0.0.22")
IGMPV3_ALL_MCR_MAC = "01:00:5e:00:00:16"
INADDR_ALLSNOOPERS_GROUP = IPv4Address("224.0.0.106")
IPPROTO_IGMP = 2


def _report_payload() -> Raw:
    """An IGMPv3 membership report with one CHANGE_TO_EXCLUDE {} record for all-snoopers."""
    record = bytes([4, 0, 0, 0]) + INADDR_ALLSNOOPERS_GROUP.packed
    body = bytes([0x22, 0]) + b"\x00\x00" + b"\x00\x00" + (1).to_bytes(2, "big") + record
    csum = _checksum(body)
    return Raw(body[:2] + csum.to_bytes(2, "big") + body[4:])


def _checksum(data: bytes) -> int:
    s = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def br_multicast_join_snoopers(br: Bridge) -> None:
    """The bridge came up: announce its all-snoopers join.

    A bridge opened without carrier (no forwarding port yet) keeps the noop qdisc: dev_open()
    delays dev_activate() to the carrier-on event, which linkwatch handles as non-urgent (up to
    a second later), so in practice its report is dropped.  Only a bridge that already has a
    forwarding port when it comes up (ports or a VXLAN device up first) announces itself."""
    from .link_watch import carrier_ok
    if not carrier_ok(br):
        return
    igmpv3_send_report(br)
    br.ns.kernel.clock.advance(0.001)   # the frames arrive (1 us a hop) before the next command


def igmpv3_send_report(br: Bridge) -> None:
    """igmpv3_send_cr(): one report out of the bridge device."""
    ns = br.ns
    src = next((a.local for a in br.addrs if not a.secondary), IPv4Address(0))
    ip = IPv4(src, IGMPV3_ALL_MCR, IPPROTO_IGMP, 1, 0, 0xC0, False, payload=_report_payload())
    skb = SkBuff(Ether(IGMPV3_ALL_MCR_MAC, br.mac, ETH_P_IP, ip))
    step(ns, br, "igmpv3_send_cr", skb, f"IGMPv3 report (join {INADDR_ALLSNOOPERS_GROUP})")
    dev_queue_xmit(br, skb)
