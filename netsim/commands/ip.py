"""The ``ip`` and ``bridge`` commands (iproute2 6.1) on the simulated kernel.

Parses a command line as iproute2 does (its keyword abbreviations included: ``ip a``, ``ip r``,
``link sho``, ``addr ad``) and turns it into calls on the kernel model (``netsim.kernel.*``);
output comes from :mod:`netsim.commands.show`.  Errors carry the exact text and exit status of
the real tools: 1 for iproute2's own checks (``Cannot find device "x"``), 2 for the kernel's
refusals (``RTNETLINK answers: File exists``, ``Error: Nexthop has invalid gateway.``), 255 for
usage errors.
"""
from __future__ import annotations

import errno
import re
from ipaddress import IPv4Address

from ..errors import NetsimError
from ..kernel import devinet, fib, neighbour
from ..kernel import rtnetlink as rl
from ..kernel_model import (NUD, RT_TABLE_LOCAL, RT_TABLE_MAIN, SCOPE_HOST, SCOPE_LINK,
                            SCOPE_NOWHERE, SCOPE_UNIVERSE, Bridge, FibRule, Route)
from ._util import MAC_RE, CmdError, matches, parse_addr, parse_prefix, rtnl_error

__all__ = ["ip_main", "bridge_main"]


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
SCOPES = {"global": 0, "universe": 0, "site": 200, "link": 253, "host": 254, "nowhere": 255}
TABLES = {"local": 255, "main": 254, "default": 253}
ROUTE_TYPES = ("unicast", "local", "broadcast", "multicast", "blackhole", "unreachable",
               "prohibit", "throw", "nat", "anycast")
NUD_ARG = {"permanent": NUD.PERMANENT, "reachable": NUD.REACHABLE, "stale": NUD.STALE,
           "noarp": NUD.NOARP, "delay": NUD.DELAY, "probe": NUD.PROBE, "failed": NUD.FAILED,
           "incomplete": NUD.INCOMPLETE, "none": NUD.NONE}


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


def _ns(ctx, o: Opts):
    name = o.ns_name if o.ns_name is not None else ctx.default_ns
    ns = ctx.kernel.namespaces.get(name)
    if ns is None:
        raise CmdError(255, f'Cannot open network namespace "{name}": No such file or directory\n')
    return ns


def _dev(ns, name: str):
    dev = ns.by_name.get(name)
    if dev is None:
        raise CmdError(1, f'Cannot find device "{name}"\n')
    return dev


def _need(argv, i, what="argument"):
    if i >= len(argv):
        raise CmdError(255, "Command line is not complete. Try option \"help\"\n")
    return argv[i]


def _invarg(msg: str, arg: str) -> CmdError:
    return CmdError(255, f'Error: argument "{arg}" is wrong: {msg}\n')


def _prefix_or_die(s: str) -> tuple[int, int]:
    p = parse_prefix(s)
    if p is None:
        raise CmdError(1, f'Error: any valid prefix is expected rather than "{s}".\n')
    return p


def _addr_or_die(s: str, what: str = "inet address") -> IPv4Address:
    a = parse_addr(s)
    if a is None:
        raise CmdError(1, f'Error: {what} is expected rather than "{s}".\n')
    return a


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
    ns = _ns(ctx, o)
    return handler(ctx, ns, o, rest[1:])


def _sub(args: list[str], table: list[tuple[str, ...]], obj: str, default: str = "show") -> str:
    if not args:
        return default
    for names in table:
        if any(matches(args[0], n) for n in names):
            return names[0]
    raise CmdError(255, f'Command "{args[0]}" is unknown, try "ip {obj} help".\n')


