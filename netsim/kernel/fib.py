"""Routing: models net/ipv4/fib_frontend.c, fib_trie.c, fib_semantics.c, fib_rules.c and the
route-resolution half of net/ipv4/route.c (``ip_route_output_key``, ``ip_route_input_slow``).

Read first: ``fib_lookup`` (rules in priority order, each naming a table), then
``fib_table_lookup`` (longest prefix, then lowest metric), then ``route_output`` and
``route_input``, which turn a FIB result into a decision for one packet.
"""
from __future__ import annotations

import errno
from dataclasses import dataclass
from ipaddress import IPv4Address

from ..errors import Exists, Invalid, NetsimError, NotFound
from ..kernel_model import (RT_TABLE_LOCAL, RT_TABLE_MAIN, SCOPE_HOST, SCOPE_LINK, SCOPE_NOWHERE,
                            SCOPE_UNIVERSE, FibRule, NetDevice, NetNamespace, Route)
from .route import expires_left, fib_info_share, find_exception

__all__ = ["FibResult", "fib_lookup", "fib_table_lookup", "route_add", "route_del",
           "route_output", "route_input", "inet_select_addr", "addr_type", "rule_add", "rule_del"]

# fib_props[type].error: what a lookup that lands on such a route returns
TYPE_ERRORS = {"blackhole": errno.EINVAL, "unreachable": errno.EHOSTUNREACH,
               "prohibit": errno.EACCES}


@dataclass(slots=True)
class FibResult:
    """struct fib_result: the route that won, and the others it was weighed against."""
    route: Route | None
    table: int
    rule: FibRule | None = None
    considered: tuple = ()          # descriptions of the candidates, for the trace
    error: int = 0

    @property
    def type(self) -> str:
        return self.route.type if self.route else "unreachable"


def describe(r: Route) -> str:
    parts = [r.type] if r.type != "unicast" else []
    parts.append(r.dst_str)
    if r.gateway is not None:
        parts.append(f"via {r.gateway}")
    if r.dev is not None:
        parts.append(f"dev {r.dev.name}")
    if r.metric:
        parts.append(f"metric {r.metric}")
    return " ".join(parts)


def _nh_alive(r: Route, oif: NetDevice | None) -> bool:
    if r.dev is None:
        return True
    if oif is not None and r.dev is not oif and r.type not in ("local", "broadcast"):
        return False
    return r.dev.admin_up or r.nh_scope == SCOPE_NOWHERE


def fib_table_lookup(ns: NetNamespace, tb_id: int, daddr: int, scope: int = SCOPE_UNIVERSE,
                     oif: NetDevice | None = None, considered: list | None = None):
    """Longest prefix match in one table; among equal prefixes the lowest metric that is alive.
    Returns (route or None, error or 0)."""
    table = ns.tables.get(tb_id)
    if table is None:
        return None, errno.EAGAIN
    for plen, routes in table.candidates(daddr):
        for r in routes:
            if r.scope < scope or not _nh_alive(r, oif):
                if considered is not None:
                    considered.append(f"{describe(r)} (skipped: "
                                      f"{'scope' if r.scope < scope else 'nexthop down'})")
                continue
            if considered is not None:
                considered.append(f"{describe(r)} (table {tb_id}, /{plen}) <- chosen")
                # show what it beat: other entries of the same and shorter prefixes
                for plen2, others in table.candidates(daddr):
                    for o in others:
                        if o is not r and plen2 <= plen:
                            considered.append(f"{describe(o)} (/{plen2}, lost: "
                                              f"{'shorter prefix' if plen2 < plen else 'higher metric'})")
            if r.type == "throw":
                return None, errno.EAGAIN
            return r, TYPE_ERRORS.get(r.type, 0)
    return None, errno.EAGAIN


