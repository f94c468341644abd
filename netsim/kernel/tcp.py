"""TCP sockets: models net/ipv4/tcp_ipv4.c (``tcp_v4_rcv``, ``tcp_v4_connect``,
``tcp_v4_send_reset``, ``tcp_v4_err``), tcp_input.c (``tcp_rcv_state_process``,
``tcp_rcv_synsent_state_process``), tcp_output.c (``tcp_connect``, ``tcp_send_fin``) and
tcp_timer.c (SYN retransmission).

Just enough TCP for connection probes: a listening socket answers a SYN with a SYN-ACK and
completes the three-way handshake; a connecting socket retransmits its SYN (1 s, doubling, six
times) until a SYN-ACK, a RST or an ICMP error decides; a closed port answers RST+ACK; ``close``
runs the FIN exchange, and the side that closed first stays in TIME_WAIT for 60 s (re-acking a
repeated FIN) before its 4-tuple is free again.  Every segment is a real
:class:`~netsim.packets.TCP` value sent through ``route_output`` + ``ip_local_out``, so netfilter
sees the whole conversation.

Sockets live in ``ns.sockets``: a listener under ``(6, port)``, a connected socket under
``(6, local addr, local port, remote addr, remote port)`` (addresses as ints) — the keys
``icmp_unreach`` uses to hand an ICMP error to the socket whose segment it quotes.
"""
from __future__ import annotations

import errno
import zlib
from dataclasses import replace
from ipaddress import IPv4Address

from ..kernel_model import SkBuff
from ..packets import ACK, FIN, IPPROTO_TCP, PSH, RST, SYN, TCP, IPv4, Raw
from . import fib
from .dev import INET_PROTOS
from .dropreason import DropReason
from .icmp import icmp_err_convert
from .tracepoints import deliver, kfree_skb, step

__all__ = ["TcpSock", "tcp_listen", "tcp_connect", "tcp_close", "tcp_sendmsg", "tcp_v4_rcv",
           "tcp_v4_send_reset", "ephemeral_port"]

TCP_TIMEOUT_INIT = 1.0          # initial RTO (include/net/tcp.h)
TCP_SYN_RETRIES = 6             # net.ipv4.tcp_syn_retries
TCP_TIMEWAIT_LEN = 60.0         # include/net/tcp.h
EPHEMERAL = (32768, 60999)      # net.ipv4.ip_local_port_range

_MSS = b"\x02\x04\x05\xb4"      # MSS 1460
_WSCALE = b"\x01\x03\x03\x07"   # NOP, window scale 7


def _ts(ns, ecr: int = 0) -> bytes:
    val = int(ns.kernel.clock.now * 1000) & 0xFFFFFFFF
    return b"\x08\x0a" + val.to_bytes(4, "big") + ecr.to_bytes(4, "big")


def _syn_options(ns) -> bytes:
    """MSS, SACK permitted + timestamps, NOP + window scale: 20 bytes, as Linux sends."""
    return _MSS + b"\x04\x02" + _ts(ns) + _WSCALE


def _ack_options(ns) -> bytes:
    return b"\x01\x01" + _ts(ns)


class TcpSock:
    """struct tcp_sock, reduced to the handshake, the close, and the error a connect reports."""

    def __init__(self, ns, laddr, lport: int, raddr=None, rport: int = 0, state: str = "CLOSE"):
        self.ns = ns
        self.laddr = IPv4Address(laddr) if laddr is not None else None
        self.lport = lport
        self.raddr = IPv4Address(raddr) if raddr is not None else None
        self.rport = rport
        self.state = state
        self.iss = self.snd_nxt = self.rcv_nxt = 0
        self.err = 0                     # sk_err: reported once by connect/send
        self.soft_err = 0                # sk_err_soft
        self.parent: TcpSock | None = None
        self.accept_queue: list[TcpSock] = []
        self.auto_close = False          # the application closes as soon as it reads EOF
        self.on_data = None              # callback(sock, bytes) of the application
        self.rx = bytearray()
        self.timer = None
        self.retries = 0
        self.eof = False

    @property
    def key(self) -> tuple:
        if self.state == "LISTEN":
            return (IPPROTO_TCP, self.lport)
        return (IPPROTO_TCP, int(self.laddr), self.lport, int(self.raddr), self.rport)

    def describe(self) -> str:
        if self.state == "LISTEN":
            return f"TCP socket listening on port {self.lport} in {self.ns.name}"
        return (f"TCP socket {self.laddr}:{self.lport} -> {self.raddr}:{self.rport} "
                f"({self.state}) in {self.ns.name}")

    def on_icmp_error(self, ip: IPv4, msg, quoted) -> None:
        """tcp_v4_err(): a connect in progress fails with the error; later it is only noted."""
        if self.state == "LISTEN":
            return
        if msg.type == 3 and msg.code == 4:
            return                        # fragmentation needed: path MTU, not an error
        err, _fatal = icmp_err_convert(msg.type, msg.code)
        if err is None:
            return
        if self.state in ("SYN_SENT", "SYN_RECV"):
            self.err = err
            step(self.ns, None, "tcp_v4_err", None,
                 f"{self.describe()}: connect fails with {errno.errorcode.get(err, err)}")
            _done(self)
        else:
            self.soft_err = err