# ============================================================================ ip link
def do_link(ctx, ns, o, args):
    cmd = _sub(args, [("add",), ("set", "change"), ("replace",), ("delete",),
                      ("show", "lst", "list"), ("help",)], "link")
    a = args[1:]
    if cmd == "add":
        return link_add(ctx, ns, a)
    if cmd == "set":
        return link_set(ctx, ns, a)
    if cmd == "delete":
        name = None
        i = 0
        while i < len(a):
            if a[i] == "dev":
                i += 1
            name = a[i] if i < len(a) else None
            i += 1
        if name is None:
            raise CmdError(255, "Not enough information: \"dev\" argument is required.\n")
        dev = _dev(ns, name)
        try:
            rl.link_del(ns, dev)
        except NetsimError as e:
            raise rtnl_error(e)
        return ""
    if cmd == "show":
        devs = list(ns.devices.values())
        i = 0
        while i < len(a):
            if a[i] == "dev":
                i += 1
            if a[i] in ("up",):
                devs = [d for d in devs if d.admin_up]
            elif a[i] == "master":
                i += 1
                br = _dev(ns, _need(a, i))
                devs = [d for d in devs if d.master is br]
            elif a[i] == "type":
                i += 1
                devs = [d for d in devs if d.kind == _need(a, i)]
            else:
                if a[i] not in ns.by_name:
                    raise CmdError(1, f'Device "{a[i]}" does not exist.\n')
                devs = [_dev(ns, a[i])]
            i += 1
        devs.sort(key=lambda d: d.ifindex)
        return show.dumps(show.link_objs(ns, devs)) if o.json else show.link_text(ns, devs)
    raise CmdError(2, f"netsim: not supported yet: ip link {cmd}\n")


def link_add(ctx, ns, a):
    name = kind = mac = link = None
    opts: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        if t == "name":
            i += 1
            name = _need(a, i)
        elif t == "address":
            i += 1
            mac = _mac_or_die(_need(a, i))
        elif t == "link":
            i += 1
            link = _need(a, i)
        elif t == "mtu":
            i += 1
            if not _need(a, i).isdigit():
                raise _invarg('Invalid "mtu" value\n', a[i])
            opts["mtu"] = int(a[i])
        elif t == "type":
            i += 1
            kind = _need(a, i)
            opts.update(_type_args(ctx, ns, kind, a[i + 1:]))
            break
        elif t in ("txqueuelen", "qlen", "numtxqueues", "numrxqueues"):
            i += 1
        else:
            if name is not None:
                raise CmdError(255, f'Error: either "dev" is duplicate, or "{t}" is a garbage.\n')
            name = t
        i += 1
    if kind is None:
        raise CmdError(1, "Not enough information: \"type\" argument is required\n")
    try:
        if kind == "veth":
            # unnamed ends get "veth%d" from the kernel, the peer (registered first) first
            peer_ns = opts.get("peer_ns") or ns
            peer = opts.get("peer") or _auto_name(peer_ns, "veth")
            if name is None:
                name = _auto_name(ns, "veth", taken=peer if peer_ns is ns else None)
            d, p = rl.veth_add(ns, name, peer, peer_ns, mac, opts.get("peer_mac"))
            dev = d
        elif kind in ("bridge", "dummy", "vxlan", "macvlan"):
            if kind == "macvlan":
                if link is None:
                    raise CmdError(2, "RTNETLINK answers: Invalid argument\n")
                opts["lower"] = _dev(ns, link)
            dev = rl.link_add(ns, kind, name or _auto_name(ns, kind), mac, **opts)
        else:
            if name is not None and not rl.valid_ifname(name):
                raise CmdError(2, "Error: Attribute failed policy validation.\n")
            raise CmdError(2, "Error: Unknown device type.\n")
    except NetsimError as e:
        raise rtnl_error(e)
    if "mtu" in opts:
        dev.mtu = opts["mtu"]
    return ""


def _auto_name(ns, prefix, taken=None):
    """dev_alloc_name("PREFIX%d"): the lowest free number."""
    i = 0
    while f"{prefix}{i}" in ns.by_name or f"{prefix}{i}" == taken:
        i += 1
    return f"{prefix}{i}"


def _mac_or_die(s: str, bad_len: CmdError | None = None) -> str:
    """ll_addr_a2n(): each ':' field is read by sscanf("%x") (so "0g" reads as 0); a field
    that does not start with a hex digit is named.  A length other than 6 raises ``bad_len``
    (the caller's check), or names the whole string."""
    octets = []
    for part in s.split(":"):
        m = _HEX_FIELD.match(part)
        if m is None or int(m.group(1), 16) > 255:
            raise CmdError(1, f'"{part}" is invalid lladdr.\n')
        octets.append(int(m.group(1), 16))
    if len(octets) != 6:
        raise bad_len or CmdError(1, f'"{s}" is invalid lladdr.\n')
    return ":".join(f"{x:02x}" for x in octets)