def fib_lookup(ns: NetNamespace, daddr: int, saddr: int = 0, iif: NetDevice | None = None,
               oif: NetDevice | None = None, scope: int = SCOPE_UNIVERSE,
               explain: bool = False) -> FibResult:
    """fib_rules_lookup(): walk the rules in priority order; the first table with a match wins."""
    considered: list | None = [] if explain else None
    iifname = iif.name if iif is not None else ("lo" if oif is None else None)
    for rule in ns.rules:
        if not rule.matches(saddr, daddr, iifname, oif.name if oif else None):
            continue
        if rule.action != "lookup":
            # fib4_rule_action(): unlike a route of type unreachable (EHOSTUNREACH), a rule
            # of type unreachable fails with ENETUNREACH
            err = {"blackhole": errno.EINVAL, "unreachable": errno.ENETUNREACH,
                   "prohibit": errno.EACCES}[rule.action]
            return FibResult(None, 0, rule, tuple(considered or ()), err)
        route, err = fib_table_lookup(ns, rule.table, daddr, scope, oif, considered)
        if err == errno.EAGAIN:
            continue
        return FibResult(route, rule.table, rule, tuple(considered or ()), err)
    return FibResult(None, 0, None, tuple(considered or ()), errno.ENETUNREACH)


# ----------------------------------------------------------------------------- addresses
def addr_type(ns: NetNamespace, addr: int, dev: NetDevice | None = None) -> str:
    """inet_addr_type(): LOCAL, BROADCAST, MULTICAST or UNICAST as the local table says.
    0.0.0.0/8 and 255.255.255.255 are BROADCAST, and so is everything while the namespace
    has no local table yet (no address ever added): __inet_dev_addr_type() starts from
    RTN_BROADCAST and only a table turns it to UNICAST."""
    if addr == 0xFFFFFFFF or (addr >> 24) == 0:
        return "BROADCAST"
    if (addr >> 28) == 0xE:
        return "MULTICAST"
    local = ns.tables.get(RT_TABLE_LOCAL)
    if local is None:
        return "BROADCAST"
    for _plen, routes in local.candidates(addr):
        for r in routes:
            if dev is None or r.dev is dev or r.type == "local":
                return r.type.upper() if r.type in ("local", "broadcast") else "UNICAST"
        break
    return "UNICAST"


def inet_select_addr(ns: NetNamespace, dev: NetDevice | None, dst: int,
                     scope: int) -> IPv4Address | None:
    """inet_select_addr(): a primary address of ``dev`` with scope <= ``scope``, preferring one on
    the same subnet as ``dst``; else any such address of any device (not link scope)."""
    if dev is not None:
        first = None
        for a in dev.addrs:
            if a.secondary or a.scope > scope:
                continue
            if dst and a.same_subnet(dst):
                return a.local
            if first is None:
                first = a.local
        if first is not None:
            return first
    for d in ns.devices.values():
        for a in d.addrs:
            if not a.secondary and a.scope != SCOPE_LINK and a.scope <= scope:
                return a.local
    return None


def res_prefsrc(ns: NetNamespace, r: Route, daddr: int) -> IPv4Address | None:
    """FIB_RES_PREFSRC: the route's ``src``, else an address chosen for its nexthop."""
    if r.prefsrc is not None:
        return r.prefsrc
    gw = int(r.gateway) if r.gateway is not None else 0
    return inet_select_addr(ns, r.dev, gw, r.scope)


# ----------------------------------------------------------------------------- route decisions
@dataclass(slots=True)
class RouteDecision:
    """struct rtable, as ``ip route get`` shows it: where and how a packet goes."""
    type: str                        # unicast | local | broadcast
    dev: NetDevice | None
    gateway: IPv4Address | None
    saddr: IPv4Address | None
    res: FibResult
    input: bool = False
    error: int = 0
    metrics: tuple = ()              # the route's RTAX metrics, copied into the cached dst
    redirected: bool = False         # RTCF_REDIRECTED: the gateway is a redirect's (an fnhe's)
    expires: int = 0                 # rta_cacheinfo's expires: seconds left on that exception

    @property
    def nexthop(self) -> IPv4Address | None:
        return self.gateway


