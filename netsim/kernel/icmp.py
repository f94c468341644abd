"""ICMP: models net/ipv4/icmp.c — ``icmp_rcv``, ``icmp_echo`` (answer a ping), ``icmp_unreach``
(hand an error to the socket whose packet it quotes), ``icmp_redirect`` (the same for a
redirect, which netsim/kernel/route.py then judges) and ``icmp_send`` (report an error about a
packet back to its source).  Also ``arp_error_report``: a failed neighbour reports each queued
packet as "host unreachable".
"""
from __future__ import annotations

import errno as _E
from dataclasses import replace
from ipaddress import IPv4Address

from ..kernel_model import SCOPE_LINK, SkBuff
from ..packets import (ICMP, ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHOREPLY, ICMP_HOST_UNREACH,
                       ICMP_TIME_EXCEEDED, IPPROTO_ICMP, IPv4)
from . import fib, neighbour, route
from .dropreason import DropReason
from .tracepoints import deliver, kfree_skb, step

__all__ = ["icmp_rcv", "icmp_echo", "icmp_send", "icmp_err_convert", "ERROR_TYPES"]

ERROR_TYPES = frozenset({3, 4, 5, 11, 12})
ICMP_REDIRECT = 5

# icmp_err_convert[]: destination-unreachable code -> (errno, fatal), as sockets report them
ICMP_ERR_CONVERT = {
    0: (_E.ENETUNREACH, False), 1: (_E.EHOSTUNREACH, False), 2: (_E.ENOPROTOOPT, True),
    3: (_E.ECONNREFUSED, True), 4: (_E.EMSGSIZE, False), 5: (_E.EOPNOTSUPP, False),
    6: (_E.ENETUNREACH, True), 7: (_E.EHOSTDOWN, True), 8: (_E.ENONET, True),
    9: (_E.ENETUNREACH, True), 10: (_E.EHOSTUNREACH, True), 11: (_E.ENETUNREACH, False),
    12: (_E.EHOSTUNREACH, False), 13: (_E.EHOSTUNREACH, True), 14: (_E.EHOSTUNREACH, True),
    15: (_E.EHOSTUNREACH, True)}


def icmp_err_convert(type_: int, code: int) -> tuple[int | None, bool]:
    """The errno (and whether it is fatal) a socket gets for an ICMP error (net/ipv4/icmp.c)."""
    if type_ == ICMP_DEST_UNREACH:
        return ICMP_ERR_CONVERT.get(code, (None, False))
    if type_ == ICMP_TIME_EXCEEDED:
        return _E.EHOSTUNREACH, False
    if type_ == 12:          # parameter problem
        return _E.EPROTO, True
    return None, False


def _next_id(ns) -> int:
    ns.ip_id = (ns.ip_id + 1) & 0xFFFF
    return ns.ip_id


def icmp_rcv(ns, skb) -> None:
    ip = skb.pkt
    msg = ip.payload
    dev = skb.iif
    if not isinstance(msg, ICMP):
        kfree_skb(ns, dev, "icmp_rcv", skb, DropReason.IP_INHDR)
        return
    if skb.rt_type in ("broadcast", "multicast"):
        # RFC 1122 3.2.2.6: an echo to a broadcast address may be ignored (a sysctl decides);
        # nothing but echo (and timestamp/address requests) is taken from a broadcast
        if msg.type != ICMP_ECHO:
            kfree_skb(ns, dev, "icmp_rcv", skb, DropReason.INVALID_PROTO,
                      f"ICMP type {msg.type} to a broadcast address")
            return
        if ns.sysctl.get("net.ipv4.icmp_echo_ignore_broadcasts", "1") != "0":
            kfree_skb(ns, dev, "icmp_rcv", skb, DropReason.INVALID_PROTO,
                      "echo to a broadcast address (icmp_echo_ignore_broadcasts=1)")
            return
    if msg.type == ICMP_ECHO:
        icmp_echo(ns, skb, ip, msg)
        return
    if msg.type == ICMP_ECHOREPLY:
        sock = ns.sockets.get(("icmp", msg.id))
        if sock is None:
            kfree_skb(ns, dev, "icmp_rcv", skb, DropReason.ICMP_NO_SOCKET,
                      f"no ping socket with id {msg.id}")
            return
        deliver(ns, dev, "ping_rcv", skb, sock.describe())
        sock.on_echo_reply(ip, msg)
        return
    if msg.type == ICMP_REDIRECT:
        icmp_redirect(ns, skb, ip, msg)
        return
    if msg.type in ERROR_TYPES:
        icmp_unreach(ns, skb, ip, msg)
        return
    kfree_skb(ns, dev, "icmp_rcv", skb, DropReason.NOT_SPECIFIED, f"ICMP type {msg.type} ignored")


def _quoted_socket(ns, q):
    """The socket the quoted packet ``q`` came from (ping's by echo id, else by ports)."""
    if q is None:
        return None
    inner = q.payload
    if q.proto == IPPROTO_ICMP and isinstance(inner, ICMP):
        return ns.sockets.get(("icmp", inner.id))
    if inner is not None and hasattr(inner, "sport"):
        return ns.sockets.get((q.proto, int(q.src), inner.sport, int(q.dst), inner.dport)) \
            or ns.sockets.get((q.proto, inner.sport))
    return None


