"""iproute2's argument parsing: a command line -> a typed command (:mod:`.model`).

``parse(line)`` turns a state-changing line (``ip link add``, ``ip route replace``,
``bridge fdb add``, ``sysctl -w`` ...) or an ``ip route get`` into one command value::

    >>> parse("ip -n c1 link add v0 type veth peer name v1")
    LinkAdd(name='v0', kind=Veth(peer='v1', peer_ns=None, peer_mac=None), ns='c1', mac=None, mtu=None, link=None)
    >>> str(parse("ip r a 10.0.0.0/24 via 10.0.0.1 metric 5"))
    'ip route add 10.0.0.0/24 via 10.0.0.1 metric 5'

The ``parse_*`` functions here and in :mod:`.parse_route` are the per-object parsers that
:mod:`.ip` uses.  They make the checks iproute2 makes in user space, with its words and exit
status (255 for usage errors, 1 for ``Cannot find device "x"`` and bad prefixes), raising
:class:`~._util.CmdError`.  Checks
that need the machine's state (does the device exist?) go through a :class:`Checker` over a
backend snapshot, at the point where iproute2 makes them; ``parse(line)`` alone has no state
and skips them.  Everything the kernel decides (File exists, invalid gateway ...) is left to
the backend's ``apply``.
"""
from __future__ import annotations

import re
import shlex
from ipaddress import IPv4Address

from . import model as m
from ._util import CmdError, matches, parse_addr, parse_prefix

__all__ = ["parse", "Checker", "parse_link_add", "parse_link_del", "parse_link_set",
           "parse_bridge_link_set", "parse_addr_modify", "parse_addr_flush",
           "parse_sysctl_assign", "mac_or_die", "need", "invarg", "valid_ifname"]

_IFNAMSIZ = 16


def valid_ifname(name: str) -> bool:
    """check_ifname()/dev_valid_name(): 1..15 bytes, not '.' or '..', no '/', ':' or spaces."""
    if not name or len(name.encode()) >= _IFNAMSIZ or name in (".", ".."):
        return False
    return not any(c in name for c in "/: \t\n")


class Checker:
    """The state-dependent checks iproute2 makes before sending a request, over a
    ``netsim.kernel_model.Kernel`` snapshot; ``Checker(None)`` checks nothing (pure parsing).
    ``default_ns`` is the snapshot's name for the namespace meant by ``ns=None``."""

    def __init__(self, snapshot=None, default_ns: str = "root", tool: str = "ip"):
        self.snapshot, self.default_ns, self.tool = snapshot, default_ns, tool

    def dev(self, ns: str | None, name: str, what: str = "device", rc: int | None = None) -> None:
        """ll_name_to_index() failed: ``Cannot find device "x"`` (rc 1; the bridge tool and
        iproute2's link-type parsers, which exit at once: 255)."""
        if self.snapshot is None:
            return
        space = self.snapshot.namespaces.get(self.default_ns if ns is None else ns)
        if space is None or name not in space.by_name:
            if rc is None:
                rc = 255 if self.tool == "bridge" else 1
            raise CmdError(rc, f'Cannot find {what} "{name}"\n')

    def master(self, ns: str | None, name: str) -> None:
        """``master X``: iproute2 resolves it while parsing (rc 255)."""
        if self.snapshot is None:
            return
        space = self.snapshot.namespaces.get(self.default_ns if ns is None else ns)
        if space is None or name not in space.by_name:
            raise invarg("Device does not exist\n", name)

    def netns(self, name: str) -> None:
        """netns_get_fd() failed: ``Invalid "netns" value`` (rc 255)."""
        if self.snapshot is not None and name not in self.snapshot.namespaces:
            raise CmdError(255, f'Error: argument "{name}" is wrong: Invalid "netns" value\n\n')


_NO_CHECK = Checker()


# ============================================================================ helpers
def need(argv: list[str], i: int) -> str:
    """NEXT_ARG(): the value after a keyword, or iproute2's incomplete-command error."""
    if i >= len(argv):
        raise CmdError(255, "Command line is not complete. Try option \"help\"\n")
    return argv[i]


def invarg(msg: str, arg: str) -> CmdError:
    """iproute2's invarg() (utils.c)."""
    return CmdError(255, f'Error: argument "{arg}" is wrong: {msg}\n')


