"""Why a packet was dropped: names from the kernel's include/net/dropreason-core.h.

Every packet path ends in exactly one disposition; a drop carries one of these reasons, so a
student can grep the Linux source for the very same name (``SKB_DROP_REASON_<NAME>``).
"""
from __future__ import annotations

import enum

__all__ = ["DropReason"]


class DropReason(enum.Enum):
    """A subset of ``enum skb_drop_reason``; the value is the explanation shown in traces."""

    NOT_SPECIFIED = "drop reason not specified"
    NO_SOCKET = "no socket listens on the destination port"
    OTHERHOST = "frame addressed to another host's MAC (PACKET_OTHERHOST)"
    IP_INHDR = "invalid IPv4 header"
    IP_RPFILTER = "reverse-path filter: the source is not routed back through the input device"
    IP_INADDRERRORS = "destination address is not valid for this host (forwarding disabled)"
    IP_INNOROUTES = "no route to the destination"
    IP_OUTNOROUTES = "no route for the outgoing packet"
    IP_LOCAL_SOURCE = "source address is one of our own addresses (martian source)"
    IP_INVALID_SOURCE = "invalid source address (martian)"
    IP_INVALID_DEST = "invalid destination address"
    INVALID_PROTO = "not allowed by RFC 1122 (an ICMP echo or error sent to a broadcast address)"
    PKT_TOO_BIG = "packet larger than the MTU and DF set"
    NETFILTER_DROP = "dropped by a netfilter rule"
    NEIGH_FAILED = "neighbour (ARP) resolution failed"
    NEIGH_QUEUEFULL = "neighbour queue full while resolution pending"
    NEIGH_DEAD = "neighbour entry deleted while packets were queued"
    TC_EGRESS = "device is not up"
    DEV_READY = "device is down or has no carrier (!netif_running or no carrier)"
    IP_TTL_EXCEEDED = "TTL reached zero on forwarding (time exceeded)"
    BR_INGRESS_STATE = "bridge port not in forwarding state"
    BR_NO_FORWARD_PORT = "bridge had no port to forward to (would hairpin)"
    UNREACHABLE_ROUTE = "route of type unreachable/prohibit/blackhole"
    ARP_NOT_FOR_US = "ARP request for an address that is not ours"
    ICMP_NO_SOCKET = "ICMP message for which no socket waits"
    TCP_RESET = "connection refused (TCP reset)"
    VXLAN_NO_REMOTE = "VXLAN device has no remote to send to"
    VXLAN_INVALID_HDR = "UDP datagram on a VXLAN port without a valid VXLAN header"
    VXLAN_VNI_NOT_FOUND = "no VXLAN device with this VNI on the UDP port's socket"
    MACVLAN_BROADCAST = "macvlan: no matching child"