_HEX_FIELD = re.compile(r"\s*(?:0[xX])?([0-9a-fA-F]+)")


def _type_args(ctx, ns, kind, a) -> dict:
    opts: dict = {}
    i = 0
    if kind == "veth":
        while i < len(a):
            t = a[i]
            if t == "peer":
                pass
            elif t == "name":
                i += 1
                peer = _need(a, i)
                if not rl.valid_ifname(peer):
                    raise _invarg('"name" not a valid ifname', peer)
                opts["peer"] = peer
            elif t == "netns":
                i += 1
                opts["peer_ns"] = ctx.ns_arg(_need(a, i))
            elif t == "address":
                i += 1
                opts["peer_mac"] = _mac_or_die(_need(a, i))
            else:
                if "peer" not in opts:
                    if not rl.valid_ifname(t):
                        raise _invarg('"name" not a valid ifname', t)
                    opts["peer"] = t
            i += 1
    elif kind == "vxlan":
        while i < len(a):
            t = a[i]
            if t in ("id", "vni"):
                i += 1
                if not _need(a, i).isdigit():
                    raise _invarg("invalid id", a[i])
                opts["vni"] = int(a[i])
            elif t == "local":
                i += 1
                opts["local"] = _addr_or_die(_need(a, i), "any valid address")
            elif t in ("remote", "group"):
                i += 1
                opts["remote"] = _addr_or_die(_need(a, i))
            elif t == "dstport":
                i += 1
                opts["dstport"] = int(_need(a, i))
            elif t == "dev":
                i += 1
                lower = ns.by_name.get(_need(a, i))
                if lower is None:
                    raise CmdError(255, f'Cannot find device "{a[i]}"\n')
                opts["lower"] = lower
            i += 1
    elif kind == "macvlan":
        while i < len(a):
            if a[i] == "mode":
                i += 1
                opts["mode"] = _need(a, i)
                if a[i] not in ("private", "vepa", "bridge", "passthru", "source"):
                    raise CmdError(1, 'Error: argument of "mode" must be "private", "vepa", '
                                      f'"bridge", "passthru" or "source", not "{a[i]}"\n')
            i += 1
    return opts


def link_set(ctx, ns, a):
    if not a:
        raise CmdError(255, "Not enough information: \"dev\" argument is required.\n")
    i = 0
    if a[0] == "dev":
        i = 1
    name = _need(a, i)
    i += 1
    actions = []
    while i < len(a):
        t = a[i]
        if t in ("up", "down", "nomaster"):
            actions.append((t, None))
        elif t in ("master", "netns", "name", "address", "mtu", "alias", "txqueuelen"):
            i += 1
            v = _need(a, i)
            if t == "netns":
                if v not in ctx.kernel.namespaces and not v.isdigit():
                    raise CmdError(255, f'Error: argument "{v}" is wrong: Invalid "netns" value\n\n')
                actions.append((t, ctx.ns_arg(v)))
            elif t == "address":
                actions.append((t, _mac_or_die(v, CmdError(
                    1, f"Invalid address length {len(v.split(':'))} - must be 6 bytes\n"))))
            elif t == "name" and not rl.valid_ifname(v):
                raise _invarg('"name" not a valid ifname', v)
            elif t == "master" and v not in ns.by_name:
                raise CmdError(255, f'Error: argument "{v}" is wrong: Device does not exist\n\n')
            elif t == "mtu":
                if not v.isdigit():
                    raise _invarg('Invalid "mtu" value\n', v)
                actions.append((t, int(v)))
            else:
                actions.append((t, v))
        elif t in ("arp", "multicast", "promisc", "allmulticast", "dynamic", "trailers",
                   "learning", "hairpin"):
            i += 1
            actions.append((t, _need(a, i)))
        else:
            raise CmdError(255, f'Error: either "dev" is duplicate, or "{t}" is a garbage.\n')
        i += 1
    dev = _dev(ns, name)
    try:
        # the kernel applies attributes in do_setlink()'s order: netns, address/mtu, master, name, flags
        order = {"netns": 0, "address": 1, "mtu": 1, "master": 2, "nomaster": 2, "name": 3,
                 "up": 4, "down": 4}
        for act, v in sorted(actions, key=lambda x: order.get(x[0], 5)):
            if act == "netns":
                rl.link_set_netns(dev, v)
            elif act == "address":
                rl.link_set_address(dev, v)
            elif act == "mtu":
                rl.link_set_mtu(dev, v)
            elif act == "master":
                rl.link_set_master(dev, _dev(dev.ns, v))
            elif act == "nomaster":
                rl.link_set_nomaster(dev)
            elif act == "name":
                rl.link_rename(dev, v)
            elif act == "up":
                rl.link_set_up(dev)
            elif act == "down":
                rl.link_set_down(dev)
            elif act == "hairpin" and dev.port is not None:
                dev.port.hairpin = v == "on"
            elif act == "learning" and dev.port is not None:
                dev.port.learning = v == "on"
    except NetsimError as e:
        raise rtnl_error(e)
    return ""


