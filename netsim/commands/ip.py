"""The ``ip`` and ``bridge`` commands (iproute2 6.1) on any backend.

A line goes: arguments -> typed command (:mod:`.parser`, with iproute2's keyword abbreviations:
``ip a``, ``ip r``, ``link sho``, ``addr ad``) -> ``backend.apply(cmd)``.  Show commands read the
backend's snapshot (a :class:`~netsim.kernel_model.Kernel`) and print it with :mod:`.show`.
Errors carry the exact text and exit status of the real tools: 1 for iproute2's own checks
(``Cannot find device "x"``), 2 for the kernel's refusals (``RTNETLINK answers: File exists``,
``Error: Nexthop has invalid gateway.``), 255 for usage errors.
"""
from __future__ import annotations

from ..errors import NetsimError
from ..kernel_model import Bridge
from . import model as m
from . import parse_addr as A
from . import parse_link as L
from . import parse_route as R
from . import parser as P
from ._util import CmdError, matches, rtnl_error
from .usage import BRIDGE_USAGE, IP_USAGE

__all__ = ["ip_main", "bridge_main", "Env"]


class _LazyShow:
    """The formatters are imported on first use (keeps `import netsim` light)."""

    def __getattr__(self, name):
        from . import show as mod
        return getattr(mod, name)


show = _LazyShow()

OBJECTS = ["address", "addrlabel", "maddress", "route", "rule", "neighbor", "neighbour", "ntable",
           "ntbl", "link", "l2tp", "fou", "ila", "macsec", "tunnel", "tunl", "tuntap", "tap",
           "token", "tcpmetrics", "tcp_metrics", "monitor", "xfrm", "mroute", "mrule", "netns",
           "netconf", "vrf", "sr", "nexthop", "mptcp", "ioam", "help", "stats"]


class Opts:
    def __init__(self):
        self.ns_name = None
        self.json = False
        self.family4 = False
        self.details = False
        self.stats = False


def _global_opts(argv: list[str], tool: str) -> tuple[Opts, list[str]]:
    o = Opts()
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "-":
        a = argv[i].lstrip("-")
        if a in ("n", "netns"):
            if i + 1 >= len(argv):
                raise CmdError(255, "No netns name specified\n")
            o.ns_name = argv[i + 1]
            i += 2
            continue
        if a in ("j", "json"):
            o.json = True
        elif a == "4":
            o.family4 = True
        elif a in ("d", "details"):
            o.details = True
        elif a in ("s", "stats", "statistics"):
            o.stats = True
        elif a in ("p", "pretty", "c", "color", "br", "brief", "o", "oneline", "h", "human"):
            pass
        else:
            raise CmdError(255, f'Option "{argv[i]}" is unknown, try "{tool} -help".\n')
        i += 1
    return o, argv[i:]


class Env:
    """One command's view of the backend: the namespace it acts in and a snapshot to check
    and show from.  ``ns`` is what goes into typed commands (None: the backend's default)."""

    def __init__(self, backend, ns_name: str, tool: str = "ip"):
        self.backend = backend
        self.snap = backend.snapshot()
        space = self.snap.namespaces.get(ns_name)
        if space is None:
            raise CmdError(255, f'Cannot open network namespace "{ns_name}": '
                                f"No such file or directory\n")
        self.space = space                     # the snapshot's NetNamespace (read only)
        default = getattr(backend, "default_ns", "root")
        self.ns = None if ns_name == default else ns_name
        self.chk = P.Checker(self.snap, default, tool)
        self.tool = tool

    def dev(self, name: str):
        """A device of the snapshot, or iproute2's ``Cannot find device`` (rc 1)."""
        self.chk.dev(self.ns, name)
        self.getlink(name)
        return self.space.by_name[name]

    def getlink(self, name: str) -> None:
        """iproute2 resolves a name it has no cache for with RTM_GETLINK (ll_name_to_index,
        ll_index_to_name), and the kernel brings that device's operstate up to date first."""
        getlink = getattr(self.backend, "getlink", None)
        if getlink is not None:
            getlink(self.ns, name)

    def apply(self, cmd) -> str:
        try:
            self.backend.apply(cmd)
        except NetsimError as e:
            err = rtnl_error(e)
            if self.tool == "bridge":
                err.rc = 255             # the bridge tool exits 255 where ip exits 2
            raise err from None
        return ""


