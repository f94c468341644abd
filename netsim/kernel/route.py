"""ICMP redirects and the route exceptions they leave: models the redirect half of
net/ipv4/route.c -- ``ip_rt_send_redirect`` (a router tells a host of a better first hop, rate
limited per host), ``ipv4_sk_redirect`` and ``__ip_do_redirect`` (the host checks the advice and
records it), ``update_or_create_fnhe`` and ``find_exception`` (the FIB nexthop exception that
output and input route lookups then follow until it expires).

Read first: ``__ip_do_redirect``.  A redirect is only believed when it comes from the gateway the
host uses for that destination right now, names a unicast gateway other than itself, the
receiving device accepts redirects, and the new gateway's MAC is already known -- if it is not,
the host sends an ARP probe and ignores this redirect (the next one will do).  The exception
hangs off the route's nexthop (struct fib_info), so routes that share a fib_info share it, and
it goes when the fib_info does (the route is deleted, its device goes down).
"""
from __future__ import annotations

from ipaddress import IPv4Address

from ..kernel_model import NUD, FibNhException, InetPeer, Route
from . import neighbour
from .tracepoints import step

__all__ = ["ip_rt_send_redirect", "ipv4_sk_redirect", "ip_do_redirect", "find_exception",
           "update_or_create_fnhe", "fib_info_share", "fnhe_dump", "rx_redirects", "expires_left",
           "IP_RT_GC_TIMEOUT"]

ICMP_REDIRECT, ICMP_REDIR_HOST = 5, 1
IP_RT_GC_TIMEOUT = 300.0              # ip_rt_gc_timeout (RT_GC_TIMEOUT): an exception's life
IP_RT_REDIRECT_NUMBER = 9             # ip_rt_redirect_number: then the host is ignoring us
IP_RT_REDIRECT_LOAD = 0.02            # ip_rt_redirect_load (HZ/50): doubled per redirect sent
IP_RT_REDIRECT_SILENCE = 0.02 * 1024  # ip_rt_redirect_silence: quiet this long resets it
USER_HZ = 100                         # rta_cacheinfo counts clock ticks
COMMAND_LAG = 0.001                   # how long after the last packet an ip command runs


# ----------------------------------------------------------------------------- the router's side
def ip_rt_send_redirect(ns, skb, rt) -> bool:
    """ip_rt_send_redirect(): redirect the sender of a packet forwarded back out of the device it
    came in on, at most ``redirect_number`` times and with exponential back-off per sending host
    (its inet_peer); ``redirect_silence`` without redirected packets starts over."""
    from .icmp import icmp_send
    ip, now = skb.pkt, ns.kernel.clock.now
    peer = ns.inet_peers.get(int(ip.src))
    if peer is None:
        peer = ns.inet_peers[int(ip.src)] = InetPeer()
    if now > peer.rate_last + IP_RT_REDIRECT_SILENCE:
        peer.n_redirects = 0
    if peer.n_redirects >= IP_RT_REDIRECT_NUMBER:
        peer.rate_last = now
        step(ns, skb.iif, "ip_rt_send_redirect", skb,
             f"no redirect: {ip.src} ignored {peer.n_redirects} already")
        return False
    if peer.n_redirects and now <= peer.rate_last + (IP_RT_REDIRECT_LOAD * (1 << peer.n_redirects)):
        step(ns, skb.iif, "ip_rt_send_redirect", skb,
             f"no redirect: rate limit ({peer.n_redirects} sent to {ip.src})")
        return False
    nexthop = int(rt.gateway or ip.dst)              # rt_nexthop()
    step(ns, skb.iif, "ip_rt_send_redirect", skb,
         f"back out of {skb.iif.name}: ICMP redirect to {ip.src} (new nexthop "
         f"{IPv4Address(nexthop)})")
    icmp_send(ns, skb, ICMP_REDIRECT, ICMP_REDIR_HOST, nexthop)
    peer.rate_last = now
    peer.n_redirects += 1
    return True


# ----------------------------------------------------------------------------- the host's side
def _orconf(ns, dev, key: str) -> bool:
    return ns.sysctl.get(f"net.ipv4.conf.all.{key}", "0") != "0" or ns.conf(dev, key) != 0