# ============================================================================ ip addr
def do_addr(ctx, ns, o, args):
    cmd = _sub(args, [("add",), ("change",), ("replace",), ("delete",),
                      ("show", "list", "lst"), ("flush",), ("help",)], "address")
    a = args[1:]
    if cmd in ("add", "change", "replace", "delete"):
        local = dev = brd = scope = label = None
        noprefixroute = False
        i = 0
        while i < len(a):
            t = a[i]
            if t == "dev":
                i += 1
                dev = _need(a, i)
            elif t in ("brd", "broadcast"):
                i += 1
                brd = _need(a, i)
            elif t == "scope":
                i += 1
                scope = SCOPES.get(_need(a, i), int(a[i]) if a[i].isdigit() else None)
                if scope is None:
                    raise _invarg("invalid scope value.", a[i])
            elif t == "label":
                i += 1
                label = _need(a, i)
            elif t == "noprefixroute":
                noprefixroute = True
            elif t in ("local",):
                i += 1
                local = _need(a, i)
            elif t in ("valid_lft", "preferred_lft", "metric"):
                i += 1
            else:
                local = t
            i += 1
        if local is None:
            if dev is None:
                raise CmdError(1, "Not enough information: \"dev\" argument is required.\n")
            _dev(ns, dev)
            if cmd != "delete":     # no IFA_LOCAL: the kernel refuses the request
                raise CmdError(2, "RTNETLINK answers: Operation not supported\n")
            raise CmdError(255, "Not enough information: \"dev\" argument is required.\n")
        pfx = parse_prefix(local, allow_default=False)
        if pfx is None:
            raise CmdError(1, f'Error: any valid prefix is expected rather than "{local}".\n')
        if dev is None:
            raise CmdError(1, "Not enough information: \"dev\" argument is required.\n")
        d = _dev(ns, dev)
        addr = IPv4Address(pfx[0])
        broadcast = None
        if brd == "+":
            broadcast = IPv4Address(pfx[0] | (0xFFFFFFFF >> pfx[1]) if pfx[1] < 31 else pfx[0])
        elif brd is not None:
            broadcast = _addr_or_die(brd)
        try:
            if cmd == "delete":
                devinet.addr_del(ns, d, addr, pfx[1] if "/" in local else None)
                if "/" not in local:
                    warning = ("Warning: Executing wildcard deletion to stay compatible with "
                                "old scripts.\n         Explicitly specify the prefix length "
                                f"({local}/32) to avoid this warning.\n         This special "
                                "behaviour is likely to disappear in further releases,\n"
                                "         fix your scripts!\n")
                    raise CmdError(0, warning)   # status 0: only a warning on stderr
            else:
                devinet.addr_add(ns, d, addr, pfx[1], broadcast=broadcast, scope=scope,
                                 label=label, noprefixroute=noprefixroute,
                                 replace=cmd != "add")
        except NetsimError as e:
            raise rtnl_error(e)
        return ""
    if cmd == "show":
        devs = sorted(ns.devices.values(), key=lambda d: d.ifindex)
        filt: dict = {}                  # applied while printing, as print_linkinfo does
        i = 0
        while i < len(a):
            t = a[i]
            if t == "dev" or t not in ("up", "scope", "label", "to", "master", "type"):
                if t == "dev":
                    i += 1
                name = _need(a, i)
                if name not in ns.by_name:      # ipaddr_list_flush_or_save()
                    raise CmdError(1, f'Device "{name}" does not exist.\n')
                devs = [ns.by_name[name]]
            elif t == "up":
                filt["up"] = True
            else:
                i += 1
                filt[t] = _need(a, i)
                if t == "to":
                    filt["to"] = _prefix_or_die(a[i])
            i += 1
        if o.family4:
            devs = [d for d in devs if d.addrs]
        if o.json:
            return show.dumps(show.addr_objs(ns, devs, o.family4, filt))
        return show.addr_text(ns, devs, o.family4, filt)
    if cmd == "flush":
        i = 0
        while i < len(a):
            if a[i] == "dev":
                i += 1
            d = _dev(ns, _need(a, i))
            for ifa in [x for x in d.addrs if not x.secondary]:
                if ifa in d.addrs:
                    devinet.addr_del(ns, d, ifa.local, ifa.prefixlen)
            i += 1
        return ""
    raise CmdError(2, f"netsim: not supported yet: ip address {cmd}\n")


