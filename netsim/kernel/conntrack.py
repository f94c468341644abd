"""Connection tracking and NAT bindings: models net/netfilter/nf_conntrack_core.c
(``nf_conntrack_in``, ``resolve_normal_ct``, ``__nf_conntrack_confirm``), the protocol trackers
nf_conntrack_proto_{tcp,udp,icmp}.c, and the packet-rewriting half of NAT in nf_nat_core.c
(``nf_nat_setup_info``, ``nf_nat_packet``) and nf_nat_proto.c (``nf_nat_icmp_reply_translation``).

Read first: :class:`Tuple` (what identifies one direction of a flow), :class:`Conn` (``struct
nf_conn``: both tuples, the state, the NAT status bits), then :func:`nf_conntrack_in`.

* A namespace gets a table (``ns.conntrack``) the first time a packet is tracked; a namespace
  whose iptables rules need no conntrack never gets one (see ``nf_path``).
* A new connection stays *unconfirmed* (attached to the packet only) until the packet leaves
  POSTROUTING or INPUT (:func:`nf_conntrack_confirm`); a packet dropped before that leaves no entry.
* States as ``-m conntrack --ctstate`` sees them: NEW until a reply is seen, then ESTABLISHED;
  RELATED for an ICMP error quoting a known connection; INVALID for what no tracker accepts
  (a TCP RST or SYN-ACK that starts nothing, an echo reply nobody asked for).
* NAT never edits the original tuple: a binding changes the *reply* tuple (``nf_conntrack_alter_reply``)
  and sets the ``snat``/``dnat`` status bits; every later packet is rewritten so that it matches
  the inverse of the other direction's tuple (``nf_nat_packet``), which also un-NATs replies.
* Entries expire on the simulated clock (``nf_conntrack_{tcp,udp,icmp}_timeout``); expired
  entries are dropped lazily when looked up or listed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from ipaddress import IPv4Address
from typing import NamedTuple

from ..packets import ACK, FIN, ICMP, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, RST, SYN, TCP, UDP, IPv4, Raw

__all__ = ["Tuple", "Conn", "ConntrackTable", "nf_conntrack_in", "nf_conntrack_confirm",
           "pkt_tuple", "invert", "nat_setup", "nat_packet",
           "ORIGINAL", "REPLY"]

ORIGINAL, REPLY = 0, 1
PROTO_NAMES = {IPPROTO_ICMP: "icmp", IPPROTO_TCP: "tcp", IPPROTO_UDP: "udp"}

# nf_conntrack_icmp.c: the query types conntrack follows and the reply each one expects
ICMP_INVERSE = {8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17}
ICMP_QUERIES = frozenset({8, 13, 15, 17})
ICMP_ERRORS = frozenset({3, 4, 5, 11, 12})

# timeouts in seconds (sysctl net.netfilter.nf_conntrack_*_timeout defaults)
ICMP_TIMEOUT = 30.0
UDP_TIMEOUT, UDP_TIMEOUT_STREAM = 30.0, 120.0
GENERIC_TIMEOUT = 600.0
TCP_TIMEOUTS = {"SYN_SENT": 120.0, "SYN_RECV": 60.0, "ESTABLISHED": 432000.0,
                "FIN_WAIT": 120.0, "CLOSE_WAIT": 60.0, "LAST_ACK": 30.0, "TIME_WAIT": 120.0,
                "CLOSE": 10.0, "SYN_SENT2": 120.0}
TCP_TIMEOUT_UNACK = 300.0
UDP_STREAM_AFTER = 2.0        # nf_conntrack_udp_packet: "still active after two seconds?"


class Tuple(NamedTuple):
    """struct nf_conntrack_tuple: one direction of a flow.

    For TCP/UDP ``sport``/``dport`` are the ports; for ICMP queries ``sport`` is the echo id and
    ``dport`` the ICMP type (as the kernel keeps ``src.u.icmp.id`` and ``dst.u.icmp.type``)."""
    proto: int
    src: int
    dst: int
    sport: int = 0
    dport: int = 0

    def text(self) -> str:
        s = f"src={IPv4Address(self.src)} dst={IPv4Address(self.dst)}"
        if self.proto in (IPPROTO_TCP, IPPROTO_UDP):
            s += f" sport={self.sport} dport={self.dport}"
        elif self.proto == IPPROTO_ICMP:
            s += f" type={self.dport} code=0 id={self.sport}"
        return s


def invert(t: Tuple) -> Tuple:
    """nf_ct_invert_tuple(): the tuple a reply to ``t`` carries."""
    if t.proto == IPPROTO_ICMP:
        return Tuple(t.proto, t.dst, t.src, t.sport, ICMP_INVERSE.get(t.dport, t.dport))
    return Tuple(t.proto, t.dst, t.src, t.dport, t.sport)


def pkt_tuple(ip: IPv4) -> Tuple:
    """nf_ct_get_tuple(): the tuple of a packet (addresses, ports or echo id and type)."""
    p = ip.payload
    if isinstance(p, (TCP, UDP)):
        return Tuple(ip.proto, int(ip.src), int(ip.dst), p.sport, p.dport)
    if isinstance(p, ICMP):
        return Tuple(ip.proto, int(ip.src), int(ip.dst), p.id, p.type)
    return Tuple(ip.proto, int(ip.src), int(ip.dst))


@dataclass(eq=False)
class Conn:
    """struct nf_conn: one tracked connection."""
    tuples: list                   # [ORIGINAL tuple, REPLY tuple]
    ns_name: str
    created: float
    expires: float = 0.0
    seen_reply: bool = False       # IPS_SEEN_REPLY
    assured: bool = False          # IPS_ASSURED
    confirmed: bool = False        # IPS_CONFIRMED: in the table
    snat: bool = False             # IPS_SRC_NAT: the source of the original direction changes
    dnat: bool = False             # IPS_DST_NAT
    nat_done: set = field(default_factory=set)   # IPS_{SRC,DST}_NAT_DONE: "SRC" / "DST"
    tcp_state: str = ""            # TCP_CONNTRACK_* name, for TCP
    tcp_closer: int = -1           # direction that sent the first FIN
    mark: int = 0
    id: int = 0

    @property
    def proto(self) -> int:
        return self.tuples[ORIGINAL].proto

    def describe(self) -> str:
        o, r = self.tuples
        st = f" {self.tcp_state}" if self.tcp_state else ""
        return f"{PROTO_NAMES.get(o.proto, o.proto)}{st} {o.text()} / reply {r.text()}"


class ConntrackTable:
    """The per-namespace hash of confirmed connections (``net->ct``), keyed by both tuples."""

    def __init__(self) -> None:
        self.hash: dict[Tuple, tuple[Conn, int]] = {}
        self.conns: list[Conn] = []          # confirmed, in insertion order
        self.next_id = 0

    def find(self, t: Tuple, now: float) -> tuple[Conn | None, int]:
        """nf_conntrack_find_get(): the live entry holding ``t``, and in which direction."""
        hit = self.hash.get(t)
        if hit is None:
            return None, ORIGINAL
        ct, d = hit
        if ct.expires <= now:
            self.remove(ct)
            return None, ORIGINAL
        return ct, d

    def insert(self, ct: Conn) -> None:
        self.hash[ct.tuples[ORIGINAL]] = (ct, ORIGINAL)
        self.hash[ct.tuples[REPLY]] = (ct, REPLY)
        ct.confirmed = True
        self.conns.append(ct)

    def remove(self, ct: Conn) -> None:
        """nf_ct_kill(): forget the entry (a no-op for an unconfirmed one)."""
        for d in (ORIGINAL, REPLY):
            if self.hash.get(ct.tuples[d], (None,))[0] is ct:
                del self.hash[ct.tuples[d]]
        if ct in self.conns:
            self.conns.remove(ct)

    def live(self, now: float) -> list[Conn]:
        for ct in [c for c in self.conns if c.expires <= now]:
            self.remove(ct)
        return list(self.conns)


def table(ns) -> ConntrackTable:
    if ns.conntrack is None:
        ns.conntrack = ConntrackTable()
    return ns.conntrack


# ----------------------------------------------------------------------------- nf_conntrack_in
@dataclass(slots=True)
class CtResult:
    """What nf_conntrack_in decided for one packet (``skb->_nfct`` and ``ctinfo``)."""
    ct: Conn | None
    dir: int
    state: str            # NEW / ESTABLISHED / RELATED / INVALID (as -m conntrack names it)
    created: bool = False
    why: str = ""


def nf_conntrack_in(ns, ip: IPv4) -> CtResult:
    """Find or create the connection ``ip`` belongs to, and update its protocol state."""
    now = ns.kernel.clock.now
    tbl = table(ns)
    p = ip.payload
    if ip.proto == 2:
        # IGMP gets no conntrack entry (measured on 6.18: a bridge's IGMP report crosses raw
        # and mangle PREROUTING but never the nat table), so -m conntrack sees it INVALID
        return CtResult(None, ORIGINAL, "INVALID", why="IGMP is not tracked")
    if isinstance(p, ICMP) and p.type in ICMP_ERRORS:
        return _icmp_error(tbl, ip, p, now)
    t = pkt_tuple(ip)
    ct, d = tbl.find(t, now)
    if ct is None:
        why = _invalid_new(ip)
        if why:
            return CtResult(None, ORIGINAL, "INVALID", why=why)
        tbl.next_id += 1
        ct = Conn([t, invert(t)], ns.name, now, id=tbl.next_id)
        if isinstance(p, TCP):
            ct.tcp_state = "SYN_SENT" if p.flags & SYN else "ESTABLISHED"
        _refresh(ct, now)
        return CtResult(ct, ORIGINAL, "NEW", created=True)
    state = "ESTABLISHED" if d == REPLY or ct.seen_reply else "NEW"
    if isinstance(p, TCP):
        why = _tcp_packet(tbl, ct, d, p)
        if why == _REOPEN:
            return nf_conntrack_in(ns, ip)        # NF_REPEAT: the SYN starts a new entry
        if why:
            return CtResult(ct, d, "INVALID", why=why)
        if ct.expires == 0.0:                     # killed (a RST was the only reply)
            return CtResult(ct, d, state)
    _refresh(ct, now)
    if d == REPLY and not ct.seen_reply:
        ct.seen_reply = True                      # IPS_SEEN_REPLY, after the protocol tracker
    return CtResult(ct, d, state)


def _invalid_new(ip: IPv4) -> str:
    """Can this packet start a connection? ('' if so, else why not.)"""
    p = ip.payload
    if ip.proto == IPPROTO_TCP and isinstance(p, TCP):
        if p.flags & RST:
            return "TCP RST does not start a connection"
        if p.flags & SYN and p.flags & ACK:
            return "TCP SYN-ACK without a connection"
        if _TCP_CONNTRACKS[ORIGINAL][_tcp_index(p.flags)][0] == _IV:
            return "TCP FIN or flagless segment without a connection"
        return ""
    if ip.proto == IPPROTO_ICMP and isinstance(p, ICMP) and p.type not in ICMP_QUERIES:
        return f"ICMP type {p.type} without a query"
    return ""


def _refresh(ct: Conn, now: float) -> None:
    """Set the timeout for the connection's current state (the protocol trackers'
    ``nf_ct_refresh_acct`` calls)."""
    proto = ct.proto
    if proto == IPPROTO_TCP:
        timeout = TCP_TIMEOUTS.get(ct.tcp_state, 120.0)
        if ct.tcp_state == "ESTABLISHED" and not ct.seen_reply:
            timeout = min(timeout, TCP_TIMEOUT_UNACK)   # a picked-up connection
        ct.expires = now + timeout
    elif proto == IPPROTO_UDP:
        # nf_conntrack_udp_packet(): replied and still active two seconds after it started:
        # a stream (ASSURED, 120 s); otherwise 30 s
        if ct.seen_reply and now > ct.created + UDP_STREAM_AFTER:
            ct.assured = True
            ct.expires = now + UDP_TIMEOUT_STREAM
        else:
            ct.expires = now + UDP_TIMEOUT
    elif proto == IPPROTO_ICMP:
        ct.expires = now + ICMP_TIMEOUT
    else:
        ct.expires = now + GENERIC_TIMEOUT


# nf_conntrack_proto_tcp.c ``tcp_conntracks[dir][index][state]``: the next state for a segment
# of kind ``index`` (get_conntrack_index: RST, then SYN / SYN-ACK, then FIN, then ACK) going in
# direction ``dir`` of a connection in ``state``.  "IV" = invalid, "IG" = ignore.
_TCP_STATES = ("NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT",
               "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2")
_NO, _SS, _SR, _ES, _FW, _CW, _LA, _TW, _CL, _S2 = _TCP_STATES
_IV, _IG = "IV", "IG"
_REOPEN = "SYN re-opens a closed connection"
_TCP_CONNTRACKS = {
    ORIGINAL: {
        #          sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2
        "syn":    (_SS, _SS, _IG, _IG, _IG, _IG, _IG, _SS, _SS, _S2),
        "synack": (_IV, _IV, _SR, _IV, _IV, _IV, _IV, _IV, _IV, _SR),
        "fin":    (_IV, _IV, _FW, _FW, _LA, _LA, _LA, _TW, _CL, _IV),
        "ack":    (_ES, _IV, _ES, _ES, _CW, _CW, _TW, _TW, _CL, _IV),
        "rst":    (_IV, _CL, _CL, _CL, _CL, _CL, _CL, _CL, _CL, _CL),
        "none":   (_IV,) * 10,
    },
    REPLY: {
        "syn":    (_IV, _S2, _IV, _IV, _IV, _IV, _IV, _SS, _IV, _S2),
        "synack": (_IV, _SR, _IG, _IG, _IG, _IG, _IG, _IG, _IG, _SR),
        "fin":    (_IV, _IV, _FW, _FW, _LA, _LA, _LA, _TW, _CL, _IV),
        "ack":    (_IV, _IG, _SR, _ES, _CW, _CW, _TW, _TW, _CL, _IG),
        "rst":    (_IV, _CL, _CL, _CL, _CL, _CL, _CL, _CL, _CL, _CL),
        "none":   (_IV,) * 10,
    },
}


def _tcp_index(f: int) -> str:
    """get_conntrack_index()."""
    if f & RST:
        return "rst"
    if f & SYN:
        return "synack" if f & ACK else "syn"
    if f & FIN:
        return "fin"
    return "ack" if f & ACK else "none"


def _tcp_packet(tbl: ConntrackTable, ct: Conn, d: int, th: TCP) -> str:
    """nf_conntrack_tcp_packet(): move the connection through ``tcp_conntracks`` ('' when the
    segment is acceptable, else why it is INVALID).  Sequence-window checks are not modelled."""
    index = _tcp_index(th.flags)
    old = ct.tcp_state or _NO
    new = _TCP_CONNTRACKS[d][index][_TCP_STATES.index(old)]
    if new == _SS and old in (_TW, _CL) and d == ORIGINAL:
        # a SYN re-opening a closed connection: the old entry goes, the SYN starts a new one
        tbl.remove(ct)
        ct.expires = 0.0
        return _REOPEN
    if new == _IG:
        return ""                        # tcp_packet ignores it: state and timeout unchanged
    if new == _IV:
        return f"TCP {index.upper()} not expected in state {old}"
    ct.tcp_state = new
    if index == "rst" and not ct.seen_reply:
        # "If only reply is a RST, we can consider ourselves not to have an established
        # connection ... so we can delete the conntrack immediately." (nf_conntrack_tcp_packet)
        tbl.remove(ct)
        ct.expires = 0.0
        return ""
    if not ct.assured and old in (_SR, _ES) and new == _ES and ct.seen_reply:
        ct.assured = True                # IPS_ASSURED: a valid ACK after SYN_RECV
    return ""


def _icmp_error(tbl: ConntrackTable, ip: IPv4, msg: ICMP, now: float) -> CtResult:
    """nf_conntrack_inet_error(): an ICMP error is RELATED to the connection it quotes."""
    q = msg.quoted()
    if q is None:
        return CtResult(None, ORIGINAL, "INVALID", why="ICMP error without a quoted header")
    inner = pkt_tuple(q)
    ct, d = tbl.find(invert(inner), now)
    if ct is None:
        return CtResult(None, ORIGINAL, "INVALID", why="no connection for the quoted packet")
    return CtResult(ct, d, "RELATED")


def nf_conntrack_confirm(ns, ct: Conn) -> bool:
    """__nf_conntrack_confirm(): put a new connection into the table (True if it was new)."""
    if ct is None or ct.confirmed or ct.expires == 0.0:
        return False
    tbl = table(ns)
    tbl.insert(ct)
    return True


# ----------------------------------------------------------------------------- NAT
def _with_src(t: Tuple, addr: int, port: int | None) -> Tuple:
    if port is None:
        return t._replace(src=addr)
    return t._replace(src=addr, sport=port)


def _with_dst(t: Tuple, addr: int, port: int | None) -> Tuple:
    if port is None or t.proto == IPPROTO_ICMP:
        return t._replace(dst=addr)
    return t._replace(dst=addr, dport=port)


def nat_setup(ns, ct: Conn, manip: str, addr: IPv4Address, ports: tuple[int, int] | None) -> Tuple:
    """nf_nat_setup_info(): bind ``ct`` so that its original direction leaves with a new source
    (``manip == "SRC"``) or destination (``"DST"``); a clashing source port or echo id is moved
    to a free one (get_unique_tuple).  Returns the new reply tuple."""
    cur = invert(ct.tuples[REPLY])            # the original direction as it looks now
    lo, hi = ports if ports else (None, None)
    if manip == "SRC":
        want = _with_src(cur, int(addr), lo)
    else:
        want = _with_dst(cur, int(addr), lo)
    tbl = table(ns)
    now = ns.kernel.clock.now
    if manip == "SRC" and want != cur:
        base = want.sport
        span = (hi - lo + 1) if lo is not None else None
        tries = 0
        while tbl.find(invert(want), now)[0] not in (None, ct) and tries < 65536:
            tries += 1
            if span:
                nxt = lo + (base - lo + tries) % span
            else:
                nxt = 1024 + (base - 1024 + tries) % (65536 - 1024)
            want = want._replace(sport=nxt)
    if manip == "SRC" and (want.src != cur.src or want.sport != cur.sport):
        ct.snat = True
    if manip == "DST" and (want.dst != cur.dst or want.dport != cur.dport):
        ct.dnat = True
    ct.tuples[REPLY] = invert(want)
    ct.nat_done.add(manip)
    return ct.tuples[REPLY]


def _statusbit(ct: Conn, manip: str, d: int) -> bool:
    """Is there a binding to apply for ``manip`` in direction ``d``?  (``IPS_*_NAT`` flipped
    for the reply direction, as nf_nat_packet does.)"""
    src = manip == "SRC"
    if d == REPLY:
        src = not src
    return ct.snat if src else ct.dnat


def _rewrite(ip: IPv4, target: Tuple, manip: str) -> IPv4:
    """nf_nat_ipv4_manip_pkt(): make ``ip``'s source (or destination) that of ``target``."""
    p = ip.payload
    if manip == "SRC":
        ip = replace(ip, src=IPv4Address(target.src))
        if isinstance(p, (TCP, UDP)):
            p = replace(p, sport=target.sport)
    else:
        ip = replace(ip, dst=IPv4Address(target.dst))
        if isinstance(p, (TCP, UDP)):
            p = replace(p, dport=target.dport)
    if isinstance(p, ICMP) and p.type not in ICMP_ERRORS and target.proto == IPPROTO_ICMP:
        p = replace(p, id=target.sport)
    return replace(ip, payload=p) if p is not ip.payload else ip


