"""Netlink on the wire: ``struct nlmsghdr``, the rtnetlink family headers and NLAs, as values
with ``parse``/``emit`` (bytes only at this edge, STYLE 5).

Models ``include/uapi/linux/netlink.h`` (nlmsghdr, nlattr, nlmsgerr), ``rtnetlink.h``
(rtgenmsg, ifinfomsg, ifaddrmsg, rtmsg), ``neighbour.h`` (ndmsg) and ``fib_rules.h``
(fib_rule_hdr).  Everything is host byte order (little endian here), padded to 4 bytes.

>>> m = Message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 7, 0, IfInfoMsg(),
...             [Attr(IFLA_IFNAME, b"v0\\0")])
>>> parse(m.emit())[0] == m
True
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field, fields
from ipaddress import IPv4Address

__all__ = ["Message", "Attr", "parse", "IfInfoMsg", "IfAddrMsg", "RtMsg", "NdMsg",
           "FibRuleHdr", "RtGenMsg", "NlMsgErr", "attrs_emit", "attrs_parse", "u8", "u16",
           "u32", "u64", "s32", "string", "ipv4", "mac", "nested"]

# nlmsghdr types and flags (netlink.h)
NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE = 1, 2, 3
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 0x01, 0x02, 0x04, 0x08
NLM_F_DUMP_INTR, NLM_F_DUMP_FILTERED = 0x10, 0x20
NLM_F_ROOT, NLM_F_MATCH, NLM_F_DUMP = 0x100, 0x200, 0x300
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND = 0x100, 0x200, 0x400, 0x800
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
NLA_F_NESTED = 0x8000
SOL_NETLINK, NETLINK_EXT_ACK, NETLINK_CAP_ACK, NETLINK_GET_STRICT_CHK = 270, 11, 10, 12

# rtnetlink message types (rtnetlink.h)
RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK = 16, 17, 18, 19
RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR = 20, 21, 22
RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE = 24, 25, 26
RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH = 28, 29, 30
RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE = 32, 33, 34

AF_UNSPEC, AF_INET, AF_BRIDGE, AF_INET6 = 0, 2, 7, 10
# families with rtnetlink handlers of their own (AF_MPLS, ipmr, ip6mr); any other family
# falls back to PF_UNSPEC, as rtnetlink_rcv_msg() does (pyroute2 dumps with family 255)
_OTHER_FAMILIES = {AF_BRIDGE, AF_INET6, 28, 128, 129}


def is_inet(family: int) -> bool:
    """The request reaches IPv4's handler: AF_INET, AF_UNSPEC or an unregistered family."""
    return family not in _OTHER_FAMILIES

# attribute numbers used here (if_link.h, if_addr.h, rtnetlink.h, neighbour.h, fib_rules.h)
(IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, IFLA_QDISC, IFLA_STATS,
 IFLA_MASTER) = 1, 2, 3, 4, 5, 6, 7, 10
IFLA_TXQLEN, IFLA_MAP, IFLA_OPERSTATE, IFLA_LINKMODE, IFLA_LINKINFO = 13, 14, 16, 17, 18
IFLA_NET_NS_PID, IFLA_STATS64, IFLA_AF_SPEC, IFLA_GROUP, IFLA_NET_NS_FD = 19, 23, 26, 27, 28
IFLA_EXT_MASK, IFLA_PROMISCUITY, IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES = 29, 30, 31, 32
IFLA_CARRIER, IFLA_CARRIER_CHANGES, IFLA_PROTO_DOWN, IFLA_GSO_MAX_SEGS = 33, 35, 39, 40
IFLA_GSO_MAX_SIZE, IFLA_XDP, IFLA_CARRIER_UP_COUNT, IFLA_CARRIER_DOWN_COUNT = 41, 43, 47, 48
IFLA_MIN_MTU, IFLA_MAX_MTU, IFLA_ALT_IFNAME, IFLA_GRO_MAX_SIZE = 50, 51, 53, 58
IFLA_TSO_MAX_SIZE, IFLA_TSO_MAX_SEGS, IFLA_ALLMULTI = 59, 60, 61
IFLA_GSO_IPV4_MAX_SIZE, IFLA_GRO_IPV4_MAX_SIZE, IFLA_NETNS_IMMUTABLE = 63, 64, 67
IFLA_MAX_PACING_OFFLOAD_HORIZON, IFLA_HEADROOM, IFLA_TAILROOM = 66, 68, 69
IFLA_INFO_KIND, IFLA_INFO_DATA, IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA = 1, 2, 4, 5
VETH_INFO_PEER = 1
IFLA_XDP_ATTACHED = 2
IFA_ADDRESS, IFA_LOCAL, IFA_LABEL, IFA_BROADCAST, IFA_CACHEINFO, IFA_FLAGS = 1, 2, 3, 4, 6, 8
(RTA_DST, RTA_SRC, RTA_IIF, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC, RTA_METRICS,
 RTA_FLOW, RTA_CACHEINFO, RTA_TABLE, RTA_MARK, RTA_UID) = 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 25