# ============================================================================ ip route
def _parse_route(ctx, ns, a, cmd):
    r = dict(type=None, dst=None, via=None, dev=None, src=None, metric=None, table=None,
             scope=None, proto=None, onlink=False, tos=0)
    i = 0
    while i < len(a):
        t = a[i]
        if t == "via":
            i += 1
            v = _need(a, i)
            if v == "inet":
                i += 1
                v = _need(a, i)
            r["via"] = _addr_or_die(v)
        elif t in ("dev", "oif"):
            i += 1
            r["dev"] = _need(a, i)
        elif t == "src":
            i += 1
            r["src"] = _addr_or_die(_need(a, i))
        elif t in ("metric", "priority", "preference"):
            i += 1
            v = _need(a, i)
            if not v.isdigit():
                raise _invarg('"metric" value is invalid', v)
            r["metric"] = int(v)
        elif t in ("table", "lookup"):
            i += 1
            v = _need(a, i)
            r["table"] = TABLES.get(v, int(v) if v.isdigit() else None)
            if r["table"] is None:
                raise _invarg('"table" value is invalid', v)
        elif t == "scope":
            i += 1
            r["scope"] = SCOPES.get(_need(a, i), int(a[i]) if a[i].isdigit() else None)
            if r["scope"] is None:
                raise _invarg('invalid "scope" value\n', a[i])
        elif t in ("proto", "protocol"):
            i += 1
            r["proto"] = _need(a, i)
        elif t == "onlink":
            r["onlink"] = True
        elif t in ("tos", "dsfield"):
            i += 1
            r["tos"] = int(_need(a, i), 0)
        elif t in ROUTE_TYPES and r["dst"] is None and r["type"] is None:
            r["type"] = t
        elif t == "to":
            i += 1
            r["dst"] = _prefix_or_die(_need(a, i))
        elif t in ("mtu", "advmss", "weight", "realm", "realms", "expires", "initcwnd"):
            i += 1
        else:
            if r["dst"] is not None:
                raise CmdError(255, f'Error: either "to" is duplicate, or "{t}" is a garbage.\n')
            r["dst"] = _prefix_or_die(t)
        i += 1
    return r