def nat_packet(ct: Conn, d: int, manip: str, ip: IPv4, related: bool = False) -> IPv4:
    """nf_nat_packet() / nf_nat_icmp_reply_translation(): rewrite one packet of ``ct`` going in
    direction ``d`` at a hook doing ``manip``; returns the packet (unchanged when no binding)."""
    if not _statusbit(ct, manip, d):
        return ip
    other = ct.tuples[1 - d]
    if related:
        msg = ip.payload
        quote = _rewrite_quote(msg.payload, other, "DST" if manip == "SRC" else "SRC")
        ip = replace(ip, payload=replace(msg, payload=quote))
        target = invert(other)
        if manip == "SRC":
            return replace(ip, src=IPv4Address(target.src))
        return replace(ip, dst=IPv4Address(target.dst))
    return _rewrite(ip, invert(other), manip)


def _rewrite_quote(q: IPv4, t: Tuple, manip: str) -> IPv4:
    """Rewrite the header an ICMP error quotes (a partial datagram: IPv4 + the first bytes)."""
    data = q.payload.data if isinstance(q.payload, Raw) else b""
    if manip == "SRC":
        q = replace(q, src=IPv4Address(t.src))
        if q.proto in (IPPROTO_TCP, IPPROTO_UDP) and len(data) >= 2:
            data = t.sport.to_bytes(2, "big") + data[2:]
    else:
        q = replace(q, dst=IPv4Address(t.dst))
        if q.proto in (IPPROTO_TCP, IPPROTO_UDP) and len(data) >= 4:
            data = data[:2] + t.dport.to_bytes(2, "big") + data[4:]
    if q.proto == IPPROTO_ICMP and len(data) >= 6:
        data = data[:4] + t.sport.to_bytes(2, "big") + data[6:]
    if isinstance(q.payload, Raw):
        q = replace(q, payload=Raw(data))
    return q


def conntrack_list(ns) -> str:
    """``conntrack -L``'s stdout for ``ns`` (the program lives in :mod:`netsim.conntrack_cmd`;
    this name stays for callers of the earlier API)."""
    from ..conntrack_cmd import conntrack_list as listing
    return listing(ns)