def route_output(ns: NetNamespace, daddr: IPv4Address, saddr: IPv4Address | None = None,
                 oif: NetDevice | None = None, explain: bool = False) -> RouteDecision:
    """ip_route_output_key(): the route for a packet this host sends.  ``error`` is an errno."""
    d = int(daddr)
    if saddr is not None and int(saddr):
        s = int(saddr)
        if (s >> 28) == 0xE or s == 0xFFFFFFFF:
            return RouteDecision("unicast", None, None, saddr, FibResult(None, 0), error=errno.EINVAL)
        if s not in ns.local_addrs and addr_type(ns, s) != "LOCAL":   # __ip_dev_find()
            return RouteDecision("unicast", None, None, saddr, FibResult(None, 0),
                                 error=errno.ENETUNREACH)
    if d == 0xFFFFFFFF and oif is not None:
        src = saddr or inet_select_addr(ns, oif, 0, SCOPE_LINK)
        return RouteDecision("broadcast", oif, None, src, FibResult(None, 0))
    if oif is not None and not oif.admin_up:
        return RouteDecision("unicast", None, None, saddr, FibResult(None, 0),
                             error=errno.ENETUNREACH)
    if d == 0:
        # "if (!fl4->daddr)": a packet to 0.0.0.0 goes to the source itself, through lo
        src = saddr if saddr is not None and int(saddr) else IPv4Address("127.0.0.1")
        return RouteDecision("local", ns.by_name.get("lo"), None, src, FibResult(None, 0))
    res = fib_lookup(ns, d, int(saddr) if saddr else 0, None, oif, explain=explain)
    if res.error and oif is not None:
        # "Apparently, routing tables are wrong. Assume, that the destination is on link."
        src = saddr or inet_select_addr(ns, oif, 0, SCOPE_LINK)
        return RouteDecision("unicast", oif, None, src, FibResult(None, 0))
    if res.error:
        return RouteDecision(res.type, None, None, saddr, res, error=res.error)
    r = res.route
    if r.type == "local":
        lo = ns.by_name.get("lo")
        src = saddr or r.prefsrc or daddr
        return RouteDecision("local", lo, None, src, res)
    src = saddr or res_prefsrc(ns, r, d)
    gw = r.gateway if r.uses_gateway else None
    if r.dev is not None and not r.dev.admin_up:
        return RouteDecision(r.type, None, None, src, res, error=errno.ENETUNREACH)
    return _mkroute(ns, RouteDecision(r.type, r.dev, gw, src, res, metrics=r.metrics), d)


def _mkroute(ns: NetNamespace, rt: RouteDecision, daddr: int) -> RouteDecision:
    """__mkroute_output() / __mkroute_input(): find_exception() on the nexthop, and
    rt_bind_exception(): a redirect's gateway replaces the route's while it lasts."""
    r = rt.res.route
    if r is None or not r.nh_exceptions:
        return rt
    fnhe = find_exception(ns, r, daddr)
    if fnhe is not None:
        fnhe.bound = True
        rt.gateway, rt.redirected = fnhe.gw, True
        rt.expires = expires_left(ns, fnhe.expires)
    return rt


def _onlink(dev: NetDevice, addr: int) -> bool:
    return any(a.same_subnet(addr) for a in dev.addrs)


def rt_does_redirect(ns: NetNamespace, decision, src, iif) -> bool:
    """IPSKB_DOREDIRECT (__mkroute_input): forwarded back out of the interface it came in on,
    from a directly connected source (fib_validate_source() saw a host-scope nexthop), with
    send_redirects on, and shared_media on (the default) or source and gateway on that
    interface's subnets."""
    if decision.dev is None or decision.dev is not iif or src is None:
        return False
    conf = "net.ipv4.conf.%s.send_redirects"
    if ns.sysctl.get(conf % "all", "1") == "0" and ns.sysctl.get(conf % iif.name, "1") == "0":
        return False                           # IN_DEV_TX_REDIRECTS: all OR the device's
    rev = fib_lookup(ns, int(src), 0, None, iif)
    r = rev.route
    if rev.error or r is None or r.dev is not iif or r.nh_scope < SCOPE_HOST:
        return False
    if ns.sysctl.get("net.ipv4.conf.all.shared_media", "1") != "0" or \
            ns.conf(iif, "shared_media"):
        return True                            # IN_DEV_SHARED_MEDIA: no on-link check
    nh = decision.res.route                    # the FIB nexthop's gateway, not a redirect's
    gw = (nh.gateway if nh.uses_gateway else None) if nh is not None else decision.gateway
    return _onlink(iif, int(src)) and (gw is None or _onlink(iif, int(gw)))


