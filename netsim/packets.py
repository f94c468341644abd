"""Packets as immutable, layered values, and their exact wire format.

Models the on-the-wire headers the kernel reads and writes: ``struct ethhdr``
(``include/uapi/linux/if_ether.h``), ``struct vlan_hdr``, ``struct arphdr``
(``if_arp.h``), ``struct iphdr`` (``ip.h``), ``struct icmphdr`` (``icmp.h``),
``struct udphdr``, ``struct tcphdr`` and ``struct vxlanhdr``
(``include/net/vxlan.h``).

Read first: RFC 826 (ARP), RFC 791 section 3.1 (IPv4 header), RFC 792 (ICMP,
including how an error quotes the offending datagram), RFC 768 (UDP and its
pseudo-header), RFC 793 section 3.1 (TCP header), RFC 7348 section 5 (VXLAN)
and RFC 1071 (the Internet checksum).

How the module is laid out:

* Each layer (``Ether``, ``Dot1Q``, ``ARP``, ``IPv4``, ``ICMP``, ``UDP``,
  ``TCP``, ``VXLAN``, ``Raw``) is a ``@dataclass(frozen=True, slots=True)``
  whose last field is ``payload``. ``__post_init__`` validates cheaply, so an
  invalid header cannot be constructed; ``dataclasses.replace`` makes the
  modified copy (a TTL decrement is ``replace(ip, ttl=ip.ttl - 1)``).
* Computed fields (lengths, checksums) are not stored: they appear only in
  ``to_bytes()``. Bytes exist only at the edges (pcap export, the real backend).
* ``a / b`` stacks like scapy; ``pkt[IPv4]``, ``IPv4 in pkt``, ``summary()``
  and ``show()`` describe the stack. ``Ether.type`` and ``IPv4.proto`` are
  filled in from the payload when left at their defaults.
* An ICMP error's payload is the quoted datagram: an ``IPv4`` with ``tot_len``
  set (the original length) whose payload is ``Raw`` holding the first bytes of
  the original transport header. ``ICMP.error()`` builds it, ``ICMP.quoted()``
  reads the ports back out.

Examples
--------
>>> p = Ether("02:42:ac:11:00:02", "02:42:ac:11:00:03") / IPv4("10.0.0.1", "10.0.0.2") / UDP(40000, 53)
>>> p.summary()
'02:42:ac:11:00:03 > 02:42:ac:11:00:02 10.0.0.1:40000 > 10.0.0.2:53 UDP'
>>> p[IPv4].proto, UDP in p, len(p.to_bytes())
(17, True, 60)
>>> Ether.from_bytes(p.to_bytes()) == p
True
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field, fields, replace
from ipaddress import IPv4Address

# include/uapi/linux/if_ether.h, in.h, if_arp.h, icmp.h, net/tcp.h
ETH_P_IP, ETH_P_ARP, ETH_P_8021Q = 0x0800, 0x0806, 0x8100
IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP = 1, 6, 17
VXLAN_PORT = 4789
ARPOP_REQUEST, ARPOP_REPLY = 1, 2
ICMP_ECHOREPLY, ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_TIME_EXCEEDED = 0, 3, 8, 11
ICMP_NET_UNREACH, ICMP_HOST_UNREACH, ICMP_PROT_UNREACH, ICMP_PORT_UNREACH = 0, 1, 2, 3
ICMP_FRAG_NEEDED, ICMP_NET_ANO, ICMP_HOST_ANO, ICMP_PKT_FILTERED = 4, 9, 10, 13
ICMP_EXC_TTL = 0
FIN, SYN, RST, PSH, ACK, URG, ECE, CWR = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80

_ETH = struct.Struct("!6s6sH")
_VLAN = struct.Struct("!HH")
_ARP = struct.Struct("!HHBBH6s4s6s4s")
_IP = struct.Struct("!BBHHHBBH4s4s")
_ICMP = struct.Struct("!BBHHH")
_UDP = struct.Struct("!HHHH")
_TCP = struct.Struct("!HHIIBBHHH")
_VXLAN = struct.Struct("!II")
_ETH_MIN = 60  # minimum frame without the 4-byte FCS
_ICMP_ERRORS = frozenset({3, 4, 5, 11, 12})  # types whose payload quotes a datagram


def _csum(data: bytes) -> int:
    """RFC 1071 Internet checksum; 0 when ``data`` already holds a valid checksum.

    The one's-complement sum of 16-bit words equals the big-endian integer
    modulo 0xFFFF (because 2**16 == 1 mod 0xFFFF), which keeps this in C.
    """
    if len(data) & 1:
        data += b"\0"
    total = int.from_bytes(data, "big")
    folded = total % 0xFFFF
    if folded == 0 and total:
        folded = 0xFFFF
    return ~folded & 0xFFFF


_MAC_RE = re.compile(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}")
_MACS: dict = {}  # input -> normalised "aa:bb:cc:dd:ee:ff"; keeps construction cheap


def _mac(value) -> str:
    try:
        return _MACS[value]
    except (KeyError, TypeError):
        pass
    if isinstance(value, (bytes, bytearray)) and len(value) == 6:
        norm = bytes(value).hex(":")
    elif isinstance(value, str) and _MAC_RE.fullmatch(value):
        norm = value.lower().replace("-", ":")
    else:
        raise ValueError(f"not a MAC address: {value!r} (want 'aa:bb:cc:dd:ee:ff')")
    if len(_MACS) > 65536:
        _MACS.clear()
    _MACS[norm] = norm
    if isinstance(value, (str, bytes)):
        _MACS[value] = norm
    return norm


def _mac_bytes(mac: str) -> bytes:
    return bytes.fromhex(mac.replace(":", ""))


def _fix(layer, name: str, value) -> None:
    object.__setattr__(layer, name, value)


def _range_error(layer, names: str) -> ValueError:
    vals = {n: getattr(layer, n) for n in names.split()}
    return ValueError(f"{type(layer).__name__}: field out of range: {vals}")


def _check_payload(layer, field_name=None, default=None, table=None) -> None:
    """Coerce bytes to Raw, reject non-layers, and fill ``field_name`` from the payload
    class (Ether.type, Dot1Q.type, IPv4.proto) when it is still ``default``."""
    p = layer.payload
    if p.__class__ not in _LAYERS:
        if not isinstance(p, (bytes, bytearray, memoryview)):
            raise TypeError(f"{type(layer).__name__}.payload must be a layer, bytes or None, "
                            f"not {type(p).__name__}")
        p = Raw(bytes(p))
        _fix(layer, "payload", p)
    if field_name and getattr(layer, field_name) == default and p.__class__ in table:
        _fix(layer, field_name, table[p.__class__])


def _pseudo(src, dst, proto: int, length: int) -> bytes:
    """RFC 768/793 pseudo-header; ``src``/``dst`` are packed bytes or anything IPv4Address takes."""
    if src.__class__ is not bytes:
        src = IPv4Address(src).packed
    if dst.__class__ is not bytes:
        dst = IPv4Address(dst).packed
    return src + dst + struct.pack("!xBH", proto, length)


class Layer:
    """Behaviour shared by every layer: stacking, lookup, encoding, display."""

    __slots__ = ()
    _name = "Layer"
    _fmt: dict = {}

    def __truediv__(self, other):
        if isinstance(other, (bytes, bytearray)):
            other = Raw(bytes(other))
        elif not isinstance(other, Layer):
            return NotImplemented
        return self._append(other)

    def _append(self, other):
        p = self.payload
        return replace(self, payload=other if p is None else p._append(other))

    def getlayer(self, cls):
        """Return the outermost layer that is an instance of ``cls``, or None."""
        p = self
        while p is not None:
            if isinstance(p, cls):
                return p
            p = p.payload
        return None

    def __getitem__(self, cls):
        p = self.getlayer(cls)
        if p is None:
            raise KeyError(f"no {cls.__name__} layer in {self.summary()!r}")
        return p

    def __contains__(self, cls) -> bool:
        return self.getlayer(cls) is not None

    def layers(self) -> tuple:
        """All layers from this one inwards, outermost first."""
        out, p = [], self
        while p is not None:
            out.append(p)
            p = p.payload
        return tuple(out)

    def to_bytes(self) -> bytes:
        """Encode this layer and everything under it, lengths and checksums included."""
        return self._emit(None)

    def _body(self, ip=None) -> bytes:
        return b"" if self.payload is None else self.payload._emit(ip)

    def summary(self) -> str:
        """One tcpdump-like line."""
        return self._name

    def show(self) -> str:
        """A multi-line, scapy-style view of every layer (returned, not printed)."""
        lines, depth, p = [], 0, self
        while p is not None:
            ind = "  " * depth
            lines.append(f"{ind}###[ {p._name} ]###")
            for f in fields(p):
                v = getattr(p, f.name)
                if f.name == "payload" or (f.kw_only and v == f.default):
                    continue
                fmt = p._fmt.get(f.name)
                text = fmt(v) if fmt else (_bytes_fmt(v) if isinstance(v, bytes) else str(v))
                lines.append(f"{ind}  {f.name:<10}= {text}")
            p, depth = p.payload, depth + 1
        return "\n".join(lines)


def _hex4(v: int) -> str:
    return f"0x{v:04x}"


def _bytes_fmt(v: bytes) -> str:
    return repr(v) if len(v) <= 48 else f"{v[:48]!r}... ({len(v)} bytes)"


# --------------------------------------------------------------------- link layer

@dataclass(frozen=True, slots=True)
class Ether(Layer):
    """Ethernet II header (``struct ethhdr``); encoded frames are padded to 60 bytes."""

    dst: str
    src: str
    type: int = ETH_P_IP
    payload: Layer | None = None
    _name = "Ethernet"
    _fmt = {"type": _hex4}

    def __post_init__(self):
        d, s = _mac(self.dst), _mac(self.src)
        if d is not self.dst:
            _fix(self, "dst", d)
        if s is not self.src:
            _fix(self, "src", s)
        if not 0 <= self.type <= 0xFFFF:
            raise _range_error(self, "type")
        if self.payload is not None:
            _check_payload(self, "type", ETH_P_IP, _ETHERTYPE_OF)

    def to_bytes(self, pad: bool = True) -> bytes:
        """Encode the frame; ``pad=False`` skips padding to the 60-byte minimum."""
        frame = _ETH.pack(_mac_bytes(self.dst), _mac_bytes(self.src), self.type) + self._body()
        if pad and len(frame) < _ETH_MIN:
            frame += bytes(_ETH_MIN - len(frame))
        return frame

    def _emit(self, ip) -> bytes:
        return self.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Ether:
        """Decode a frame (without FCS); padding after the IPv4/ARP packet is dropped."""
        data = bytes(data)
        if len(data) < 14:
            raise ValueError(f"Ethernet frame too short: {len(data)} bytes < 14")
        t = int.from_bytes(data[12:14], "big")
        return cls(data[0:6].hex(":"), data[6:12].hex(":"), t, _parse_ethertype(t, data[14:]))

    def summary(self) -> str:
        p = self.payload
        if p is None or isinstance(p, Raw):
            rest = f"type 0x{self.type:04x}" + (f" len {len(p.data)}" if p else "")
        else:
            rest = p.summary()
        return f"{self.src} > {self.dst} {rest}"


@dataclass(frozen=True, slots=True)
class Dot1Q(Layer):
    """802.1Q VLAN tag (``struct vlan_hdr``): sits between Ether and the L3 header."""

    vid: int
    pcp: int = 0
    dei: int = 0
    type: int = ETH_P_IP
    payload: Layer | None = None
    _name = "802.1Q"
    _fmt = {"type": _hex4}

    def __post_init__(self):
        if not (0 <= self.vid <= 4095 and 0 <= self.pcp <= 7 and 0 <= self.dei <= 1
                and 0 <= self.type <= 0xFFFF):
            raise _range_error(self, "vid pcp dei type")
        if self.payload is not None:
            _check_payload(self, "type", ETH_P_IP, _ETHERTYPE_OF)

    def _emit(self, ip) -> bytes:
        return _VLAN.pack(self.pcp << 13 | self.dei << 12 | self.vid, self.type) + self._body()

    @classmethod
    def from_bytes(cls, data: bytes) -> Dot1Q:
        if len(data) < 4:
            raise ValueError(f"802.1Q tag truncated: {len(data)} bytes < 4")
        tci, t = _VLAN.unpack_from(data)
        return cls(tci & 0xFFF, tci >> 13, tci >> 12 & 1, t, _parse_ethertype(t, data[4:]))

    def summary(self) -> str:
        p = self.payload
        rest = p.summary() if p is not None and not isinstance(p, Raw) else f"type 0x{self.type:04x}"
        return f"vlan {self.vid} {rest}"


@dataclass(frozen=True, slots=True)
class ARP(Layer):
    """Ethernet/IPv4 ARP (RFC 826, ``struct arphdr`` + addresses): always 28 bytes."""

    op: int
    sha: str
    spa: IPv4Address
    tha: str
    tpa: IPv4Address
    payload: Layer | None = None
    _name = "ARP"
    _fmt = {"op": lambda v: f"{v} ({ {1: 'who-has', 2: 'is-at'}.get(v, '?') })"}

    def __post_init__(self):
        if not 0 <= self.op <= 0xFFFF:
            raise _range_error(self, "op")
        sha, tha = _mac(self.sha), _mac(self.tha)
        if sha is not self.sha:
            _fix(self, "sha", sha)
        if tha is not self.tha:
            _fix(self, "tha", tha)
        if self.spa.__class__ is not IPv4Address:
            _fix(self, "spa", IPv4Address(self.spa))
        if self.tpa.__class__ is not IPv4Address:
            _fix(self, "tpa", IPv4Address(self.tpa))
        if self.payload is not None:
            _check_payload(self)

    def _emit(self, ip) -> bytes:
        return _ARP.pack(1, ETH_P_IP, 6, 4, self.op, _mac_bytes(self.sha), self.spa.packed,
                         _mac_bytes(self.tha), self.tpa.packed) + self._body()

    @classmethod
    def from_bytes(cls, data: bytes) -> ARP:
        """Decode 28 bytes of ARP; anything after them (padding) is ignored."""
        if len(data) < 28:
            raise ValueError(f"ARP packet truncated: {len(data)} bytes < 28")
        htype, ptype, hlen, plen, op, sha, spa, tha, tpa = _ARP.unpack_from(data)
        if (htype, ptype, hlen, plen) != (1, ETH_P_IP, 6, 4):
            raise ValueError(f"only Ethernet/IPv4 ARP is modelled, got hrd={htype} "
                             f"pro=0x{ptype:04x} hln={hlen} pln={plen}")
        return cls(op, sha.hex(":"), IPv4Address(spa), tha.hex(":"), IPv4Address(tpa))

    def summary(self) -> str:
        if self.op == ARPOP_REQUEST:
            return f"ARP who-has {self.tpa} tell {self.spa}"
        if self.op == ARPOP_REPLY:
            return f"ARP reply {self.spa} is-at {self.sha}"
        return f"ARP op {self.op} {self.spa} > {self.tpa}"


def _parse_ethertype(t: int, body: bytes):
    if t not in _PARSER_OF_ETHERTYPE:
        return Raw(body) if body else None
    return _PARSER_OF_ETHERTYPE[t](body) if any(body) else None  # all zeros: only padding


# ------------------------------------------------------------------ network layer

_PROTO_NAMES = {IPPROTO_ICMP: "icmp", IPPROTO_TCP: "tcp", IPPROTO_UDP: "udp"}


@dataclass(frozen=True, slots=True)
class IPv4(Layer):
    """IPv4 header without options or fragmentation (RFC 791, ``struct iphdr``).

    ``tot_len`` (keyword-only) is None except in a datagram quoted by an ICMP
    error, where it keeps the original total length because only part of the
    payload is present.
    """

    src: IPv4Address
    dst: IPv4Address
    proto: int = 0
    ttl: int = 64
    id: int = 0
    tos: int = 0
    df: bool = True
    tot_len: int | None = field(default=None, kw_only=True)
    payload: Layer | None = None
    _name = "IPv4"
    _fmt = {"proto": lambda v: f"{v} ({_PROTO_NAMES[v]})" if v in _PROTO_NAMES else str(v)}

    def __post_init__(self):
        if self.src.__class__ is not IPv4Address:
            _fix(self, "src", IPv4Address(self.src))
        if self.dst.__class__ is not IPv4Address:
            _fix(self, "dst", IPv4Address(self.dst))
        if not (0 <= self.ttl <= 255 and 0 <= self.proto <= 255 and 0 <= self.tos <= 255
                and 0 <= self.id <= 0xFFFF and (self.tot_len is None or 20 <= self.tot_len <= 0xFFFF)):
            raise _range_error(self, "ttl proto tos id tot_len")
        if self.payload is not None:
            _check_payload(self, "proto", 0, _IPPROTO_OF)

    def _emit(self, ip) -> bytes:
        body = self._body(self)
        tl = 20 + len(body) if self.tot_len is None else self.tot_len
        if tl > 0xFFFF:
            raise ValueError(f"IPv4 datagram too long: {tl} bytes")
        hdr = _IP.pack(0x45, self.tos, tl, self.id, 0x4000 if self.df else 0, self.ttl,
                       self.proto, 0, self.src.packed, self.dst.packed)
        return hdr[:10] + _csum(hdr).to_bytes(2, "big") + hdr[12:] + body

    @classmethod
    def from_bytes(cls, data: bytes, *, verify: bool = True, quote: bool = False) -> IPv4:
        """Decode a datagram; bytes past the total length (padding) are ignored.

        ``verify=False`` skips transport checksums. ``quote=True`` decodes the
        datagram quoted in an ICMP error: ``tot_len`` is kept and the (partial)
        payload stays ``Raw``.
        """
        n = len(data)
        if n < 20:
            raise ValueError(f"IPv4 header truncated: {n} bytes < 20")
        vihl, tos, tl, id_, frag, ttl, proto, c, src, dst = _IP.unpack_from(data)
        if vihl >> 4 != 4:
            raise ValueError(f"not IPv4: version {vihl >> 4}")
        if vihl & 0xF != 5:
            raise ValueError(f"IPv4 options are not modelled (IHL {vihl & 0xF} words)")
        if _csum(data[:20]):
            good = _csum(data[:10] + b"\0\0" + data[12:20])
            raise ValueError(f"bad IPv4 header checksum 0x{c:04x} (should be 0x{good:04x})")
        if frag & 0x3FFF:
            raise ValueError(f"IPv4 fragments are not modelled (MF/offset 0x{frag & 0x3FFF:04x})")
        if tl < 20 or tl > n and not quote:
            raise ValueError(f"IPv4 total length {tl} does not fit the {n} bytes received")
        if quote:
            if n > tl:
                raise ValueError(f"quoted IPv4 holds {n} bytes but its total length is {tl}")
            payload = Raw(data[20:]) if n > 20 else None
        else:
            payload = _parse_l4(proto, data[20:tl], src, dst, verify)
        return cls(IPv4Address(src), IPv4Address(dst), proto, ttl, id_, tos, bool(frag & 0x4000),
                   payload, tot_len=tl if quote else None)

    def summary(self) -> str:
        p = self.payload
        if isinstance(p, (UDP, TCP)):
            return f"{self.src}:{p.sport} > {self.dst}:{p.dport} {p._tail()}"
        if isinstance(p, ICMP):
            return f"{self.src} > {self.dst} {p.summary()} ttl {self.ttl}"
        name = _PROTO_NAMES.get(self.proto, f"ip-proto-{self.proto}")
        return f"{self.src} > {self.dst} {name} ttl {self.ttl}"


def _parse_l4(proto: int, body: bytes, src, dst, verify: bool):
    if not body:
        return None
    if proto == IPPROTO_UDP:
        return UDP.from_bytes(body, src, dst, verify=verify)
    if proto == IPPROTO_TCP:
        return TCP.from_bytes(body, src, dst, verify=verify)
    if proto == IPPROTO_ICMP:
        return ICMP.from_bytes(body, verify=verify)
    return Raw(body)


# --------------------------------------------------------------------------- ICMP

_ICMP_NAMES = {0: "echo reply", 3: "unreachable", 4: "source quench", 5: "redirect",
               8: "echo request", 11: "time exceeded", 12: "parameter problem",
               13: "timestamp request", 14: "timestamp reply"}
_UNREACH_NAMES = {0: "net", 1: "host", 2: "protocol", 3: "port", 4: "need-frag",
                  9: "net prohibited", 10: "host prohibited", 13: "admin prohibited filter"}


@dataclass(frozen=True, slots=True)
class ICMP(Layer):
    """ICMP message (RFC 792, ``struct icmphdr``).

    ``id``/``seq`` are the second 32-bit word: echo identifier and sequence, or
    "unused" for errors (``seq`` holds the next-hop MTU for frag-needed). For
    echo the payload is ``Raw`` data; for errors it is the quoted datagram
    (build it with ``ICMP.error``, read it with ``quoted()``).
    """

    type: int
    code: int = 0
    id: int = 0
    seq: int = 0
    payload: Layer | None = None
    _name = "ICMP"
    _fmt = {"type": lambda v: f"{v} ({_ICMP_NAMES.get(v, '?')})"}

    def __post_init__(self):
        if not (0 <= self.type <= 255 and 0 <= self.code <= 255
                and 0 <= self.id <= 0xFFFF and 0 <= self.seq <= 0xFFFF):
            raise _range_error(self, "type code id seq")
        if self.payload is not None:
            _check_payload(self)

    @classmethod
    def error(cls, type: int, code: int, original: Layer, *, length: int = 8,
              id: int = 0, seq: int = 0) -> ICMP:
        """Build an ICMP error quoting ``original`` (an IPv4 layer or a stack holding one).

        The quote is the original IPv4 header plus the first ``length`` bytes of
        its encoded payload (RFC 792: 8 bytes; Linux quotes up to 576 bytes).

        >>> orig = IPv4("10.0.0.1", "10.0.0.2") / UDP(40000, 53, b"query")
        >>> err = ICMP.error(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, orig)
        >>> err.quoted()[UDP].dport, err.payload.tot_len
        (53, 33)
        """
        ip = original if isinstance(original, IPv4) else original[IPv4]
        body = ip._body(ip)
        tl = 20 + len(body) if ip.tot_len is None else ip.tot_len
        quote = replace(ip, tot_len=tl, payload=Raw(body[:length]) if body and length > 0 else None)
        return cls(type, code, id, seq, quote)

    def quoted(self) -> IPv4 | None:
        """The datagram an error quotes, with its UDP/TCP/ICMP header decoded as far
        as the quoted bytes go (missing TCP fields read 0); None if there is none."""
        ip = self.payload
        if not isinstance(ip, IPv4):
            return None
        if not isinstance(ip.payload, Raw):
            return ip
        return replace(ip, payload=_parse_partial_l4(ip, ip.payload.data))

    def _emit(self, ip) -> bytes:
        body = self._body()
        hdr = _ICMP.pack(self.type, self.code, 0, self.id, self.seq)
        return hdr[:2] + _csum(hdr + body).to_bytes(2, "big") + hdr[4:] + body

    @classmethod
    def from_bytes(cls, data: bytes, *, verify: bool = True) -> ICMP:
        """Decode; an error's quoted datagram becomes an ``IPv4`` (see ``IPv4.from_bytes``)."""
        if len(data) < 8:
            raise ValueError(f"ICMP header truncated: {len(data)} bytes < 8")
        t, code, c, id_, seq = _ICMP.unpack_from(data)
        if verify and _csum(data):
            raise ValueError(f"bad ICMP checksum 0x{c:04x} (type {t} code {code})")
        rest = data[8:]
        payload = Raw(rest) if rest else None
        if t in _ICMP_ERRORS and len(rest) >= 20 and rest[0] >> 4 == 4:
            try:
                payload = IPv4.from_bytes(rest, quote=True)
            except ValueError:
                pass  # not a well-formed quote: keep the bytes
        return cls(t, code, id_, seq, payload)

    def summary(self) -> str:
        t, c = self.type, self.code
        if t in (ICMP_ECHO, ICMP_ECHOREPLY):
            return f"ICMP {_ICMP_NAMES[t]} id {self.id} seq {self.seq}"
        if t == ICMP_DEST_UNREACH:
            what = (f"need to frag (mtu {self.seq})" if c == ICMP_FRAG_NEEDED
                    else f"{_UNREACH_NAMES.get(c, f'code {c}')} unreachable")
        elif t == ICMP_TIME_EXCEEDED:
            what = "time exceeded " + ("in-transit" if c == 0 else "reassembly" if c == 1 else f"code {c}")
        else:
            what = f"type {t} code {c}"
        q = self.quoted() if t in _ICMP_ERRORS else None
        if q is None:
            return f"ICMP {what}"
        p = q.payload  # a quote's TCP flags may be missing: show addresses and ports only
        inner = f"{q.src}:{p.sport} > {q.dst}:{p.dport} {p._name}" if isinstance(p, (UDP, TCP)) else q.summary()
        return f"ICMP {what} [{inner}]"