def rx_redirects(ns, dev) -> bool:
    """IN_DEV_RX_REDIRECTS(): a forwarding device needs accept_redirects on 'all' AND on itself,
    any other device on 'all' OR itself (ip_forward=1 turns 'all' off: inet_forward_change)."""
    if ns.forwarding(dev):
        return ns.sysctl.get("net.ipv4.conf.all.accept_redirects", "0") != "0" \
            and ns.conf(dev, "accept_redirects") != 0
    return _orconf(ns, dev, "accept_redirects")


def _ip_fib_check_default(ns, gw: int, dev) -> bool:
    """ip_fib_check_default(): is ``gw`` the gateway of a live nexthop on ``dev``?"""
    return any(r.dev is dev and r.gateway is not None and int(r.gateway) == gw
               for t in ns.tables.values() for r in t.routes())


def _reject_reason(ns, dev, new_gw: int, old_gw: int) -> str:
    """The checks of __ip_do_redirect() that need no neighbour; '' when the advice is sane."""
    from .fib import addr_type
    if new_gw == old_gw:
        return "the new gateway is the old one"
    if not rx_redirects(ns, dev):
        return f"accept_redirects is off on {dev.name} (IN_DEV_RX_REDIRECTS)"
    if (new_gw >> 28) == 0xE or new_gw == 0xFFFFFFFF or (new_gw >> 24) == 0:
        return "the new gateway is multicast, broadcast or zeronet"
    if not _orconf(ns, dev, "shared_media"):
        if not any(a.same_subnet(new_gw) and a.same_subnet(old_gw) for a in dev.addrs):
            return "shared_media is off and the new gateway is not on-link (inet_addr_onlink)"
        if _orconf(ns, dev, "secure_redirects") and not _ip_fib_check_default(ns, new_gw, dev):
            return "secure_redirects: the new gateway is not a gateway of ours " \
                   "(ip_fib_check_default)"
    elif addr_type(ns, new_gw) != "UNICAST":
        return "the new gateway is not a unicast address (inet_addr_type)"
    return ""


def ipv4_sk_redirect(ns, skb, quoted, sock=None) -> None:
    """ipv4_sk_redirect(): the route the ``quoted`` packet took (__build_flow_key from its header
    and the socket, then __ip_route_output_key) is the one the redirect is about."""
    from .fib import route_output
    oif = getattr(sock, "bound_dev", None)
    rt = route_output(ns, quoted.dst, quoted.src, oif=oif)
    if not rt.error:
        ip_do_redirect(ns, rt, skb, quoted.dst, quoted.src, oif)


def ip_do_redirect(ns, rt, skb, daddr: IPv4Address, saddr: IPv4Address, oif=None) -> bool:
    """__ip_do_redirect(): believe an ICMP redirect about the flow ``daddr``/``saddr`` whose
    route is ``rt``, and record its gateway as a nexthop exception.  True when recorded."""
    from .fib import fib_lookup
    ip, msg, dev = skb.pkt, skb.pkt.payload, skb.iif
    new_gw, old_gw = (msg.id << 16) | msg.seq, int(ip.src)
    func = "__ip_do_redirect"
    if msg.code & 7 > 3:
        step(ns, dev, func, skb, f"ignored: redirect code {msg.code}")
        return False
    if rt.gateway is None or int(rt.gateway) != old_gw:
        now_via = f"via {rt.gateway}" if rt.gateway is not None else "directly"
        step(ns, dev, func, skb, f"ignored: {ip.src} is not our gateway for {daddr} "
                                 f"(we go {now_via})")
        return False
    why = _reject_reason(ns, dev, new_gw, old_gw)
    gw = IPv4Address(new_gw)
    if why:
        step(ns, dev, func, skb, f"rejected redirect to {gw} for {daddr}: {why}")
        return False
    n = neighbour.neigh_lookup(ns, rt.dev, gw) or neighbour.neigh_create(ns, rt.dev, gw)
    if not n.state & NUD.VALID:
        step(ns, dev, func, skb, f"redirect to {gw} for {daddr} not taken: no MAC for {gw} "
                                 f"yet ({NUD.NAMES.get(n.state, n.state)}); probe it "
                                 f"(neigh_event_send)")
        neighbour.neigh_event_send(ns, n)
        return False
    res = fib_lookup(ns, int(daddr), int(saddr) if saddr else 0, None, oif)
    if res.error or res.route is None:
        return False
    expires = ns.kernel.clock.now + IP_RT_GC_TIMEOUT
    update_or_create_fnhe(ns, res.route, int(daddr), gw, expires)
    step(ns, dev, func, skb, f"accepted: {daddr} now via {gw} for {IP_RT_GC_TIMEOUT:g}s "
                             f"(update_or_create_fnhe)")
    return True