def route_input(ns: NetNamespace, daddr: IPv4Address, saddr: IPv4Address, iif: NetDevice,
                explain: bool = False) -> RouteDecision:
    """ip_route_input_slow(): the route for a packet received on ``iif``: local delivery,
    forwarding (when enabled on iif), or an error (``EHOSTUNREACH`` when not forwarding,
    ``EINVAL`` for a martian or an rp_filter rejection)."""
    d, s = int(daddr), int(saddr)
    if d == 0xFFFFFFFF or (s == 0 and d == 0xFFFFFFFF):
        return RouteDecision("broadcast", iif, None, saddr, FibResult(None, 0), input=True)
    if (s >> 28) == 0xE or s == 0xFFFFFFFF or (s >> 24) == 127 and iif.name != "lo":
        return RouteDecision("unicast", None, None, saddr, FibResult(None, 0), True, errno.EINVAL)
    if (d >> 24) == 127 and iif.name != "lo":
        return RouteDecision("unicast", None, None, saddr, FibResult(None, 0), True, errno.EINVAL)
    if (s >> 24) == 0 or (d >> 24) == 0:
        # "Accept zero addresses only to limited broadcast": martian source/destination
        return RouteDecision("unicast", None, None, saddr, FibResult(None, 0), True, errno.EINVAL)
    res = fib_lookup(ns, d, s, iif, None, explain=explain)
    if res.error == errno.ENETUNREACH:
        # no_route: a local "unreachable" rtable; ip_forward would say host unreachable
        if not ns.forwarding(iif):
            return RouteDecision("unreachable", None, None, saddr, res, True, errno.EHOSTUNREACH)
        return RouteDecision("unreachable", None, None, saddr, res, True, errno.ENETUNREACH)
    if res.error:
        return RouteDecision(res.type, None, None, saddr, res, True, res.error)
    r = res.route
    if r.type == "broadcast":
        return RouteDecision("broadcast", iif, None, saddr, res, True,
                             _check_source(ns, s, d, iif))
    if r.type == "local":
        err = _check_source(ns, s, d, iif)
        return RouteDecision("local", ns.by_name.get("lo"), None, saddr, res, True, err)
    if not ns.forwarding(iif):
        return RouteDecision("unicast", None, None, saddr, res, True, errno.EHOSTUNREACH)
    err = _check_source(ns, s, d, iif)
    gw = r.gateway if r.uses_gateway else None
    return _mkroute(ns, RouteDecision(r.type, r.dev, gw, saddr, res, True, err, r.metrics), d)


def _custom_rules_or_local_routes(ns: NetNamespace) -> bool:
    """fib4_has_custom_rules() || fib_has_custom_local_routes (both sticky, as in the kernel)."""
    return ns.fib_has_custom_rules or ns.fib_has_custom_local_routes


def _check_source(ns: NetNamespace, s: int, d: int, iif: NetDevice) -> int:
    """fib_validate_source(): martian local source, and rp_filter's reverse lookup."""
    if s == 0 or iif.kind == "loopback":
        return 0          # packets looped back keep the route they were sent with
    mode = ns.rp_filter(iif)
    accept_local = ns.conf(iif, "accept_local") or \
        ns.sysctl.get("net.ipv4.conf.all.accept_local", "0") != "0"      # IN_DEV_ORCONF
    if not mode:
        # the fast path of fib_validate_source(): only "is the source one of ours?" -- a
        # martian within one namespace (unless accept_local) -- or, with custom rules or local
        # routes, the full check without the reverse-path part
        if accept_local:
            return 0
        if _custom_rules_or_local_routes(ns):
            rev = fib_lookup(ns, s, 0, None, None)
            if not rev.error and rev.route is not None and rev.route.type != "unicast":
                return errno.EINVAL
            return 0
        return errno.EINVAL if s in ns.local_addrs else 0
    if s in ns.local_addrs and not accept_local:
        return errno.EINVAL
    rev = fib_lookup(ns, s, 0, None, None)
    if rev.error or rev.route is None:
        return errno.EINVAL
    if mode == 1 and rev.route.dev is not iif:
        return errno.EINVAL
    return 0


