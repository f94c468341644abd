"""UDP sockets: models net/ipv4/udp.c (``udp_rcv`` → ``__udp4_lib_rcv``, ``udp_sendmsg``,
``__udp4_lib_err``, ``ip4_datagram_connect``).

A datagram for a port nobody has bound is answered with ICMP port unreachable.  An ICMP error
about a datagram a *connected* socket sent is kept in ``sk_err`` when it is a hard error (port
unreachable → ECONNREFUSED, host prohibited → EHOSTUNREACH ...) and returned, once, by the next
send — which is how ``nc -zu`` tells a closed port from an open one.

Sockets live in ``ns.sockets``: bound under ``(17, port)``, connected under
``(17, local addr, local port, remote addr, remote port)`` (addresses as ints).  A tunnel's
encapsulation socket (``dev.UDP_TUNNELS``: an up VXLAN device's port) gets its datagrams first.
"""
from __future__ import annotations

import errno
from ipaddress import IPv4Address

from ..kernel_model import SkBuff
from ..packets import ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, IPPROTO_UDP, UDP, IPv4, Raw
from . import fib
from .dev import INET_PROTOS, UDP_TUNNELS
from .dropreason import DropReason
from .icmp import icmp_err_convert, icmp_send
from .tcp import ephemeral_port
from .tracepoints import deliver, kfree_skb, step

__all__ = ["UdpSock", "udp_bind", "udp_connect", "udp_sendmsg", "udp_close", "udp_rcv"]


class UdpSock:
    """struct udp_sock: a bound or connected datagram socket."""

    def __init__(self, ns, laddr, lport: int, raddr=None, rport: int = 0):
        self.ns = ns
        self.laddr = IPv4Address(laddr) if laddr is not None else None
        self.lport = lport
        self.raddr = IPv4Address(raddr) if raddr is not None else None
        self.rport = rport
        self.err = 0
        self.rx: list[tuple[IPv4Address, int, bytes]] = []
        self.on_data = None          # callback(sock, src, sport, data)

    @property
    def connected(self) -> bool:
        return self.raddr is not None

    @property
    def key(self) -> tuple:
        if not self.connected:
            return (IPPROTO_UDP, self.lport)
        return (IPPROTO_UDP, int(self.laddr), self.lport, int(self.raddr), self.rport)

    def describe(self) -> str:
        if not self.connected:
            return f"UDP socket bound to port {self.lport} in {self.ns.name}"
        return f"UDP socket {self.laddr}:{self.lport} -> {self.raddr}:{self.rport} in {self.ns.name}"

    def on_icmp_error(self, ip: IPv4, msg, quoted) -> None:
        """__udp4_lib_err(): without IP_RECVERR only hard errors on a connected socket count."""
        err, fatal = icmp_err_convert(msg.type, msg.code)
        if err is None or not fatal or not self.connected:
            return
        self.err = err


def udp_bind(ns, port: int) -> tuple[UdpSock | None, int]:
    key = (IPPROTO_UDP, port)
    if key in ns.sockets:
        return None, errno.EADDRINUSE
    sock = UdpSock(ns, None, port)
    ns.sockets[key] = sock
    return sock, 0


def udp_connect(ns, daddr, dport: int, saddr=None) -> tuple[UdpSock | None, int]:
    """ip4_datagram_connect(): a route lookup fixes the source address; nothing is sent."""
    daddr = IPv4Address(daddr)
    rt = fib.route_output(ns, daddr, IPv4Address(saddr) if saddr else None)
    if rt.error:
        return None, rt.error
    if rt.type == "broadcast":
        return None, errno.EACCES
    laddr = IPv4Address(saddr) if saddr else rt.saddr
    lport = ephemeral_port(ns, laddr, daddr, dport, IPPROTO_UDP)
    sock = UdpSock(ns, laddr, lport, daddr, dport)
    ns.sockets[sock.key] = sock
    return sock, 0


def udp_close(sock: UdpSock) -> None:
    if sock.ns.sockets.get(sock.key) is sock:
        del sock.ns.sockets[sock.key]


def _next_id(ns) -> int:
    ns.ip_id = (ns.ip_id + 1) & 0xFFFF
    return ns.ip_id


def udp_sendmsg(sock: UdpSock, data: bytes, daddr=None, dport: int | None = None) -> int:
    """Send one datagram; a pending socket error is returned (and cleared) instead."""
    from .ip_output import ip_local_out, ip_select_ttl
    ns = sock.ns
    if sock.err:
        e, sock.err = sock.err, 0
        return e
    daddr = IPv4Address(daddr) if daddr is not None else sock.raddr
    dport = dport if dport is not None else sock.rport
    if daddr is None:
        return errno.EDESTADDRREQ
    rt = fib.route_output(ns, daddr, sock.laddr)
    if rt.error:
        return rt.error
    saddr = sock.laddr or rt.saddr
    ip = IPv4(saddr, daddr, IPPROTO_UDP, ip_select_ttl(ns, rt), _next_id(ns), 0, True,
              payload=UDP(sock.lport, dport, Raw(data) if data else None))
    skb = SkBuff(ip)
    skb.sock = sock
    step(ns, rt.dev, "udp_sendmsg", skb, f"datagram routed via {rt.dev.name if rt.dev else '?'}")
    if not ip_local_out(ns, skb, rt):
        return errno.EPERM           # NF_DROP on the way out: sendmsg fails "Operation not permitted"
    return 0


def udp_rcv(ns, skb) -> None:
    """__udp4_lib_rcv(): connected socket first, then the bound one, else port unreachable."""
    ip = skb.pkt
    uh = ip.payload
    dev = skb.iif
    if not isinstance(uh, UDP):
        kfree_skb(ns, dev, "udp_rcv", skb, DropReason.IP_INHDR, "truncated UDP header")
        return
    if any(rcv(ns, skb) for rcv in UDP_TUNNELS):    # a tunnel socket (VXLAN) takes its port first
        return
    sock = ns.sockets.get((IPPROTO_UDP, int(ip.dst), uh.dport, int(ip.src), uh.sport)) \
        or ns.sockets.get((IPPROTO_UDP, uh.dport))
    if not isinstance(sock, UdpSock):
        if skb.pkt_type == "host":
            icmp_send(ns, skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH)
        kfree_skb(ns, dev, "udp_rcv", skb, DropReason.NO_SOCKET,
                  f"no UDP socket on {ip.dst}:{uh.dport}")
        return
    data = uh.payload.data if isinstance(uh.payload, Raw) else b""
    deliver(ns, dev, "udp_rcv", skb, sock.describe())
    sock.rx.append((ip.src, uh.sport, data))
    if sock.on_data is not None:
        sock.on_data(sock, ip.src, uh.sport, data)


INET_PROTOS[IPPROTO_UDP] = udp_rcv