# ----------------------------------------------------------------------------- exceptions
def _fib_info_key(r: Route) -> tuple:
    """What fib_find_info() compares: routes equal in all of it share one struct fib_info."""
    return (r.table, r.type, r.proto, r.scope, r.prefsrc, r.metric, id(r.dev), r.gateway,
            r.onlink, r.nh_scope)


def _live(ns, table: dict) -> bool:
    return any(r.nh_exceptions is table for t in ns.tables.values() for r in t.routes())


def fib_info_share(ns, r: Route) -> None:
    """fib_create_info() -> fib_find_info(): a new route equal to a live one in every fib_info
    field shares its fib_info, and so its nexthop exceptions."""
    if ns.fnhe_tables:
        key = _fib_info_key(r)
        table = ns.fnhe_tables.get(key)
        if table is not None:
            if _live(ns, table):
                r.nh_exceptions = table
            else:
                del ns.fnhe_tables[key]             # that fib_info was freed with its routes


def update_or_create_fnhe(ns, r: Route, daddr: int, gw: IPv4Address, expires: float) -> None:
    """update_or_create_fnhe(): the exception for ``daddr`` on ``r``'s nexthop, new or renewed."""
    if r.nh_exceptions is None:
        key = _fib_info_key(r)
        table = ns.fnhe_tables.get(key)
        if table is None or not _live(ns, table):
            table = ns.fnhe_tables[key] = {}
        for t in ns.tables.values():                 # every route of that fib_info
            for other in t.routes():
                if other.nh_exceptions is None and _fib_info_key(other) == key:
                    other.nh_exceptions = table
        r.nh_exceptions = table
    fnhe = r.nh_exceptions.get(daddr)
    if fnhe is None:
        r.nh_exceptions[daddr] = FibNhException(daddr, gw, expires)
    else:
        fnhe.gw, fnhe.expires = gw, expires


def find_exception(ns, r: Route | None, daddr: int) -> FibNhException | None:
    """find_exception(): the live exception for ``daddr`` on ``r``'s nexthop; an expired one is
    deleted on the way (ip_del_fnhe)."""
    if r is None or not r.nh_exceptions:
        return None
    fnhe = r.nh_exceptions.get(daddr)
    if fnhe is not None and ns.kernel.clock.now > fnhe.expires:
        del r.nh_exceptions[daddr]
        return None
    return fnhe


def fnhe_dump(ns) -> list:
    """inet_dump_fib() with RTM_F_CLONED -> fnhe_dump_bucket(): for every route in dump order,
    the live exceptions on its nexthop that a lookup has gone through (fnhe_rth_* set), as
    (destination, the route a lookup would make).  Routes that share a fib_info each list it."""
    from .fib import FibResult, RouteDecision
    out = []
    for t in sorted(ns.tables.values(), key=lambda t: t.id & 255):
        for r in t.routes():
            for fnhe in (r.nh_exceptions or {}).values():
                if fnhe.bound and ns.kernel.clock.now <= fnhe.expires:
                    out.append((IPv4Address(fnhe.daddr), RouteDecision(
                        r.type, r.dev, fnhe.gw, None, FibResult(r, t.id), redirected=True,
                        expires=expires_left(ns, fnhe.expires))))
    return out


def expires_left(ns, expires: float) -> int:
    """rt_fill_info(): the seconds ``ip route get`` prints after ``expires`` (clock ticks left,
    as jiffies_to_clock_t() gives them, over USER_HZ).  The ``ip`` process reads the clock a
    little after the packets of the line before it (fork and exec, iputils' probes leave a few
    ms after each second): COMMAND_LAG stands for that, so a whole number of seconds since the
    redirect reads as the kernel's (300 - n - 1)."""
    ticks = int((expires - ns.kernel.clock.now - COMMAND_LAG) * USER_HZ)
    return max(0, ticks) // USER_HZ