# ----------------------------------------------------------------------------- helpers
def _unhash(sock: TcpSock) -> None:
    ns = sock.ns
    for key in (sock.key, (IPPROTO_TCP, int(sock.laddr or 0), sock.lport,
                           int(sock.raddr or 0), sock.rport)):
        if ns.sockets.get(key) is sock:
            del ns.sockets[key]


def _done(sock: TcpSock) -> None:
    """tcp_done(): the socket is CLOSE and leaves the hash tables."""
    if sock.timer is not None:
        sock.timer.cancel()
        sock.timer = None
    _unhash(sock)
    sock.state = "CLOSE"


def _next_id(ns) -> int:
    ns.ip_id = (ns.ip_id + 1) & 0xFFFF
    return ns.ip_id


def ephemeral_port(ns, laddr, raddr, rport: int, proto: int = IPPROTO_TCP) -> int:
    """inet_hash_connect(): a free local port; connect() prefers even ports from a per-destination
    offset (deterministic here: a CRC of the addresses instead of siphash)."""
    lo, hi = EPHEMERAL
    span = hi - lo + 1
    offset = zlib.crc32(f"{laddr}>{raddr}:{rport}/{proto}".encode())
    ns.port_rover += 2
    for i in range(0, span, 2):
        port = lo + ((offset + ns.port_rover + i) & ~1) % span
        if (proto, port) in ns.sockets:
            continue
        if (proto, int(laddr), port, int(raddr), rport) in ns.sockets:
            continue
        return port
    return 0


def _isn(laddr, lport, raddr, rport, now: float) -> int:
    """secure_tcp_seq(): a hash of the 4-tuple plus a clock (deterministic: CRC, not siphash)."""
    h = zlib.crc32(f"{laddr}:{lport}>{raddr}:{rport}".encode())
    return (h + int(now * 250000)) & 0xFFFFFFFF


def _xmit(sock: TcpSock, flags: int, seq: int, ack: int = 0, options: bytes = b"",
          data: bytes = b"", window: int = 502) -> None:
    """Build one segment for ``sock`` and send it (tcp_transmit_skb → ip_queue_xmit)."""
    ns = sock.ns
    th = TCP(sock.lport, sock.rport, seq, ack, flags, window, options=options,
             payload=Raw(data) if data else None)
    _send_ip(ns, sock.laddr, sock.raddr, th, sock, "tcp_transmit_skb")


def _send_ip(ns, saddr, daddr, th: TCP, sock=None, func: str = "tcp_transmit_skb") -> None:
    from .ip_output import ip_local_out, ip_select_ttl
    ip = IPv4(saddr, daddr, IPPROTO_TCP, 64, _next_id(ns), 0, True, payload=th)
    skb = SkBuff(ip)
    skb.sock = sock
    rt = fib.route_output(ns, daddr, saddr)
    if rt.error:
        kfree_skb(ns, None, func, skb, DropReason.IP_OUTNOROUTES, f"no route to {daddr}")
        return
    skb.pkt = replace(ip, ttl=ip_select_ttl(ns, rt))
    step(ns, rt.dev, func, skb, f"TCP [{_flags(th.flags)}] routed via {rt.dev.name if rt.dev else '?'}")
    ip_local_out(ns, skb, rt)