RTA_MULTIPATH = 9
NDA_DST, NDA_LLADDR, NDA_CACHEINFO, NDA_PROBES, NDA_MASTER = 1, 2, 3, 4, 9
(FRA_DST, FRA_SRC, FRA_IIFNAME, FRA_PRIORITY, FRA_TABLE, FRA_OIFNAME,
 FRA_SUPPRESS_PREFIXLEN, FRA_PROTOCOL) = 1, 2, 3, 6, 15, 17, 14, 21


# ----------------------------------------------------------------------------- attributes
@dataclass(frozen=True, slots=True)
class Attr:
    """struct nlattr: a type (NLA_F_NESTED kept) and its raw payload."""
    type: int
    data: bytes

    @property
    def kind(self) -> int:
        return self.type & 0x3FFF

    def emit(self) -> bytes:
        raw = struct.pack("=HH", 4 + len(self.data), self.type) + self.data
        return raw + b"\0" * (-len(raw) % 4)


def attrs_emit(attrs) -> bytes:
    return b"".join(a.emit() for a in attrs)


def attrs_parse(data: bytes) -> list[Attr]:
    """The NLAs of a payload; ValueError on a truncated one (the kernel's -EINVAL)."""
    out, off = [], 0
    while off + 4 <= len(data):
        ln, ty = struct.unpack_from("=HH", data, off)
        if ln < 4 or off + ln > len(data):
            raise ValueError("truncated attribute")
        out.append(Attr(ty, bytes(data[off + 4:off + ln])))
        off += (ln + 3) & ~3
    return out


def u8(t, v): return Attr(t, struct.pack("=B", v))
def u16(t, v): return Attr(t, struct.pack("=H", v))
def u32(t, v): return Attr(t, struct.pack("=I", v & 0xFFFFFFFF))
def s32(t, v): return Attr(t, struct.pack("=i", v))
def u64(t, v): return Attr(t, struct.pack("=Q", v))
def string(t, v): return Attr(t, v.encode() + b"\0")
def ipv4(t, v): return Attr(t, IPv4Address(v).packed)
def mac(t, v): return Attr(t, bytes.fromhex(v.replace(":", "")))
def nested(t, attrs): return Attr(t | NLA_F_NESTED, attrs_emit(attrs))


def get_u32(a: Attr) -> int:
    return int.from_bytes(a.data[:4].ljust(4, b"\0"), "little")


def get_str(a: Attr) -> str:
    return a.data.split(b"\0", 1)[0].decode(errors="replace")


def get_ipv4(a: Attr) -> IPv4Address:
    if len(a.data) != 4:
        raise ValueError("not an IPv4 address")
    return IPv4Address(a.data)


def get_mac(a: Attr) -> str:
    return a.data.hex(":")


# ----------------------------------------------------------------------------- family headers
class _Fixed:
    """A fixed family header: ``FMT`` (struct format) over the dataclass fields in order."""
    FMT = ""

    def emit(self) -> bytes:
        return struct.pack(self.FMT, *(getattr(self, f.name) for f in fields(self)))

    @classmethod
    def size(cls) -> int:
        return struct.calcsize(cls.FMT)

    @classmethod
    def parse(cls, data: bytes):
        if len(data) < cls.size():
            raise ValueError(f"{cls.__name__} too short")
        return cls(*struct.unpack_from(cls.FMT, data))


_fixed = dataclass(frozen=True, slots=True)


@_fixed
class RtGenMsg(_Fixed):
    """struct rtgenmsg (padded to 4 bytes, as iproute2 and pyroute2 send it)."""
    family: int = 0
    FMT = "=B3x"


@_fixed
class IfInfoMsg(_Fixed):
    """struct ifinfomsg."""
    family: int = 0
    type: int = 0
    index: int = 0
    flags: int = 0
    change: int = 0
    FMT = "=BxHiII"


@_fixed
class IfAddrMsg(_Fixed):
    """struct ifaddrmsg."""
    family: int = AF_INET
    prefixlen: int = 0
    flags: int = 0
    scope: int = 0
    index: int = 0
    FMT = "=BBBBI"