def do_route(ctx, ns, o, args):
    cmd = _sub(args, [("add",), ("change",), ("replace",), ("prepend",), ("append",),
                      ("test",), ("delete",), ("show", "list", "lst"), ("flush",),
                      ("get",), ("save",), ("restore",), ("showdump",), ("help",)], "route",
               default="show")
    a = args[1:]
    if cmd in ("add", "change", "replace", "prepend", "append"):
        return route_modify(ctx, ns, a, cmd)
    if cmd == "delete":
        r = _parse_route(ctx, ns, a, cmd)
        if r["dst"] is None:
            from .usage import ROUTE_USAGE
            raise CmdError(255, ROUTE_USAGE)
        dev = _dev(ns, r["dev"]) if r["dev"] else None
        try:
            fib.route_del(ns, r["dst"][0], r["dst"][1], r["table"] or RT_TABLE_MAIN,
                          type=r["type"], dev=dev, gateway=r["via"], metric=r["metric"],
                          prefsrc=r["src"], scope=r["scope"] if r["scope"] is not None
                          else SCOPE_NOWHERE, proto=r["proto"])
        except NetsimError as e:
            raise rtnl_error(e)
        return ""
    if cmd in ("show", "flush"):
        return route_show(ctx, ns, o, a, flush=(cmd == "flush"))
    if cmd == "get":
        return route_get(ctx, ns, o, a)
    raise CmdError(2, f"netsim: not supported yet: ip route {cmd}\n")


def route_modify(ctx, ns, a, cmd):
    r = _parse_route(ctx, ns, a, cmd)
    if r["dst"] is None:
        from .usage import ROUTE_USAGE
        raise CmdError(255, ROUTE_USAGE)
    dev = _dev(ns, r["dev"]) if r["dev"] else None
    rtype = r["type"] or "unicast"
    scope = r["scope"]
    if scope is None:
        if rtype in ("local", "nat"):
            scope = SCOPE_HOST
        elif rtype in ("broadcast", "multicast", "anycast"):
            scope = SCOPE_LINK
        elif rtype == "unicast" and r["via"] is None:
            scope = SCOPE_LINK
        else:
            scope = SCOPE_UNIVERSE
    table = r["table"] or (RT_TABLE_LOCAL if rtype in ("local", "broadcast", "nat", "anycast")
                           else RT_TABLE_MAIN)
    if rtype == "unicast" and dev is None and r["via"] is None:
        raise CmdError(2, "RTNETLINK answers: No such device\n")
    route = Route(r["dst"][0], r["dst"][1], table, rtype, dev, r["via"], r["metric"] or 0,
                  r["src"], scope, r["proto"] or "boot", r["onlink"], r["tos"])
    try:
        fib.route_add(ns, route, mode={"prepend": "add"}.get(cmd, cmd) if cmd != "prepend"
                      else "prepend")
    except NetsimError as e:
        raise rtnl_error(e)
    return ""


def route_show(ctx, ns, o, a, flush=False):
    table_id = RT_TABLE_MAIN
    sel = dev = proto = scope = None
    i = 0
    while i < len(a):
        t = a[i]
        if t in ("table", "tab"):
            i += 1
            v = _need(a, i)
            if v == "all":
                table_id = None
            elif v not in TABLES and not v.isdigit():
                raise _invarg("table id value is invalid\n", v)
            else:
                table_id = TABLES.get(v, int(v) if v.isdigit() else None)
        elif t in ("dev", "oif"):
            i += 1
            dev = _dev(ns, _need(a, i))
        elif t in ("exact", "to", "root", "match"):
            pass
        elif t in ("proto", "protocol"):
            i += 1
            proto = {"2": "kernel", "3": "boot", "4": "static"}.get(_need(a, i), a[i])
        elif t == "scope":
            i += 1
            scope = SCOPES.get(_need(a, i), int(a[i]) if a[i].isdigit() else None)
        elif t in ("type", "via", "src"):
            i += 1
        else:
            sel = _prefix_or_die(t)
        i += 1
    if table_id is not None and table_id not in ns.tables:
        if o.json:
            raise CmdError(2, "Error: ipv4: FIB table does not exist.\nDump terminated\n",
                           stdout="[")
        raise CmdError(2, "Error: ipv4: FIB table does not exist.\nDump terminated\n")
    # table all: the dump walks the table hash (id & 255) in order
    tables = ([ns.tables[table_id]] if table_id is not None
              else sorted(ns.tables.values(), key=lambda t: t.id & 255))
    routes = []
    for t in tables:
        for r in t.routes():
            if sel is not None and not (r.plen == sel[1] and r.dst == sel[0]):
                continue
            if dev is not None and r.dev is not dev:
                continue
            if (proto is not None and r.proto != proto) or (scope is not None and
                                                            r.scope != scope):
                continue
            routes.append(r)
    if flush:
        for r in routes:
            ns.tables[r.table].remove(r)
        return ""
    hide = [k for k, v in (("dev", dev), ("protocol", proto), ("scope", scope)) if v is not None]
    if o.json:
        return show.dumps(show.route_objs(ns, routes, table_id, hide))
    return show.route_text(ns, routes, table_id, hide)