# ----------------------------------------------------------------------------- configuration
def check_nexthop(ns: NetNamespace, r: Route, check_gw_table: int) -> None:
    """fib_check_nh(): a gateway must be reachable through a link-scope route (or be onlink)."""
    if r.gateway is None:
        if r.dev is not None and not r.dev.admin_up and r.scope != SCOPE_HOST:
            # fib_check_nh_nongw()
            raise NetsimError(errno.ENETDOWN, "Device for nexthop is not up.")
        r.nh_scope = SCOPE_NOWHERE if r.scope == SCOPE_HOST else SCOPE_HOST
        return
    gw = int(r.gateway)
    if r.onlink:
        if r.dev is None:
            raise NetsimError(errno.ENODEV, "Nexthop device required for onlink")
        if not r.dev.admin_up:
            raise NetsimError(errno.ENETDOWN, "Nexthop device is not up.")
        if addr_type(ns, gw) != "UNICAST":
            raise Invalid(extack="Nexthop has invalid gateway.")
        r.nh_scope = SCOPE_LINK
        return
    scope = SCOPE_LINK if r.scope < SCOPE_LINK else r.scope + 1
    route, err = None, errno.ENETUNREACH
    if check_gw_table != RT_TABLE_MAIN and check_gw_table in ns.tables:
        route, err = fib_table_lookup(ns, check_gw_table, gw, scope, r.dev)
        if route is None and not err:
            err = errno.ENETUNREACH
    if err:
        # fib_check_nh_v4_gw(): "on error or if no table given do full lookup" (the gateway
        # may be reachable through main or local only)
        res = fib_lookup(ns, gw, 0, None, r.dev, scope=scope)
        route, err = res.route, res.error
    if err or route is None:
        # the lookup's own error (ENETUNREACH: no route to the gateway), as pyroute2 sees it
        raise NetsimError(err or errno.ENETUNREACH, "Nexthop has invalid gateway.")
    if route.type not in ("unicast", "local"):
        raise Invalid(extack="Nexthop has invalid gateway.")
    if r.dev is not None and route.dev is not r.dev and route.type != "local":
        raise Invalid(extack="Nexthop has invalid gateway.")
    dev = r.dev or route.dev
    if dev is None or not dev.admin_up:
        raise NetsimError(errno.ENETDOWN, "Nexthop device is not up.")
    r.dev = dev
    r.nh_scope = route.scope if route.scope > SCOPE_LINK else SCOPE_LINK


def route_add(ns: NetNamespace, r: Route, mode: str = "add") -> Route:
    """fib_table_insert() for ``ip route add|replace|change|append|prepend``.

    ``add``: EEXIST if a route with the same prefix, tos and metric exists;
    ``replace``: replace it or create; ``change``: replace it or ENOENT; ``append``: add after."""
    if r.dst & ~((0xFFFFFFFF << (32 - r.plen)) & 0xFFFFFFFF if r.plen else 0) & 0xFFFFFFFF:
        raise Invalid(extack="Invalid prefix for given prefix length.")
    if r.type in ("blackhole", "unreachable", "prohibit", "throw"):
        r.dev, r.gateway = None, None
    else:
        check_nexthop(ns, r, r.table)
    if r.prefsrc is not None:
        t = ns.tables.get(RT_TABLE_LOCAL)
        ok = False
        if r.type == "local" and r.table == RT_TABLE_LOCAL:
            ok = True
        elif t is not None:
            route, _ = fib_table_lookup(ns, RT_TABLE_LOCAL, int(r.prefsrc))
            ok = route is not None and route.type == "local" and route.plen == 32 or \
                int(r.prefsrc) in ns.local_addrs
        if not ok:
            raise Invalid(extack="Invalid prefsrc address.")
    if r.type == "local" and r.proto != "kernel":
        ns.fib_has_custom_local_routes = True
    fib_info_share(ns, r)
    table = ns.table(r.table, create=(mode != "change" and mode != "del"))
    if table is None:
        raise NetsimError(errno.ENOENT)
    same = [x for x in table.aliases(r.dst, r.plen) if x.tos == r.tos and x.metric == r.metric]
    if mode == "add":
        if same:
            raise Exists()
        table.insert(r)
    elif mode in ("replace", "change"):
        if same:
            old = same[0]
            lst = table.aliases(r.dst, r.plen)
            lst[lst.index(old)] = r
        elif mode == "change":
            raise NetsimError(errno.ENOENT)
        else:
            table.insert(r)
    elif mode in ("append", "prepend"):
        for x in same:
            if (x.type, x.dev, x.gateway, x.prefsrc) == (r.type, r.dev, r.gateway, r.prefsrc):
                raise Exists()
        table.insert(r, append=(mode == "append"))
    return r