def icmp_redirect(ns, skb, ip, msg) -> None:
    """icmp_redirect() -> icmp_socket_deliver(): the socket that sent the quoted packet gets the
    redirect -- ping's raw socket sees the message itself (iputils prints it) -- and its error
    handler (raw_err, udp_err, tcp_v4_err) passes it to ipv4_sk_redirect(), which decides
    whether the host believes it.  With no such socket nothing else happens."""
    dev = skb.iif
    q = msg.quoted()
    sock = _quoted_socket(ns, q)
    if sock is None:
        kfree_skb(ns, dev, "icmp_redirect", skb, DropReason.ICMP_NO_SOCKET,
                  "no socket sent the packet it quotes")
        return
    deliver(ns, dev, "icmp_socket_deliver", skb, sock.describe() + " (redirect)")
    if q.proto == IPPROTO_ICMP and hasattr(sock, "on_icmp_error"):
        sock.on_icmp_error(ip, msg, q)             # raw_rcv(): ping reads the whole message
    route.ipv4_sk_redirect(ns, skb, q, sock)


def icmp_unreach(ns, skb, ip, msg) -> None:
    """Find the socket the quoted packet came from and report the error to it."""
    dev = skb.iif
    q = msg.quoted()
    sock = _quoted_socket(ns, q)
    if sock is None or not hasattr(sock, "on_icmp_error"):
        kfree_skb(ns, dev, "icmp_unreach", skb, DropReason.ICMP_NO_SOCKET)
        return
    deliver(ns, dev, "icmp_unreach", skb, sock.describe() + " (error)")
    sock.on_icmp_error(ip, msg, q)


def icmp_echo(ns, skb, ip, msg) -> None:
    """Answer an echo request: swap addresses, same id/seq/data, routed like any local packet."""
    dev = skb.iif
    if ns.sysctl.get("net.ipv4.icmp_echo_ignore_all") == "1":
        kfree_skb(ns, dev, "icmp_echo", skb, DropReason.NOT_SPECIFIED, "icmp_echo_ignore_all=1")
        return
    deliver(ns, dev, "icmp_echo", skb, "the kernel's echo responder")
    reply = IPv4(fib_compute_spec_dst(ns, skb), ip.src, IPPROTO_ICMP, 64, _next_id(ns), 0, False,
                 payload=ICMP(ICMP_ECHOREPLY, 0, msg.id, msg.seq, msg.payload))
    _send(ns, reply, "icmp_reply", skb)


def fib_compute_spec_dst(ns, skb) -> IPv4Address:
    """fib_compute_spec_dst() (net/ipv4/fib_frontend.c): the source of a reply -- the address
    the packet was sent to, unless that was a broadcast: then the preferred source of the
    route back to the sender (or an address of the receiving device)."""
    ip = skb.pkt
    if skb.rt_type not in ("broadcast", "multicast"):
        return ip.dst
    if int(ip.src):
        rt = fib.route_output(ns, ip.src)
        if not rt.error and rt.saddr is not None:
            return rt.saddr
    return fib.inet_select_addr(ns, skb.iif, int(ip.src), SCOPE_LINK) or ip.dst


def _send(ns, ip, func, cause=None) -> None:
    from .ip_output import ip_local_out, ip_select_ttl
    out = SkBuff(ip)
    if cause is not None and cause.ct is not None:
        out.ct, out.ct_reply = cause.ct, not cause.ct_reply
    rt = fib.route_output(ns, ip.dst, ip.src)
    if rt.error:
        kfree_skb(ns, None, func, out, DropReason.IP_OUTNOROUTES,
                  f"no route back to {ip.dst}")
        return
    out.pkt = replace(ip, ttl=ip_select_ttl(ns, rt))
    step(ns, rt.dev, func, out, f"reply routed via {rt.dev.name if rt.dev else '?'}")
    ip_local_out(ns, out, rt)


def icmp_send(ns, skb_in, type_: int, code: int, info: int = 0) -> None:
    """Report an error about ``skb_in`` to its source (never about an ICMP error, a broadcast,
    or a packet from an unspecified source)."""
    ip = skb_in.pkt
    if not isinstance(ip, IPv4):
        ip = ip.getlayer(IPv4)
        if ip is None:
            return
    inner = ip.payload
    if isinstance(inner, ICMP) and inner.type in ERROR_TYPES:
        return
    if int(ip.src) == 0 or skb_in.pkt_type in ("broadcast", "multicast"):
        return
    saddr = ip.dst if int(ip.dst) in ns.local_addrs else None
    if saddr is None:
        rt = fib.route_output(ns, ip.src)
        if rt.error:
            return
        saddr = rt.saddr
    # the second word: the next-hop MTU (frag needed) or the new gateway (redirect)
    err = IPv4(saddr, ip.src, IPPROTO_ICMP, 64, _next_id(ns), 0xC0, False,
               payload=ICMP.error(type_, code, ip, length=8, id=info >> 16,
                                  seq=info & 0xFFFF))
    _send(ns, err, "icmp_send", skb_in)


def arp_error_report(n, skb) -> None:
    """A packet that waited for a neighbour that never answered: host unreachable."""
    ns = n.dev.ns
    icmp_send(ns, skb_from_frame(skb), ICMP_DEST_UNREACH, ICMP_HOST_UNREACH)


def skb_from_frame(skb):
    pkt = skb.pkt
    if not isinstance(pkt, IPv4):
        ip = pkt.getlayer(IPv4)
        if ip is not None:
            c = skb.clone(ip)
            return c
    return skb


neighbour.ERROR_REPORT[0] = arp_error_report
from .dev import INET_PROTOS  # noqa: E402

INET_PROTOS[IPPROTO_ICMP] = icmp_rcv