# ============================================================================ entry points
def ip_main(ctx, argv: list[str]):
    o, rest = _global_opts(argv, "ip")
    if not rest:
        raise CmdError(255, IP_USAGE)
    obj = next((c for c in OBJECTS if matches(rest[0], c)), None)
    if obj is None:
        raise CmdError(1, f'Object "{rest[0]}" is unknown, try "ip help".\n')
    if obj == "help":
        raise CmdError(255, IP_USAGE)
    if obj == "netns":
        return ctx.netns_cmd(rest[1:], o)
    handler = {"link": do_link, "address": do_addr, "route": do_route, "rule": do_rule,
               "neighbor": do_neigh, "neighbour": do_neigh}.get(obj)
    if handler is None:
        raise CmdError(2, f"netsim: not supported yet: ip {obj}\n")
    env = Env(ctx.backend, o.ns_name if o.ns_name is not None else ctx.default_ns)
    return handler(env, o, rest[1:])


def _sub(args: list[str], table: list[tuple[str, ...]], obj: str, default: str = "show") -> str:
    if not args:
        return default
    for names in table:
        if any(matches(args[0], n) for n in names):
            return names[0]
    raise CmdError(255, f'Command "{args[0]}" is unknown, try "ip {obj} help".\n')


# ============================================================================ ip link
def do_link(env: Env, o, args):
    cmd = _sub(args, [("add",), ("set", "change"), ("replace",), ("delete",),
                      ("show", "lst", "list"), ("help",)], "link")
    a = args[1:]
    if cmd == "add":
        req = L.parse_link_add(a, env.ns, env.chk)
        if not (isinstance(req.kind, m.Vxlan) and req.kind.dstport is None):
            return env.apply(req)
        # vxlan_parse_opt() prints this before it sends the request
        try:
            env.apply(req)
        except CmdError as e:
            raise CmdError(e.rc, _VXLAN_PORT_WARNING + e.stderr, e.stdout) from None
        raise CmdError(0, _VXLAN_PORT_WARNING)
    if cmd == "set":
        return env.apply(L.parse_link_set(a, env.ns, env.chk))
    if cmd == "delete":
        return env.apply(L.parse_link_del(a, env.ns, env.chk))
    if cmd == "show":
        # ipaddr_list_link(): the same parser as ip addr show; only the link filters matter
        lst = A.parse_addr_list(a, env.ns, env.chk, family4=o.family4)
        _getlink_filters(env, lst)
        ns = env.space
        devs = [ns.by_name[lst.dev]] if lst.dev is not None else list(ns.devices.values())
        # master and type are filtered by the kernel's dump (iplink_filter_req), "up" by
        # print_linkinfo() after the JSON object was opened: an empty {} (checked on 6.18)
        up, lst.up = lst.up, False
        devs = sorted((d for d in devs if show._link_passes(d, lst)), key=lambda d: d.ifindex)
        if o.json:
            return show.dumps([show.link_objs(ns, [d])[0] if d.admin_up or not up else {}
                               for d in devs])
        return show.link_text(ns, [d for d in devs if d.admin_up or not up])
    raise CmdError(2, f"netsim: not supported yet: ip link {cmd}\n")


def _getlink_filters(env: Env, lst) -> None:
    """ipaddr_list_flush_or_save() resolves ``master`` and ``dev`` by name (RTM_GETLINK)
    before it dumps: those devices' pending linkwatch events run first."""
    for name in (lst.master, lst.dev):
        if name is not None:
            env.getlink(name)


_VXLAN_PORT_WARNING = (
    "vxlan: destination port not specified\n"
    "Will use Linux kernel default (non-standard value)\n"
    "Use 'dstport 4789' to get the IANA assigned value\n"
    "Use 'dstport 0' to get default and quiet this message\n")


# ============================================================================ ip addr
_WILDCARD_WARNING = (
    "Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
    "         Explicitly specify the prefix length ({}/32) to avoid this warning.\n"
    "         This special behaviour is likely to disappear in further releases,\n"
    "         fix your scripts!\n")