def route_del(ns: NetNamespace, dst: int, plen: int, table: int = RT_TABLE_MAIN, *,
              type: str | None = None, dev: NetDevice | None = None,
              gateway: IPv4Address | None = None, metric: int | None = None,
              prefsrc: IPv4Address | None = None, scope: int = SCOPE_NOWHERE,
              proto: str | None = None) -> Route:
    """fib_table_delete(): the first route of that prefix matching every given attribute."""
    t = ns.tables.get(table)
    if t is None:
        raise NetsimError(errno.ESRCH)
    for r in t.aliases(dst, plen):
        if type is not None and r.type != type:
            continue
        if scope != SCOPE_NOWHERE and r.scope != scope:
            continue
        if prefsrc is not None and r.prefsrc != prefsrc:
            continue
        if proto is not None and r.proto != proto:
            continue
        if metric is not None and metric and r.metric != metric:
            continue
        if dev is not None and r.dev is not dev:
            continue
        if gateway is not None and r.gateway != gateway:
            continue
        t.remove(r)
        return r
    raise NetsimError(errno.ESRCH)


def flush_dev_routes(ns: NetNamespace, dev: NetDevice, force: bool = False) -> None:
    """fib_sync_down_dev() + fib_flush(): a device going down loses its routes, except the
    host-scope local routes (nh scope nowhere) unless the device is unregistered (force)."""
    for table in list(ns.tables.values()):
        for r in table.routes():
            if r.dev is dev and (force or r.nh_scope != SCOPE_NOWHERE):
                table.remove(r)


def rule_add(ns: NetNamespace, rule: FibRule, priority_given: bool) -> None:
    """fib_nl_newrule(): without a priority, the new rule goes just before the second rule."""
    if not priority_given:
        rule.priority = ns.rules[1].priority - 1 if len(ns.rules) > 1 and \
            ns.rules[1].priority > 0 else 0
    for r in ns.rules:
        # rule_exists() with fib4_rule_compare(): a prefix the request leaves out matches any
        if (r.priority, r.table, r.iif, r.oif, r.action) != (
                rule.priority, rule.table, rule.iif, rule.oif, rule.action):
            continue
        if rule.src_len and (r.src, r.src_len) != (rule.src, rule.src_len):
            continue
        if rule.dst_len and (r.dst, r.dst_len) != (rule.dst, rule.dst_len):
            continue
        raise Exists()
    idx = 0
    while idx < len(ns.rules) and ns.rules[idx].priority <= rule.priority:
        idx += 1
    ns.rules.insert(idx, rule)
    ns.fib_has_custom_rules = True


def rule_del(ns: NetNamespace, rule: FibRule, priority_given: bool) -> None:
    for r in ns.rules:
        if priority_given and r.priority != rule.priority:
            continue
        if rule.src_len and (r.src, r.src_len) != (rule.src, rule.src_len):
            continue
        if rule.dst_len and (r.dst, r.dst_len) != (rule.dst, rule.dst_len):
            continue
        if rule.table and r.table != rule.table:
            continue
        ns.rules.remove(r)
        return
    raise NotFound(errno.ENOENT)