def _parse_partial_l4(ip: IPv4, data: bytes):
    """Decode as much of a quoted transport header as ``data`` holds."""
    if ip.tot_len is not None and len(data) == ip.tot_len - 20:  # whole datagram quoted
        try:
            return _parse_l4(ip.proto, data, None, None, False)
        except ValueError:
            pass
    if len(data) < 8:
        return Raw(data)
    a, b, c, d = _UDP.unpack_from(data)
    if ip.proto == IPPROTO_UDP:
        return UDP(a, b)
    if ip.proto == IPPROTO_ICMP:
        return ICMP(a >> 8, a & 0xFF, c, d)
    if ip.proto == IPPROTO_TCP:
        if len(data) >= 20:
            return TCP(*_TCP.unpack_from(data)[:4], *_TCP.unpack_from(data)[5:7])
        return TCP(a, b, c << 16 | d, 0, 0, 0)
    return Raw(data)


# ---------------------------------------------------------------- transport layer

@dataclass(frozen=True, slots=True)
class UDP(Layer):
    """UDP header (RFC 768). Length and checksum (with the IPv4 pseudo-header) are
    computed when encoded under an IPv4 layer; encoded alone the checksum is 0."""

    sport: int
    dport: int
    payload: Layer | None = None
    _name = "UDP"

    def __post_init__(self):
        if not (0 <= self.sport <= 0xFFFF and 0 <= self.dport <= 0xFFFF):
            raise _range_error(self, "sport dport")
        if self.payload is not None:
            _check_payload(self)

    def _emit(self, ip) -> bytes:
        body = self._body()
        ln = 8 + len(body)
        c = 0
        if ip is not None:
            c = _csum(_pseudo(ip.src.packed, ip.dst.packed, IPPROTO_UDP, ln)
                      + _UDP.pack(self.sport, self.dport, ln, 0) + body) or 0xFFFF
        return _UDP.pack(self.sport, self.dport, ln, c) + body

    @classmethod
    def from_bytes(cls, data: bytes, src=None, dst=None, *, verify: bool = True) -> UDP:
        """Decode; a non-zero checksum is verified when ``src`` and ``dst`` are given.
        A payload to port 4789 that starts with a VXLAN header decodes as ``VXLAN``."""
        if len(data) < 8:
            raise ValueError(f"UDP header truncated: {len(data)} bytes < 8")
        sport, dport, ln, c = _UDP.unpack_from(data)
        if ln != len(data):
            raise ValueError(f"UDP length field {ln} != {len(data)} bytes present")
        if verify and c and src is not None and dst is not None \
                and _csum(_pseudo(src, dst, IPPROTO_UDP, ln) + data):
            raise ValueError(f"bad UDP checksum 0x{c:04x} ({sport} > {dport})")
        body = data[8:]
        if dport == VXLAN_PORT and len(body) >= 8 and body[:4] == b"\x08\0\0\0" and not body[7]:
            return cls(sport, dport, VXLAN.from_bytes(body))
        return cls(sport, dport, Raw(body) if body else None)

    def _tail(self) -> str:
        p = self.payload
        if isinstance(p, VXLAN):
            return p.summary()
        return "UDP" + (f" len {len(p.data)}" if isinstance(p, Raw) else "")

    def summary(self) -> str:
        return f"{self.sport} > {self.dport} {self._tail()}"