def do_addr(env: Env, o, args):
    cmd = _sub(args, [("add",), ("change",), ("replace",), ("delete",),
                      ("show", "list", "lst"), ("flush",), ("help",)], "address")
    a = args[1:]
    if cmd in ("add", "change", "replace", "delete"):
        req = A.parse_addr_modify(cmd, a, env.ns, env.chk)
        warn = A.addr_modify_warnings(a)
        if cmd == "delete" and req.prefixlen is None:
            # ip's own warning: status 0, only stderr (iproute2 6.1 ipaddr_modify)
            warn += _WILDCARD_WARNING.format(req.local)
        try:
            env.apply(req)
        except CmdError as e:
            e.stderr = warn + e.stderr
            raise
        if warn:
            raise CmdError(0, warn)
        return ""
    if cmd == "flush":
        return env.apply(A.parse_addr_flush(a, env.ns, env.chk, o.family4))
    if cmd == "show":
        lst = A.parse_addr_list(a, env.ns, env.chk, family4=o.family4)
        _getlink_filters(env, lst)
        ns = env.space
        devs = [ns.by_name[lst.dev]] if lst.dev is not None else list(ns.devices.values())
        family_inet = o.family4 or lst.sel.to is not None     # "to" sets the family
        if o.json:
            return show.dumps(show.addr_objs(ns, devs, family_inet, lst))
        return show.addr_text(ns, devs, family_inet, lst)
    raise CmdError(2, f"netsim: not supported yet: ip address {cmd}\n")


# ============================================================================ ip route
def do_route(env: Env, o, args):
    cmd = _sub(args, [("add",), ("change",), ("replace",), ("prepend",), ("append",),
                      ("test",), ("delete",), ("show", "list", "lst"), ("flush",),
                      ("get",), ("save",), ("restore",), ("showdump",), ("help",)], "route",
               default="show")
    a = args[1:]
    if cmd in ("add", "change", "replace", "prepend", "append", "delete"):
        return env.apply(R.parse_route_modify(cmd, a, env.ns, env.chk))
    if cmd in ("show", "flush"):
        if cmd == "flush" and not a:
            raise CmdError(1, '"ip route flush" requires arguments.\n')
        if _cloned(a):
            if cmd == "flush":
                return ""          # IPv4 has no route cache to flush (since 3.6)
            a = _cache_words(a)    # show: the route exceptions (RTM_F_CLONED dump)
        sel = R.parse_route_select(a, env.ns, env.chk)
        if sel.table is not None and sel.table not in env.space.tables:
            # the dump that show and flush start with fails
            raise CmdError(2, "Error: ipv4: FIB table does not exist.\n" +
                           ("Flush terminated\n" if cmd == "flush" else "Dump terminated\n"),
                           stdout="[" if o.json and cmd == "show" else "")
        if cmd == "flush":
            return env.apply(sel)
        if sel.cache:
            return route_show_cache(env, o, sel)
        return route_show(env, o, sel)
    if cmd == "get":
        return route_get(env, o, R.parse_route_get(a, env.ns, env.chk))
    raise CmdError(2, f"netsim: not supported yet: ip route {cmd}\n")


def _cache_words(a: list[str]) -> list[str]:
    """``cached``/``cloned``/``table cache`` as the one ``cache`` word the parser takes."""
    out: list[str] = []
    for i, t in enumerate(a):
        if t == "cache" and i and matches(a[i - 1], "table"):
            out[-1] = "cache"
        elif len(t) > 1 and (matches(t, "cached") or matches(t, "cloned")):
            out.append("cache")
        else:
            out.append(t)
    return out


def _cloned(a: list[str]) -> bool:
    """``cache``/``cloned`` or ``table cache``: iproute2's filter.cloned."""
    return any(matches(t, "cached") or matches(t, "cloned") for t in a if len(t) > 1) or \
        any(a[i] == "cache" and i and matches(a[i - 1], "table") for i in range(len(a)))


def route_show(env: Env, o, sel):
    ns = env.space
    # table all: the dump walks the table hash (id & 255) in order
    tables = ([ns.tables[sel.table]] if sel.table is not None
              else sorted(ns.tables.values(), key=lambda t: t.id & 255))
    if sel.dev is not None:
        env.dev(sel.dev)                    # nodev() for a device that is not there
    routes = [r for t in tables for r in t.routes() if sel.selects(r)]
    # a field the selector fixes is not printed (iproute2's filter.*mask)
    hide = sel.hidden()
    if o.json:
        out = show.dumps(show.route_objs(ns, routes, sel.table, hide))
    else:
        out = show.route_text(ns, routes, sel.table, hide)
    # the dump is read before it is printed: print_route()'s ll_index_to_name() asks for
    # each device afterwards, and only then runs its pending linkwatch event
    for name in dict.fromkeys(r.dev.name for r in routes if r.dev is not None):
        env.getlink(name)
    return out