def route_get(ctx, ns, o, a):
    dst = src = iif = oif = None
    i = 0
    while i < len(a):
        t = a[i]
        if t == "from":
            i += 1
            src = _addr_or_die(_need(a, i).split("/")[0], "inet prefix")
        elif t == "iif":
            i += 1
            iif = _dev(ns, _need(a, i))
        elif t in ("oif", "dev"):
            i += 1
            oif = _dev(ns, _need(a, i))
        elif t in ("to",):
            pass
        elif t in ("mark", "tos", "dsfield", "uid", "ipproto", "sport", "dport", "vrf"):
            i += 1
        elif t in ("connected", "fibmatch"):
            pass
        else:
            p = parse_prefix(t, allow_default=False)
            if p is None:
                raise CmdError(1, f'Error: any valid prefix is expected rather than "{t}".\n')
            dst = IPv4Address(p[0])
        i += 1
    if dst is None:
        raise CmdError(1, "need at least a destination address\n")
    if iif is not None:
        dec = fib.route_input(ns, dst, src or IPv4Address(0), iif)
    else:
        dec = fib.route_output(ns, dst, src, oif)
    if dec.error:
        import os
        raise CmdError(2, f"RTNETLINK answers: {os.strerror(dec.error)}\n")
    if o.json:
        return show.dumps([show.route_get_obj(ns, dst, dec, src, iif)])
    return show.route_get_text(ns, dst, dec, src, iif)


# ============================================================================ ip rule
def do_rule(ctx, ns, o, args):
    cmd = _sub(args, [("add",), ("delete",), ("show", "list", "lst"), ("flush",), ("help",)],
               "rule")
    a = args[1:]
    if cmd == "show":
        return show.dumps(show.rule_objs(ns)) if o.json else show.rule_text(ns)
    if cmd in ("add", "delete"):
        rule = FibRule(0, RT_TABLE_MAIN if cmd == "add" else 0)
        prio_given = False
        i = 0
        while i < len(a):
            t = a[i]
            if t == "from":
                i += 1
                p = _prefix_or_die(_need(a, i))
                rule.src, rule.src_len = p
            elif t == "to":
                i += 1
                p = _prefix_or_die(_need(a, i))
                rule.dst, rule.dst_len = p
            elif t in ("table", "lookup"):
                i += 1
                v = _need(a, i)
                if v not in TABLES and not v.isdigit():
                    raise _invarg("invalid table ID\n", v)
                rule.table = TABLES.get(v, int(v) if v.isdigit() else 0)
            elif t in ("priority", "pref", "preference", "prio"):
                i += 1
                if not _need(a, i).isdigit():
                    raise _invarg("preference value is invalid\n", a[i])
                rule.priority = int(a[i])
                prio_given = True
            elif t in ("iif", "dev"):
                i += 1
                rule.iif = _need(a, i)
            elif t == "oif":
                i += 1
                rule.oif = _need(a, i)
            elif t == "not":
                rule.not_ = True
            elif t in ("blackhole", "unreachable", "prohibit"):
                rule.action = t
            i += 1
        try:
            if cmd == "add":
                fib.rule_add(ns, rule, prio_given)
            else:
                fib.rule_del(ns, rule, prio_given)
        except NetsimError as e:
            raise rtnl_error(e)
        return ""
    raise CmdError(2, f"netsim: not supported yet: ip rule {cmd}\n")