_TCP_FLAG_CHARS = ((FIN, "F"), (SYN, "S"), (RST, "R"), (PSH, "P"), (URG, "U"), (ECE, "E"), (CWR, "W"))


def _tcp_flags(f: int) -> str:
    s = "".join(ch for bit, ch in _TCP_FLAG_CHARS if f & bit) + ("." if f & ACK else "")
    return s or "none"


@dataclass(frozen=True, slots=True)
class TCP(Layer):
    """TCP header (RFC 793). ``options`` (keyword-only, raw bytes, multiple of 4)
    keeps decoded options so real captures round-trip; the urgent pointer is 0."""

    sport: int
    dport: int
    seq: int = 0
    ack: int = 0
    flags: int = SYN
    window: int = 64240
    options: bytes = field(default=b"", kw_only=True)
    payload: Layer | None = None
    _name = "TCP"
    _fmt = {"flags": lambda v: f"0x{v:02x} [{_tcp_flags(v)}]"}

    def __post_init__(self):
        if not (0 <= self.sport <= 0xFFFF and 0 <= self.dport <= 0xFFFF
                and 0 <= self.seq <= 0xFFFFFFFF and 0 <= self.ack <= 0xFFFFFFFF
                and 0 <= self.flags <= 0xFF and 0 <= self.window <= 0xFFFF):
            raise _range_error(self, "sport dport seq ack flags window")
        if self.options and (len(self.options) % 4 or len(self.options) > 40):
            raise ValueError(f"TCP: options must be a multiple of 4 bytes, at most 40: {self.options!r}")
        if self.payload is not None:
            _check_payload(self)

    def _emit(self, ip) -> bytes:
        body = self._body()
        hdr = _TCP.pack(self.sport, self.dport, self.seq, self.ack, (5 + len(self.options) // 4) << 4,
                        self.flags, self.window, 0, 0) + self.options
        if ip is None:
            return hdr + body
        c = _csum(_pseudo(ip.src.packed, ip.dst.packed, IPPROTO_TCP, len(hdr) + len(body)) + hdr + body)
        return hdr[:16] + c.to_bytes(2, "big") + hdr[18:] + body

    @classmethod
    def from_bytes(cls, data: bytes, src=None, dst=None, *, verify: bool = True) -> TCP:
        """Decode; the checksum is verified when ``src`` and ``dst`` are given."""
        if len(data) < 20:
            raise ValueError(f"TCP header truncated: {len(data)} bytes < 20")
        sport, dport, seq, ack, off, flags, win, c, _urg = _TCP.unpack_from(data)
        hl = (off >> 4) * 4
        if hl < 20 or hl > len(data):
            raise ValueError(f"TCP data offset {hl} bytes does not fit {len(data)} bytes")
        if verify and src is not None and dst is not None \
                and _csum(_pseudo(src, dst, IPPROTO_TCP, len(data)) + data):
            raise ValueError(f"bad TCP checksum 0x{c:04x} ({sport} > {dport})")
        body = data[hl:]
        return cls(sport, dport, seq, ack, flags, win, Raw(body) if body else None, options=data[20:hl])

    def _tail(self) -> str:
        s = f"TCP [{_tcp_flags(self.flags)}] seq {self.seq}"
        if self.flags & ACK:
            s += f" ack {self.ack}"
        return s + (f" len {len(self.payload.data)}" if isinstance(self.payload, Raw) else "")

    def summary(self) -> str:
        return f"{self.sport} > {self.dport} {self._tail()}"


@dataclass(frozen=True, slots=True)
class VXLAN(Layer):
    """VXLAN header (RFC 7348 section 5): flags 0x08, 24-bit VNI; payload is an inner Ether
    (encoded without padding, as Linux's vxlan driver sends it)."""

    vni: int
    payload: Layer | None = None
    _name = "VXLAN"

    def __post_init__(self):
        if not 0 <= self.vni <= 0xFFFFFF:
            raise _range_error(self, "vni")
        if self.payload is not None:
            _check_payload(self)

    def _emit(self, ip) -> bytes:
        p = self.payload
        inner = p.to_bytes(pad=False) if isinstance(p, Ether) else self._body()
        return _VXLAN.pack(0x08000000, self.vni << 8) + inner

    @classmethod
    def from_bytes(cls, data: bytes) -> VXLAN:
        if len(data) < 8 or data[:4] != b"\x08\0\0\0" or data[7]:
            raise ValueError(f"not a VXLAN header (want flags 0x08, reserved 0): {bytes(data[:8]).hex()}")
        return cls(int.from_bytes(data[4:7], "big"), Ether.from_bytes(data[8:]) if len(data) > 8 else None)

    def summary(self) -> str:
        p = self.payload
        return f"VXLAN vni {self.vni}" + (f": {p.summary()}" if p is not None else "")


@dataclass(frozen=True, slots=True)
class Raw(Layer):
    """Opaque bytes: application data, or the partial header an ICMP error quotes."""

    data: bytes
    payload = None  # not a field: Raw is always the innermost layer
    _name = "Raw"

    def __post_init__(self):
        if self.data.__class__ is not bytes:
            if not isinstance(self.data, (bytearray, memoryview)):
                raise TypeError(f"Raw.data must be bytes, not {type(self.data).__name__}")
            _fix(self, "data", bytes(self.data))

    def _append(self, other):
        raise TypeError("Raw is the innermost layer; it cannot carry a payload")

    def _emit(self, ip) -> bytes:
        return self.data

    @classmethod
    def from_bytes(cls, data: bytes) -> Raw:
        return cls(bytes(data))

    def summary(self) -> str:
        return f"Raw {len(self.data)} bytes"


_LAYERS = frozenset({Ether, Dot1Q, ARP, IPv4, ICMP, UDP, TCP, VXLAN, Raw})
_ETHERTYPE_OF = {ARP: ETH_P_ARP, Dot1Q: ETH_P_8021Q}
_IPPROTO_OF = {ICMP: IPPROTO_ICMP, TCP: IPPROTO_TCP, UDP: IPPROTO_UDP}
_PARSER_OF_ETHERTYPE = {ETH_P_IP: IPv4.from_bytes, ETH_P_ARP: ARP.from_bytes, ETH_P_8021Q: Dot1Q.from_bytes}
__all__ = ["Layer", "Ether", "Dot1Q", "ARP", "IPv4", "ICMP", "UDP", "TCP", "VXLAN", "Raw"]
__all__ += [n for n in dir() if n.isupper() and n[0] != "_" and n not in __all__]  # constants