def route_show_cache(env: Env, o, sel):
    """``ip route show [table T|all] cache [PREFIX] [dev DEV]``: the dump with RTM_F_CLONED,
    which lists the route exceptions (fnhe_dump_bucket), filtered as iproute2 filters it."""
    ns = env.space
    if sel.dev is not None:
        env.dev(sel.dev)                       # "Cannot find device" before the dump
    entries = []
    for dst, rt in env.backend.route_cache(sel.ns):
        if sel.table is not None and rt.res.table != sel.table:
            continue
        if sel.dst is not None and (sel.plen != 32 or dst != sel.dst):
            continue
        if sel.dev is not None and (rt.dev is None or rt.dev.name != sel.dev):
            continue
        if sel.proto is not None or sel.scope not in (None, 0):
            continue                           # an exception is proto unspec, scope global
        entries.append((dst, rt))
    hide = ("dev",) if sel.dev is not None else ()
    if o.json:
        return show.dumps([show.route_cache_obj(ns, dst, rt, sel.table, hide)
                           for dst, rt in entries])
    return "".join(show.route_cache_text(ns, dst, rt, sel.table, hide) for dst, rt in entries)


def route_get(env: Env, o, q):
    try:
        dec = env.backend.route_get(q)
    except NetsimError as e:
        raise rtnl_error(e) from None
    snap = env.backend.snapshot()           # the query may have changed state (a cache)
    ns = snap.namespaces.get(env.chk.default_ns if q.ns is None else q.ns)
    iif = ns.by_name.get(q.iif) if q.iif is not None else None
    fib_entry = dec.res.route if dec.res is not None else None
    if q.fibmatch and fib_entry is not None:
        # RTM_F_FIB_MATCH: the kernel answers with the FIB entry itself, printed as a route
        if o.json:
            return show.dumps(show.route_objs(ns, [fib_entry], None))
        return show.route_text(ns, [fib_entry], None)
    if o.json:
        out = show.dumps([show.route_get_obj(ns, q.dst, dec, q.src, iif, q.mark)])
    else:
        out = show.route_get_text(ns, q.dst, dec, q.src, iif, q.mark)
    if getattr(dec, "dev", None) is not None:
        env.getlink(dec.dev.name)           # printing the answer names its device
    return out


# ============================================================================ ip rule
def do_rule(env: Env, o, args):
    cmd = _sub(args, [("add",), ("delete",), ("show", "list", "lst"), ("flush",), ("help",)],
               "rule")
    a = args[1:]
    if cmd == "show":
        return show.dumps(show.rule_objs(env.space)) if o.json else show.rule_text(env.space)
    if cmd in ("add", "delete"):
        return env.apply(R.parse_rule("add" if cmd == "add" else "del", a, env.ns))
    if cmd == "flush" and not a:
        # iprule_flush(): every rule the dump shows but priority 0 is deleted one by one
        from ipaddress import IPv4Address
        for r in list(env.space.rules):
            if r.priority == 0:
                continue
            env.apply(m.RuleDel(
                ns=env.ns, priority=r.priority,
                table=r.table if r.action == "lookup" else None,
                src=IPv4Address(r.src) if r.src_len else None, src_len=r.src_len,
                dst=IPv4Address(r.dst) if r.dst_len else None, dst_len=r.dst_len,
                iif=r.iif, oif=r.oif, invert=r.not_, action=r.action))
        return ""
    raise CmdError(2, f"netsim: not supported yet: ip rule {cmd} {' '.join(a)}\n")


# ============================================================================ ip neigh
def do_neigh(env: Env, o, args):
    cmd = _sub(args, [("add",), ("change", "chg"), ("replace",), ("delete",),
                      ("show", "list", "lst"), ("flush",), ("get",), ("help",)], "neigh")
    a = args[1:]
    if cmd in ("add", "change", "replace", "delete"):
        return env.apply(R.parse_neigh_modify(cmd, a, env.ns, env.chk, o.family4))
    if cmd == "flush":
        if not a:
            raise CmdError(1, "Flush requires arguments.\n")
        return env.apply(R.parse_neigh_select(a, env.ns, env.chk))
    if cmd == "show":
        from ..kernel.neighbour import neigh_entries
        sel = R.parse_neigh_select(a, env.ns, env.chk)
        ns = env.space
        dev = ns.by_name[sel.dev] if sel.dev is not None else None
        entries = [n for n in neigh_entries(ns) if (dev is None or n.dev is dev)
                   and sel.selects(n.ip, n.state, flush=False)]
        mask = ~0                       # the state filter is applied above
        if o.json:
            return show.dumps(show.neigh_objs(ns, entries, dev is not None, mask))
        return show.neigh_text(ns, entries, dev is not None, mask)
    if cmd == "get":
        return _neigh_get(env, o, a)
    raise CmdError(2, f"netsim: not supported yet: ip neigh {cmd}\n")


