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
from . import parse_route as R
from . import parser as P
from ._util import CmdError, matches, rtnl_error

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
        raise CmdError(255, "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n")
    obj = next((c for c in OBJECTS if matches(rest[0], c)), None)
    if obj is None:
        raise CmdError(1, f'Object "{rest[0]}" is unknown, try "ip help".\n')
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
        return env.apply(P.parse_link_add(a, env.ns, env.chk))
    if cmd == "set":
        return env.apply(P.parse_link_set(a, env.ns, env.chk))
    if cmd == "delete":
        return env.apply(P.parse_link_del(a, env.ns, env.chk))
    if cmd == "show":
        ns = env.space
        devs = list(ns.devices.values())
        i = 0
        while i < len(a):
            if a[i] == "dev":
                i += 1
            if a[i] in ("up",):
                devs = [d for d in devs if d.admin_up]
            elif a[i] == "master":
                i += 1
                br = env.dev(P.need(a, i))
                devs = [d for d in devs if d.master is br]
            elif a[i] == "type":
                i += 1
                devs = [d for d in devs if d.kind == P.need(a, i)]
            else:
                devs = [_shown_dev(env, a[i])]
            i += 1
        devs.sort(key=lambda d: d.ifindex)
        return show.dumps(show.link_objs(ns, devs)) if o.json else show.link_text(ns, devs)
    raise CmdError(2, f"netsim: not supported yet: ip link {cmd}\n")


def _shown_dev(env: Env, name: str):
    """The device a show names; ipaddr_list_flush_or_save() words it its own way (rc 1)."""
    dev = env.space.by_name.get(name)
    if dev is None:
        raise CmdError(1, f'Device "{name}" does not exist.\n')
    env.getlink(name)
    return dev


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
        req = P.parse_addr_modify(cmd, a, env.ns, env.chk)
        env.apply(req)
        if cmd == "delete" and req.prefixlen is None:
            # ip's own warning: status 0, only stderr (iproute2 6.1 ipaddr_modify)
            raise CmdError(0, _WILDCARD_WARNING.format(req.local))
        return ""
    if cmd == "flush":
        return env.apply(P.parse_addr_flush(a, env.ns, env.chk))
    if cmd == "show":
        ns = env.space
        devs = sorted(ns.devices.values(), key=lambda d: d.ifindex)
        filt: dict = {}                  # applied while printing, as print_linkinfo does
        i = 0
        while i < len(a):
            t = a[i]
            if t == "dev" or t not in ("up", "scope", "label", "to", "master", "type"):
                if t == "dev":
                    i += 1
                devs = [_shown_dev(env, P.need(a, i))]
            elif t == "up":
                filt["up"] = True
            else:
                i += 1
                filt[t] = P.need(a, i)
                if t == "master":
                    env.getlink(a[i])
                if t == "to":
                    dst, plen = P._prefix_or_die(a[i])
                    filt["to"] = (int(dst), plen)
            i += 1
        if o.family4:
            devs = [d for d in devs if d.addrs]
        if o.json:
            return show.dumps(show.addr_objs(ns, devs, o.family4, filt))
        return show.addr_text(ns, devs, o.family4, filt)
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
        sel = R.parse_route_select(a, env.ns, env.chk)
        if sel.table is not None and sel.table not in env.space.tables:
            # the dump that show and flush start with fails
            raise CmdError(2, "Error: ipv4: FIB table does not exist.\nDump terminated\n",
                           stdout="[" if o.json and cmd == "show" else "")
        if cmd == "flush":
            if sel.cache:
                raise CmdError(2, "netsim: not supported yet: ip route flush cache\n")
            return env.apply(sel)
        if sel.cache:
            return route_show_cache(env, o, sel)
        return route_show(env, o, sel)
    if cmd == "get":
        return route_get(env, o, R.parse_route_get(a, env.ns, env.chk))
    raise CmdError(2, f"netsim: not supported yet: ip route {cmd}\n")


def route_show(env: Env, o, sel):
    ns = env.space
    # table all: the dump walks the table hash (id & 255) in order
    tables = ([ns.tables[sel.table]] if sel.table is not None
              else sorted(ns.tables.values(), key=lambda t: t.id & 255))
    dev = env.dev(sel.dev) if sel.dev is not None else None
    routes = []
    for t in tables:
        for r in t.routes():
            if sel.dst is not None and not (r.plen == sel.plen and r.dst == int(sel.dst)):
                continue
            if dev is not None and r.dev is not dev:
                continue
            if (sel.proto is not None and r.proto != sel.proto) or \
                    (sel.scope is not None and r.scope != sel.scope):
                continue
            routes.append(r)
    # a field the selector fixes is not printed (iproute2's filter.*mask)
    hide = [k for k, v in (("dev", sel.dev), ("protocol", sel.proto), ("scope", sel.scope))
            if v is not None]
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
    if o.json:
        out = show.dumps([show.route_get_obj(ns, q.dst, dec, q.src, iif)])
    else:
        out = show.route_get_text(ns, q.dst, dec, q.src, iif)
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
    raise CmdError(2, f"netsim: not supported yet: ip rule {cmd}\n")


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
    raise CmdError(2, f"netsim: not supported yet: ip neigh {cmd}\n")


# ============================================================================ bridge
def bridge_main(ctx, argv):
    o, rest = _global_opts(argv, "bridge")
    if not rest:
        raise CmdError(255, "Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n")
    obj = next((c for c in ("link", "fdb", "mdb", "vlan", "vni", "monitor")
                if matches(rest[0], c)), None)
    if obj is None:
        raise CmdError(255, f'Object "{rest[0]}" is unknown, try "bridge help".\n')
    env = Env(ctx.backend, o.ns_name if o.ns_name is not None else ctx.default_ns, "bridge")
    ns = env.space
    a = rest[1:]
    sub = a[0] if a else "show"
    if obj == "link" and any(matches(sub, x) for x in ("set", "change")):
        return env.apply(P.parse_bridge_link_set(a[1:], env.ns, env.chk))
    if obj == "fdb" and sub in ("add", "del", "delete"):
        return env.apply(R.parse_fdb_modify("add" if sub == "add" else "del", a[1:], env.ns,
                                            env.chk))
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
        br = None
        i = 1
        while i < len(a):
            if a[i] == "br":
                i += 1
                env.chk.dev(env.ns, P.need(a, i), "bridge device")
                br = ns.by_name[a[i]]
            elif a[i] in ("dev", "brport"):
                i += 1
            i += 1
        bridges = [br] if br is not None else [d for d in ns.devices.values()
                                               if isinstance(d, Bridge)]
        if o.json:
            objs = []
            for b in bridges:
                objs.extend(show.bridge_fdb_objs(ns, b))
            return show.dumps(objs)
        return "".join(show.bridge_fdb_text(ns, b) for b in bridges)
    raise CmdError(2, f"netsim: not supported yet: bridge {obj} {sub}\n")