# ============================================================================ ip neigh
def do_neigh(ctx, ns, o, args):
    cmd = _sub(args, [("add",), ("change", "chg"), ("replace",), ("delete",),
                      ("show", "list", "lst"), ("flush",), ("get",), ("help",)], "neigh")
    a = args[1:]
    if cmd in ("add", "change", "replace", "delete"):
        addr = dev = lladdr = None
        state = NUD.PERMANENT
        i = 0
        while i < len(a):
            t = a[i]
            if t == "lladdr":
                i += 1
                lladdr = _need(a, i)           # converted after the loop, as ipneigh_modify does
            elif t == "nud":
                i += 1
                v = _need(a, i)
                if v not in NUD_ARG:
                    raise _invarg('nud state is bad', v)
                state = NUD_ARG[v]
            elif t == "dev":
                i += 1
                dev = _need(a, i)
            elif t in ("proxy", "router", "extern_learn", "use", "managed"):
                pass
            else:
                if t == "to":
                    i += 1
                    t = _need(a, i)
                if addr is not None:
                    raise CmdError(255, f'Error: either "to" is duplicate, or "{t}" is a garbage.\n')
                addr = _addr_or_die(t, "inet address" if o.family4 else "any valid address")
            i += 1
        if lladdr is not None:
            lladdr = _mac_or_die(lladdr, CmdError(2, "Error: Invalid link address.\n"))
        if dev is None:
            raise CmdError(255, "Device and destination are required arguments.\n")
        d = _dev(ns, dev)
        n = neighbour.neigh_lookup(ns, d, addr)
        if cmd == "delete":
            if n is None or n.state == NUD.NONE:
                raise CmdError(2, "RTNETLINK answers: No such file or directory\n")
            neighbour.neigh_remove(ns, n)
            return ""
        if cmd == "add" and n is not None and n.state != NUD.NONE:
            raise CmdError(2, "RTNETLINK answers: File exists\n")
        if cmd == "change" and (n is None or n.state == NUD.NONE):
            raise CmdError(2, "RTNETLINK answers: No such file or directory\n")
        n = neighbour.neigh_create(ns, d, addr)
        neighbour.neigh_update(n, lladdr, state, override=True, admin=True)
        return ""
    if cmd in ("show", "flush"):
        if cmd == "flush" and not a:
            raise CmdError(1, "Flush requires arguments.\n")
        dev = pfx = nud = None
        i = 0
        while i < len(a):
            t = a[i]
            if t == "dev":
                i += 1
                dev = _dev(ns, _need(a, i))
            elif t == "nud":                       # filter.state: the union of the states
                i += 1
                v = _need(a, i)
                if v != "all" and v not in NUD_ARG:
                    raise _invarg("nud state is bad", v)
                bits = (~0 & ~(NUD.NOARP if cmd == "flush" else 0)) if v == "all" else NUD_ARG[v]
                nud = (nud or 0) | (bits or 0x100)
            elif t in ("proxy", "master", "vrf"):
                i += 1 if t != "proxy" else 0
            elif t != "to":
                pfx = parse_prefix(t)
                if pfx is None:
                    raise _invarg("to value is invalid\n", t)
            i += 1
        entries = [n for n in neighbour.neigh_entries(ns)
                   if (dev is None or n.dev is dev) and (pfx is None or pfx[1] == 0 or
                                                         int(n.ip) >> (32 - pfx[1]) ==
                                                         pfx[0] >> (32 - pfx[1]))]
        if cmd == "flush":
            mask = show.FLUSH_NUD_MASK if nud is None else nud
            for n in entries:
                if show.neigh_filter(n, mask):
                    neighbour.neigh_remove(ns, n)
            return ""
        mask = show.SHOW_NUD_MASK if nud is None else nud
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
    ns = _ns(ctx, o)
    a = rest[1:]
    sub = a[0] if a else "show"
    if obj == "link" and any(matches(sub, x) for x in ("show", "list", "lst")):
        devs = sorted((d for d in ns.devices.values() if d.master is not None),
                      key=lambda d: d.ifindex)
        i = 1
        while i < len(a):
            if a[i] == "dev":
                i += 1
                d = ns.by_name.get(_need(a, i))
                if d is None:
                    raise CmdError(255, f'Cannot find device "{a[i]}"\n')
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
                br = ns.by_name.get(_need(a, i))
                if br is None:
                    raise CmdError(255, f'Cannot find bridge device "{a[i]}"\n')
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