def _neigh_get(env: Env, o, a):
    """ipneigh_get(): ``ip neigh get [to] ADDR dev DEV`` -- RTM_GETNEIGH for one entry (any
    state, NONE included), printed as ``show`` prints it with the device.  Its usage errors
    return -1 (exit status 1), not exit(-1)."""
    from ..kernel.neighbour import neigh_lookup
    addr = devname = None
    i = 0
    while i < len(a):
        t = a[i]
        if t == "dev":
            i += 1
            devname = P.need(a, i)
        elif matches(t, "proxy"):
            raise CmdError(2, "netsim: not supported yet: ip neigh get proxy\n")
        else:
            if t == "to":
                i += 1
                t = P.need(a, i)
            if addr is not None:
                raise P.duparg("to", t)
            addr = P._addr_or_die(t, "any valid address")
        i += 1
    if devname is None or addr is None:
        raise CmdError(1, "Device and address are required arguments.\n")
    ns = env.space
    dev = ns.by_name.get(devname)
    if dev is None:
        raise CmdError(1, f'Cannot find device "{devname}"\n')
    n = neigh_lookup(ns, dev, addr)
    if n is None:
        raise CmdError(2, "Error: Neighbour entry not found.\n")
    return show.neigh_text(ns, [n], False, ~0)      # iproute2 6.1 prints text even with -j


# ============================================================================ bridge
def bridge_main(ctx, argv):
    o, rest = _global_opts(argv, "bridge")
    if not rest:
        raise CmdError(255, BRIDGE_USAGE)
    obj = next((c for c in ("link", "fdb", "mdb", "vlan", "vni", "monitor", "help")
                if matches(rest[0], c)), None)
    if obj is None:
        raise CmdError(255, f'Object "{rest[0]}" is unknown, try "bridge help".\n')
    if obj == "help":
        raise CmdError(255, BRIDGE_USAGE)
    env = Env(ctx.backend, o.ns_name if o.ns_name is not None else ctx.default_ns, "bridge")
    ns = env.space
    a = rest[1:]
    sub = a[0] if a else "show"
    if obj == "link" and any(matches(sub, x) for x in ("set", "change")):
        return env.apply(L.parse_bridge_link_set(a[1:], env.ns, env.chk))
    verb = next((v for v in ("add", "append", "replace", "delete") if matches(sub, v)), None)
    if obj == "fdb" and verb is not None:          # do_fdb(): matches() in this order
        return env.apply(R.parse_fdb_modify("del" if verb == "delete" else verb, a[1:],
                                            env.ns, env.chk))
    if obj == "link" and any(matches(sub, x) for x in ("show", "list", "lst")):
        devs = sorted((d for d in ns.devices.values() if d.master is not None),
                      key=lambda d: d.ifindex)
        i = 1
        while i < len(a):
            if a[i] == "dev":
                i += 1
                env.chk.dev(env.ns, P.need(a, i))       # bridge reads a link dump first
                d = ns.by_name[a[i]]
                devs = [x for x in devs if x is d]
            i += 1
        return (show.dumps(show.bridge_link_objs(ns, devs)) if o.json
                else show.bridge_link_text(ns, devs))
    if obj == "fdb" and any(matches(sub, x) for x in ("show", "list", "lst")):
        # fdb_show(): br and dev/brport (the last one given counts), unknown words ignored
        br_name = port_name = None
        i = 1
        while i < len(a):
            if a[i] in ("br", "dev", "brport"):
                i += 1
                v = P.need(a, i)
                if a[i - 1] == "br":
                    br_name = v
                else:
                    port_name = v
            elif a[i] in ("vlan", "state", "dynamic"):
                raise CmdError(2, f"netsim: not supported yet: bridge fdb show {a[i]}\n")
            i += 1
        if br_name is not None and br_name not in ns.by_name:
            raise CmdError(255, f'Cannot find bridge device "{br_name}"\n')
        if port_name is not None:
            env.chk.dev(env.ns, port_name)
        br = ns.by_name.get(br_name) if br_name is not None else None
        port = ns.by_name.get(port_name) if port_name is not None else None
        if o.json:
            return show.dumps(show.bridge_fdb_objs(ns, br, port))
        return show.bridge_fdb_text(ns, br, port)
    if obj == "fdb" and not any(matches(sub, x) for x in ("add", "append", "replace", "delete",
                                                            "get", "flush", "help")):
        raise CmdError(255, f'Command "{sub}" is unknown, try "bridge fdb help".\n')
    raise CmdError(2, f"netsim: not supported yet: bridge {obj} {sub}\n")