def duparg(key: str, arg: str) -> CmdError:
    """iproute2's duparg() (utils.c): a second ``key`` word, or a word it does not know."""
    return CmdError(255, f'Error: either "{key}" is duplicate, or "{arg}" is a garbage.\n')


def missarg(key: str) -> CmdError:
    """iproute2's missarg() (utils.c): a required argument was not given."""
    return CmdError(255, f'Not enough information: "{key}" argument is required.\n')


def _prefix_or_die(s: str, allow_default: bool = True) -> tuple[IPv4Address, int]:
    """get_prefix(): ADDR[/PLEN] (``default`` too unless ``allow_default`` is False)."""
    p = parse_prefix(s, allow_default)
    if p is None:
        raise CmdError(1, f'Error: any valid prefix is expected rather than "{s}".\n')
    return IPv4Address(p[0]), p[1]


def _addr_or_die(s: str, what: str = "inet address") -> IPv4Address:
    a = parse_addr(s)
    if a is None:
        raise CmdError(1, f'Error: {what} is expected rather than "{s}".\n')
    return a


def _uint(s: str, msg: str, bits: int = 32) -> int:
    """An unsigned number, or invarg(msg) (iproute2's messages differ per keyword)."""
    if not s.isdigit() or int(s) >= 1 << bits:
        raise invarg(msg, s)
    return int(s)


def mac_or_die(s: str, bad_len: CmdError | None = None) -> str:
    """ll_addr_a2n(): each ':' field is read by sscanf("%x") (so "0g" reads as 0); a field
    that does not start with a hex digit is named.  A length other than 6 raises ``bad_len``
    (the caller's own check), or names the whole string."""
    octets = []
    for part in s.split(":"):
        hx = _HEX_FIELD.match(part)
        if hx is None or int(hx.group(1), 16) > 255:
            raise CmdError(1, f'"{part}" is invalid lladdr.\n')
        octets.append(int(hx.group(1), 16))
    if len(octets) != 6:
        raise bad_len or CmdError(1, f'"{s}" is invalid lladdr.\n')
    return ":".join(f"{x:02x}" for x in octets)


_HEX_FIELD = re.compile(r"\s*(?:0[xX])?([0-9a-fA-F]+)")


def _table_or_die(v: str, msg: str = '"table" value is invalid\n') -> int:
    """rtnl_rttable_a2n(): a table name or number, else invarg (whose text differs per
    command: ``ip route add`` vs ``ip route show``)."""
    t = m.TABLES.get(v, int(v) if v.isdigit() else None)
    if t is None:
        raise invarg(msg, v)
    return t


def _scope(v: str, msg: str = "invalid scope value.") -> int:
    """rtnl_rtscope_a2n(): a name or a number; iproute2's message differs per object."""
    if v in m.SCOPES or v in m.SCOPE_ALIASES:
        return m.SCOPES.get(v, m.SCOPE_ALIASES.get(v))
    if v.isdigit() and int(v) <= 255:
        return int(v)
    raise invarg(msg, v)