def _flags(f: int) -> str:
    names = ((SYN, "SYN"), (ACK, "ACK"), (FIN, "FIN"), (RST, "RST"), (PSH, "PSH"))
    return ",".join(n for b, n in names if f & b) or "none"


def _seg_len(th: TCP) -> int:
    data = th.payload.data if isinstance(th.payload, Raw) else b""
    return len(data) + (1 if th.flags & SYN else 0) + (1 if th.flags & FIN else 0)


# ----------------------------------------------------------------------------- user API
def tcp_listen(ns, port: int, auto_close: bool = True) -> tuple[TcpSock | None, int]:
    """socket() + bind(INADDR_ANY:port) + listen(): (socket, 0) or (None, EADDRINUSE)."""
    key = (IPPROTO_TCP, port)
    if key in ns.sockets:
        return None, errno.EADDRINUSE
    sock = TcpSock(ns, None, port, state="LISTEN")
    sock.auto_close = auto_close
    ns.sockets[key] = sock
    return sock, 0


def tcp_connect(ns, daddr, dport: int, saddr=None) -> tuple[TcpSock | None, int]:
    """tcp_v4_connect(): route, pick a source address and port, send the SYN (non-blocking:
    the caller waits on ``sock.state``).  Returns (socket, 0) or (None, errno)."""
    daddr = IPv4Address(daddr)
    rt = fib.route_output(ns, daddr, IPv4Address(saddr) if saddr else None)
    if rt.error:
        return None, rt.error
    if rt.type == "broadcast" or (int(daddr) >> 28) == 0xE:
        return None, errno.ENETUNREACH
    laddr = IPv4Address(saddr) if saddr else rt.saddr
    if laddr is None:
        return None, errno.EADDRNOTAVAIL
    lport = ephemeral_port(ns, laddr, daddr, dport)
    if not lport:
        return None, errno.EADDRNOTAVAIL
    sock = TcpSock(ns, laddr, lport, daddr, dport, "SYN_SENT")
    sock.iss = _isn(laddr, lport, daddr, dport, ns.kernel.clock.now)
    sock.snd_nxt = (sock.iss + 1) & 0xFFFFFFFF
    ns.sockets[sock.key] = sock
    step(ns, rt.dev, "tcp_v4_connect", None,
         f"connect {laddr}:{lport} -> {daddr}:{dport}: send SYN")
    _send_syn(sock)
    return sock, 0


def _send_syn(sock: TcpSock) -> None:
    _xmit(sock, SYN, sock.iss, 0, _syn_options(sock.ns), window=64240)
    rto = TCP_TIMEOUT_INIT * (2 ** sock.retries)
    sock.timer = sock.ns.kernel.clock.schedule(rto, _syn_timer, sock)


def _syn_timer(sock: TcpSock) -> None:
    """tcp_retransmit_timer() in SYN_SENT: resend the SYN, give up after tcp_syn_retries."""
    sock.timer = None
    if sock.state != "SYN_SENT":
        return
    if sock.retries >= TCP_SYN_RETRIES:
        sock.err = sock.soft_err or errno.ETIMEDOUT
        _done(sock)
        return
    sock.retries += 1
    _send_syn(sock)


def tcp_sendmsg(sock: TcpSock, data: bytes) -> int:
    """Send ``data`` on an established connection (one segment); returns 0 or an errno."""
    if sock.err:
        e, sock.err = sock.err, 0
        return e
    if sock.state not in ("ESTABLISHED", "CLOSE_WAIT"):
        return errno.EPIPE
    _xmit(sock, PSH | ACK, sock.snd_nxt, sock.rcv_nxt, _ack_options(sock.ns), data)
    sock.snd_nxt = (sock.snd_nxt + len(data)) & 0xFFFFFFFF
    return 0


def tcp_close(sock: TcpSock) -> None:
    """tcp_close(): a listener stops, a connect in progress is abandoned, an established
    connection sends its FIN."""
    st = sock.state
    if st == "LISTEN":
        _done(sock)
        return
    if st in ("SYN_SENT", "SYN_RECV", "CLOSE"):
        _done(sock)
        return
    if st == "ESTABLISHED":
        sock.state = "FIN_WAIT1"
    elif st == "CLOSE_WAIT":
        sock.state = "LAST_ACK"
    else:
        return
    _xmit(sock, FIN | ACK, sock.snd_nxt, sock.rcv_nxt, _ack_options(sock.ns))
    sock.snd_nxt = (sock.snd_nxt + 1) & 0xFFFFFFFF