@_fixed
class RtMsg(_Fixed):
    """struct rtmsg."""
    family: int = AF_INET
    dst_len: int = 0
    src_len: int = 0
    tos: int = 0
    table: int = 0
    protocol: int = 0
    scope: int = 0
    type: int = 0
    flags: int = 0
    FMT = "=BBBBBBBBI"


@_fixed
class NdMsg(_Fixed):
    """struct ndmsg."""
    family: int = AF_INET
    ifindex: int = 0
    state: int = 0
    flags: int = 0
    type: int = 0
    FMT = "=B3xiHBB"


@_fixed
class FibRuleHdr(_Fixed):
    """struct fib_rule_hdr."""
    family: int = AF_INET
    dst_len: int = 0
    src_len: int = 0
    tos: int = 0
    table: int = 0
    res1: int = 0
    res2: int = 0
    action: int = 0
    flags: int = 0
    FMT = "=BBBBBBBBI"


@_fixed
class NlMsgErr(_Fixed):
    """struct nlmsgerr without the echoed request (``request`` holds those bytes)."""
    error: int = 0
    FMT = "=i"


# message type -> family header (rtnetlink_rcv_msg reads nlmsg_data() as one of these)
HEADERS = {RTM_NEWLINK: IfInfoMsg, RTM_DELLINK: IfInfoMsg, RTM_GETLINK: IfInfoMsg,
           RTM_SETLINK: IfInfoMsg, RTM_NEWADDR: IfAddrMsg, RTM_DELADDR: IfAddrMsg,
           RTM_GETADDR: IfAddrMsg, RTM_NEWROUTE: RtMsg, RTM_DELROUTE: RtMsg, RTM_GETROUTE: RtMsg,
           RTM_NEWNEIGH: NdMsg, RTM_DELNEIGH: NdMsg, RTM_GETNEIGH: NdMsg,
           RTM_NEWRULE: FibRuleHdr, RTM_DELRULE: FibRuleHdr, RTM_GETRULE: FibRuleHdr}


# ----------------------------------------------------------------------------- messages
@dataclass(frozen=True, slots=True)
class Message:
    """One netlink message: nlmsghdr fields, the family header, NLAs.  An NLMSG_ERROR holds
    :class:`NlMsgErr` as header, the echoed request bytes in ``tail`` and extack NLAs in
    ``attrs``; a DONE holds the dump's status (an int32) in ``tail``."""
    type: int
    flags: int
    seq: int
    pid: int
    header: object = None
    attrs: list = field(default_factory=list)
    tail: bytes = b""

    def emit(self) -> bytes:
        body = (self.header.emit() if self.header is not None else b"") + self.tail
        body += b"\0" * (-len(body) % 4) + attrs_emit(self.attrs)
        return struct.pack("=IHHII", 16 + len(body), self.type, self.flags, self.seq,
                           self.pid) + body

    def attr(self, kind: int) -> Attr | None:
        """The first attribute of this type (nla_find)."""
        return next((a for a in self.attrs if a.kind == kind), None)


def _short_header(cls, body: bytes):
    """rtnetlink accepts a request shorter than its family header (``ip link show`` sends a
    bare rtgenmsg): the missing bytes read as zero."""
    return cls.parse(body.ljust(cls.size(), b"\0"))


def parse(data: bytes) -> list[Message]:
    """Split a datagram into messages (NLMSG_NEXT); ValueError if a length is wrong."""
    out, off = [], 0
    while off + 16 <= len(data):
        ln, ty, fl, seq, pid = struct.unpack_from("=IHHII", data, off)
        if ln < 16 or off + ln > len(data):
            raise ValueError("truncated netlink message")
        body = bytes(data[off + 16:off + ln])
        if ty == NLMSG_ERROR:
            err = NlMsgErr.parse(body)
            req_len = struct.unpack_from("=I", body, 4)[0] if len(body) >= 20 else 0
            capped = bool(fl & NLM_F_CAPPED) or err.error == 0
            echo = body[4:4 + (16 if capped else req_len)]
            rest = body[4 + ((len(echo) + 3) & ~3):]
            attrs = attrs_parse(rest) if fl & NLM_F_ACK_TLVS else []
            out.append(Message(ty, fl, seq, pid, err, attrs, echo))
        elif ty == NLMSG_DONE:
            out.append(Message(ty, fl, seq, pid, None, [], body[:4]))
        else:
            cls = HEADERS.get(ty)
            if cls is None:
                out.append(Message(ty, fl, seq, pid, None, [], body))
            else:
                size = cls.size()
                hdr = _short_header(cls, body[:size])
                start = (size + 3) & ~3
                out.append(Message(ty, fl, seq, pid, hdr, attrs_parse(body[start:])))
        off += (ln + 3) & ~3
    return out