# ============================================================================ ip link
def parse_link_add(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.LinkAdd:
    """``ip link add [[name] NAME] [address MAC] [mtu N] [link DEV] type KIND [ARGS]``; no name:
    the kernel names the device (``veth0``, ``bridge0`` ...)."""
    name = kind = mac = link = mtu = None
    i = 0
    while i < len(a):
        t = a[i]
        if t == "name":
            i += 1
            name = need(a, i)
        elif t == "address":
            i += 1
            mac = mac_or_die(need(a, i))
        elif t == "link":
            i += 1
            link = need(a, i)
        elif t == "mtu":
            i += 1
            mtu = _uint(need(a, i), 'Invalid "mtu" value\n')
        elif t == "type":
            i += 1
            kind = _link_kind(need(a, i), a[i + 1:], ns, chk)
            break
        elif t in ("txqueuelen", "qlen", "numtxqueues", "numrxqueues"):
            i += 1
        else:
            if name is not None:
                raise duparg("dev", t)
            name = t
        i += 1
    if kind is None:
        raise CmdError(1, "Not enough information: \"type\" argument is required\n")
    if link is not None:
        chk.dev(ns, link)
    return m.LinkAdd(name=name, kind=kind, ns=ns, mac=mac, mtu=mtu, link=link)


def _link_kind(kind: str, a: list[str], ns, chk: Checker) -> m.LinkKind:
    i = 0
    if kind == "veth":
        peer = peer_ns = peer_mac = None
        while i < len(a):
            t = a[i]
            if t == "peer":
                pass
            elif t == "name":
                i += 1
                peer = need(a, i)
                if not valid_ifname(peer):
                    raise invarg('"name" not a valid ifname', peer)
            elif t == "netns":
                i += 1
                peer_ns = need(a, i)
                chk.netns(peer_ns)
            elif t == "address":
                i += 1
                peer_mac = mac_or_die(need(a, i))
            elif peer is None:
                if not valid_ifname(t):
                    raise invarg('"name" not a valid ifname', t)
                peer = t
            i += 1
        return m.Veth(peer=peer, peer_ns=peer_ns, peer_mac=peer_mac)
    if kind == "vxlan":
        from .parse_vxlan import parse_vxlan_opts
        return parse_vxlan_opts(a, ns, chk)
    if kind == "macvlan":
        mode = None
        while i < len(a):
            if a[i] == "mode":
                i += 1
                mode = need(a, i)
                if mode not in _MACVLAN_MODES:
                    raise CmdError(1, 'Error: argument of "mode" must be "private", "vepa", '
                                      f'"bridge", "passthru" or "source", not "{mode}"\n')
            i += 1
        return m.Macvlan(mode=mode)
    if kind == "bridge":
        return m.Bridge()
    if kind == "dummy":
        return m.Dummy()
    return m.OtherKind(kind=kind)


def parse_link_del(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.LinkDel:
    """``ip link del [dev] NAME``."""
    name = None
    i = 0
    while i < len(a):
        if a[i] == "dev":
            i += 1
        name = a[i] if i < len(a) else None
        i += 1
    if name is None:
        raise missarg("dev")
    chk.dev(ns, name)
    return m.LinkDel(dev=name, ns=ns)


_MACVLAN_MODES = ("private", "vepa", "bridge", "passthru", "source")
_ONOFF = ("arp", "multicast", "promisc", "allmulticast", "dynamic", "trailers")
_PORT_FLAGS = ("hairpin", "learning")


def _onoff(key: str, v: str, tool: str = "ip") -> bool:
    """parse_on_off(): ip's words (rc 1), or the bridge tool's (its -EINVAL exit status)."""
    if v not in ("on", "off"):
        if tool == "bridge":
            raise CmdError(234, f'Error: argument of "{key}" must be one of "off", "on", '
                                f'not "{v}"\n')
        raise CmdError(1, f'Error: argument of "{key}" must be "on" or "off", not "{v}"\n')
    return v == "on"



def parse_link_set(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.LinkSet:
    """``ip link set [dev] NAME [up|down] [netns NS] [address MAC] [mtu N] [master BR]
    [nomaster] [name NEW] [type bridge_slave [hairpin on|off] [learning on|off]]``."""
    if not a:
        raise missarg("dev")
    i = 1 if a[0] == "dev" else 0
    name = need(a, i)
    i += 1
    f: dict = {}
    while i < len(a):
        t = a[i]
        if t in ("up", "down"):
            f["up"] = t == "up"
        elif t == "nomaster":
            f["nomaster"] = True
        elif t in ("master", "netns", "name", "address", "mtu", "alias", "txqueuelen"):
            i += 1
            v = need(a, i)
            if t == "netns":
                chk.netns(v)
                f["netns"] = v
            elif t == "address":
                f["address"] = mac_or_die(v, CmdError(
                    1, f"Invalid address length {len(v.split(':'))} - must be 6 bytes\n"))
            elif t == "mtu":
                f["mtu"] = _uint(v, 'Invalid "mtu" value\n')
            elif t == "master":
                chk.master(ns, v)
                f["master"] = v
            elif t == "name":
                if not valid_ifname(v):
                    raise invarg('"name" not a valid ifname', v)
                f["name"] = v
        elif t in _ONOFF:
            i += 1
            _onoff(t, need(a, i))
        elif t == "type" and i + 1 < len(a) and a[i + 1] == "bridge_slave":
            i += 2
            while i < len(a) and a[i] in _PORT_FLAGS:
                f[a[i]] = _onoff(a[i], need(a, i + 1))
                i += 2
            continue
        else:
            raise duparg("dev", t)
        i += 1
    chk.dev(ns, name)
    return m.LinkSet(dev=name, ns=ns, **f)


def parse_bridge_link_set(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.LinkSet:
    """``bridge link set dev DEV [hairpin on|off] [learning on|off]``."""
    dev = None
    f: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        if t == "dev":
            i += 1
            dev = need(a, i)
        elif t in _PORT_FLAGS:
            i += 1
            f[t] = _onoff(t, need(a, i), "bridge")
        elif t in ("cost", "priority", "state", "guard", "flood", "mcast_flood", "neigh_suppress",
                   "fastleave", "root_block", "bcast_flood", "isolated", "locked"):
            i += 1
        i += 1
    if dev is None:
        raise CmdError(255, "Device is a required argument.\n")
    chk.dev(ns, dev, "bridge device")
    return m.LinkSet(dev=dev, ns=ns, **f)


# ============================================================================ ip addr
def parse_addr_modify(mode: str, a: list[str], ns: str | None,
                      chk: Checker = _NO_CHECK) -> m.AddrAdd | m.AddrDel:
    """``ip addr add|replace|change|del LOCAL[/PLEN] dev DEV [broadcast A|+] [scope S]
    [label L] [noprefixroute]``."""
    local = dev = brd = scope = label = None
    noprefixroute = False
    i = 0
    while i < len(a):
        t = a[i]
        if t == "dev":
            i += 1
            dev = need(a, i)
        elif t in ("brd", "broadcast"):
            i += 1
            brd = need(a, i)
        elif t == "scope":
            i += 1
            scope = _scope(need(a, i))
        elif t == "label":
            i += 1
            label = need(a, i)
        elif t == "noprefixroute":
            noprefixroute = True
        elif t == "local":
            i += 1
            local = need(a, i)
        elif t in ("valid_lft", "preferred_lft", "metric"):
            i += 1
        else:
            local = t
        i += 1
    if local is None:
        if dev is None:
            raise CmdError(1, "Not enough information: \"dev\" argument is required.\n")
        chk.dev(ns, dev)
        if mode != "delete":
            # no IFA_LOCAL: the kernel refuses the request (a typed command always has one)
            raise CmdError(2, "RTNETLINK answers: Operation not supported\n")
        raise missarg("dev")
    addr, plen = _prefix_or_die(local, allow_default=False)
    if dev is None:
        raise CmdError(1, "Not enough information: \"dev\" argument is required.\n")
    chk.dev(ns, dev)
    if mode == "delete":
        return m.AddrDel(dev=dev, local=addr, prefixlen=plen if "/" in local else None, ns=ns)
    broadcast = None
    if brd in ("+", "-"):
        if brd == "+" and plen < 31:
            broadcast = IPv4Address(int(addr) | (0xFFFFFFFF >> plen))
        elif brd == "+":
            broadcast = addr
    elif brd is not None:
        broadcast = _addr_or_die(brd)
    return m.AddrAdd(dev=dev, local=addr, prefixlen=plen, ns=ns, mode=mode, broadcast=broadcast,
                     scope=scope, label=label, noprefixroute=noprefixroute)


def parse_addr_flush(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.AddrFlush:
    """``ip addr flush [dev] DEV``."""
    dev = None
    i = 0
    while i < len(a):
        if a[i] == "dev":
            i += 1
        dev = need(a, i)
        chk.dev(ns, dev)
        i += 1
    if dev is None:
        raise CmdError(1, "Flush requires arguments.\n")
    return m.AddrFlush(dev=dev, ns=ns)


# ============================================================================ sysctl
def parse_sysctl_assign(arg: str, ns: str | None) -> m.SysctlSet:
    """``KEY=VALUE`` (``/`` or ``.`` separated) -> SysctlSet."""
    key, _, val = arg.partition("=")
    return m.SysctlSet(key=key.replace("/", ".").strip(), value=val.strip(), ns=ns)


# ============================================================================ whole lines
_MODIFY = {
    "link": [("add",), ("set", "change"), ("delete",)],
    "address": [("add",), ("change",), ("replace",), ("delete",), ("flush",)],
    "route": [("add",), ("change",), ("replace",), ("prepend",), ("append",), ("delete",),
              ("flush",), ("get",)],
    "rule": [("add",), ("delete",)],
    "neighbor": [("add",), ("change", "chg"), ("replace",), ("delete",), ("flush",)],
}


def _word(arg: str, table) -> str | None:
    for names in table:
        if any(matches(arg, n) for n in names):
            return names[0]
    return None


def parse(line: str, chk: Checker = _NO_CHECK) -> m.Command | m.RouteGet:
    """One state-changing command line (or ``ip route get``) -> its typed command.

    Raises :class:`~._util.CmdError` (with iproute2's words and status) for a line iproute2
    would refuse, and ValueError for a line that changes nothing (``ip link show``, ``ping``).
    """
    from .parse_route import (parse_fdb_modify, parse_neigh_modify, parse_neigh_select,
                              parse_route_get, parse_route_modify, parse_route_select,
                              parse_rule)
    argv = shlex.split(line)
    ns = None
    if argv[:3] == ["ip", "netns", "exec"] and len(argv) > 4:
        ns, argv = argv[3], argv[4:]
    if not argv:
        raise ValueError("empty command line")
    prog, args = argv[0], argv[1:]
    if prog == "sysctl":
        assigns = [x for x in args if not x.startswith("-") and "=" in x]
        if len(assigns) != 1:
            raise ValueError("parse() takes a sysctl line with exactly one KEY=VALUE")
        return parse_sysctl_assign(assigns[0], ns)
    if prog not in ("ip", "bridge"):
        raise ValueError(f"not a state-changing command: {line!r}")
    i = 0
    while i < len(args) and args[i].startswith("-"):
        if args[i].lstrip("-") in ("n", "netns"):
            ns = need(args, i + 1)
            i += 1
        i += 1
    args = args[i:]
    if len(args) < 2:
        raise ValueError(f"not a state-changing command: {line!r}")
    obj, sub, rest = args[0], args[1], args[2:]
    if prog == "bridge":
        chk = Checker(chk.snapshot, chk.default_ns, "bridge")
        if matches(obj, "fdb") and sub in ("add", "del", "delete"):
            return parse_fdb_modify("add" if sub == "add" else "del", rest, ns, chk)
        if matches(obj, "link") and sub in ("set", "change"):
            return parse_bridge_link_set(rest, ns, chk)
        raise ValueError(f"not a state-changing command: {line!r}")
    # iproute2's object table, in its order: the first name the word abbreviates wins
    objname = next((o for o in ("address", "addrlabel", "maddress", "route", "rule", "neighbor",
                                "neighbour", "ntable", "ntbl", "link", "netns")
                    if matches(obj, o)), None)
    if objname == "netns":
        if matches(sub, "add") and rest:
            return m.NetnsAdd(name=rest[0])
        if matches(sub, "delete") and rest:
            return m.NetnsDel(name=rest[0])
        raise ValueError(f"not a state-changing command: {line!r}")
    if objname == "neighbour":
        objname = "neighbor"
    verb = _word(sub, _MODIFY.get(objname, ()))
    if verb is None:
        raise ValueError(f"not a state-changing command: {line!r}")
    if verb == "flush" and not rest and objname != "route":
        raise CmdError(1, "Flush requires arguments.\n")
    if objname == "link":
        return {"add": parse_link_add, "set": parse_link_set,
                "delete": parse_link_del}[verb](rest, ns, chk)
    if objname == "address":
        if verb == "flush":
            return parse_addr_flush(rest, ns, chk)
        return parse_addr_modify(verb, rest, ns, chk)
    if objname == "route":
        if verb == "flush":
            if not rest:
                raise CmdError(1, '"ip route flush" requires arguments.\n')
            return parse_route_select(rest, ns, chk)
        if verb == "get":
            return parse_route_get(rest, ns, chk)
        return parse_route_modify(verb, rest, ns, chk)
    if objname == "rule":
        return parse_rule("add" if verb == "add" else "del", rest, ns)
    if verb == "flush":
        return parse_neigh_select(rest, ns, chk)
    return parse_neigh_modify(verb, rest, ns, chk)