# ----------------------------------------------------------------------------- receive
def tcp_v4_send_reset(ns, ip: IPv4, func: str = "tcp_v4_send_reset") -> None:
    """Answer a segment nobody wants with a RST (RFC 793 "reset generation"): with the peer's
    ACK number as our sequence if it had ACK set, else RST+ACK acknowledging the segment."""
    th = ip.payload
    if not isinstance(th, TCP) or th.flags & RST:
        return
    if th.flags & ACK:
        rst = TCP(th.dport, th.sport, th.ack, 0, RST, 0)
    else:
        rst = TCP(th.dport, th.sport, 0, (th.seq + _seg_len(th)) & 0xFFFFFFFF, RST | ACK, 0)
    saddr = ip.dst
    if int(saddr) not in ns.local_addrs:
        # nf_send_reset for a forwarded packet: the RST seems to come from the destination
        _send_spoofed(ns, saddr, ip.src, rst, func)
        return
    _send_ip(ns, saddr, ip.src, rst, None, func)


def _send_spoofed(ns, saddr, daddr, th: TCP, func: str) -> None:
    from .ip_output import ip_local_out, ip_select_ttl
    ip = IPv4(saddr, daddr, IPPROTO_TCP, 64, _next_id(ns), 0, True, payload=th)
    skb = SkBuff(ip)
    rt = fib.route_output(ns, daddr)
    if rt.error:
        kfree_skb(ns, None, func, skb, DropReason.IP_OUTNOROUTES, f"no route to {daddr}")
        return
    skb.pkt = replace(ip, ttl=ip_select_ttl(ns, rt))
    step(ns, rt.dev, func, skb, f"TCP [RST] routed via {rt.dev.name if rt.dev else '?'}")
    ip_local_out(ns, skb, rt)


def tcp_v4_rcv(ns, skb) -> None:
    """Find the socket for a segment (established first, then listening) and process it."""
    ip = skb.pkt
    th = ip.payload
    dev = skb.iif
    if not isinstance(th, TCP):
        kfree_skb(ns, dev, "tcp_v4_rcv", skb, DropReason.IP_INHDR, "truncated TCP header")
        return
    sock = ns.sockets.get((IPPROTO_TCP, int(ip.dst), th.dport, int(ip.src), th.sport))
    if sock is None:
        sock = ns.sockets.get((IPPROTO_TCP, th.dport))
        if sock is not None and sock.state != "LISTEN":
            sock = None
    if sock is None:
        if not th.flags & RST:
            step(ns, dev, "tcp_v4_rcv", skb, f"no socket for port {th.dport}: send RST")
            tcp_v4_send_reset(ns, ip)
        kfree_skb(ns, dev, "tcp_v4_rcv", skb, DropReason.NO_SOCKET,
                  f"no TCP socket on {ip.dst}:{th.dport}")
        return
    deliver(ns, dev, "tcp_v4_rcv", skb, sock.describe())
    if sock.state == "LISTEN":
        _listen_rcv(ns, sock, ip, th)
    else:
        tcp_rcv_state_process(sock, ip, th)


def _listen_rcv(ns, lsk: TcpSock, ip: IPv4, th: TCP) -> None:
    """tcp_v4_conn_request(): a SYN creates a child in SYN_RECV that answers SYN-ACK."""
    if th.flags & RST:
        return
    if th.flags & ACK or not th.flags & SYN:
        tcp_v4_send_reset(ns, ip)
        return
    child = TcpSock(ns, ip.dst, th.dport, ip.src, th.sport, "SYN_RECV")
    child.parent = lsk
    child.auto_close = lsk.auto_close
    child.on_data = lsk.on_data
    child.iss = _isn(ip.dst, th.dport, ip.src, th.sport, ns.kernel.clock.now)
    child.rcv_nxt = (th.seq + 1) & 0xFFFFFFFF
    child.snd_nxt = (child.iss + 1) & 0xFFFFFFFF
    ns.sockets[child.key] = child
    _xmit(child, SYN | ACK, child.iss, child.rcv_nxt, _syn_options(ns), window=65160)


def tcp_rcv_state_process(sock: TcpSock, ip: IPv4, th: TCP) -> None:
    """The state machine for one segment on a non-listening socket."""
    f = th.flags
    ns = sock.ns
    if sock.state == "TIME_WAIT":
        _time_wait_rcv(sock, th)
        return
    if f & RST:
        if sock.state == "SYN_SENT":
            if f & ACK and th.ack == sock.snd_nxt:
                sock.err = errno.ECONNREFUSED
                _done(sock)
            return
        sock.err = errno.ECONNRESET if sock.state != "SYN_RECV" else 0
        _done(sock)
        return
    if sock.state == "SYN_SENT":
        if f & SYN and f & ACK and th.ack == sock.snd_nxt:
            sock.rcv_nxt = (th.seq + 1) & 0xFFFFFFFF
            sock.state = "ESTABLISHED"
            if sock.timer is not None:
                sock.timer.cancel()
                sock.timer = None
            _xmit(sock, ACK, sock.snd_nxt, sock.rcv_nxt, _ack_options(ns))
        elif f & ACK:
            tcp_v4_send_reset(ns, ip)
        return
    if sock.state == "SYN_RECV":
        if f & ACK and th.ack == sock.snd_nxt:
            sock.state = "ESTABLISHED"
            if sock.parent is not None:
                sock.parent.accept_queue.append(sock)
        else:
            return
    data = th.payload.data if isinstance(th.payload, Raw) else b""
    if data and sock.state in ("ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2"):
        sock.rx += data
        sock.rcv_nxt = (sock.rcv_nxt + len(data)) & 0xFFFFFFFF
        sent = sock.snd_nxt
        if sock.on_data is not None:
            sock.on_data(sock, data)
        if not f & FIN and sock.snd_nxt == sent:
            # an ACK of its own unless the application answered (its segment carried the ACK)
            _xmit(sock, ACK, sock.snd_nxt, sock.rcv_nxt, _ack_options(ns))
    ours_acked = bool(f & ACK) and th.ack == sock.snd_nxt
    if f & FIN:
        sock.rcv_nxt = (sock.rcv_nxt + 1) & 0xFFFFFFFF
        sock.eof = True
        if sock.state == "ESTABLISHED":
            if sock.auto_close:
                # the application reads EOF and closes at once: FIN and ACK in one segment
                sock.state = "LAST_ACK"
                _xmit(sock, FIN | ACK, sock.snd_nxt, sock.rcv_nxt, _ack_options(ns))
                sock.snd_nxt = (sock.snd_nxt + 1) & 0xFFFFFFFF
            else:
                sock.state = "CLOSE_WAIT"
                _xmit(sock, ACK, sock.snd_nxt, sock.rcv_nxt, _ack_options(ns))
        elif sock.state in ("FIN_WAIT1", "FIN_WAIT2"):
            _xmit(sock, ACK, sock.snd_nxt, sock.rcv_nxt, _ack_options(ns))
            if sock.state == "FIN_WAIT2" or ours_acked:
                _time_wait(sock)
            else:
                sock.state = "CLOSING"       # both sides closed; our FIN is not acked yet
        return
    if f & ACK:
        if sock.state == "FIN_WAIT1" and ours_acked:
            sock.state = "FIN_WAIT2"
        elif sock.state == "CLOSING" and ours_acked:
            _time_wait(sock)
        elif sock.state == "LAST_ACK" and ours_acked:
            _done(sock)


def _time_wait(sock: TcpSock) -> None:
    """tcp_time_wait(): the side that closed first keeps the connection's 4-tuple for
    TCP_TIMEWAIT_LEN (60 s), re-acknowledging a repeated FIN, then it goes."""
    sock.state = "TIME_WAIT"
    if sock.timer is not None:
        sock.timer.cancel()
    sock.timer = sock.ns.kernel.clock.schedule(TCP_TIMEWAIT_LEN, _done, sock)


def _time_wait_rcv(sock: TcpSock, th: TCP) -> None:
    """tcp_timewait_state_process(): a RST ends it, a FIN is acknowledged again, the rest
    is dropped."""
    if th.flags & RST:
        _done(sock)
    elif th.flags & FIN:
        _xmit(sock, ACK, sock.snd_nxt, sock.rcv_nxt, _ack_options(sock.ns))


INET_PROTOS[IPPROTO_TCP] = tcp_v4_rcv
