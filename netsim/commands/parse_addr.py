"""``ip address`` arguments (iproute2 6.1 ip/ipaddress.c): ipaddr_modify() for add, change,
replace and del, and ipaddr_list_flush_or_save() for the selectors of show and flush (which
``ip link show`` shares).  Same keywords, abbreviations, checks and words as iproute2.
"""
from __future__ import annotations

from ipaddress import IPv4Address

from . import model as m
from ._util import CmdError, matches, parse_prefix
from .parser import (_NO_CHECK, Checker, _addr_or_die, _prefix_or_die, _scope, _uint, duparg,
                     duparg1, invarg, need)

__all__ = ["parse_addr_modify", "addr_modify_warnings", "parse_addr_list", "parse_addr_flush",
           "AddrList"]


_READONLY_IFA_FLAGS = ("secondary", "temporary", "dadfailed", "deprecated", "tentative",
                       "permanent", "stable-privacy")
_V6ONLY_IFA_FLAGS = ("nodad", "optimistic", "home", "mngtmpaddr", "dadfailed", "deprecated",
                     "tentative", "permanent", "stable-privacy")


def parse_addr_modify(mode: str, a: list[str], ns: str | None,
                      chk: Checker = _NO_CHECK) -> m.AddrAdd | m.AddrDel:
    """``ip addr add|replace|change|del LOCAL[/PLEN] dev DEV [broadcast A|+|-] [scope S]
    [label L] [noprefixroute]``: ipaddr_modify() (ip/ipaddress.c, iproute2 6.1) -- the same
    keywords, abbreviations and checks in the same order; its warnings are printed by
    :func:`addr_modify_warnings`."""
    local = dev = brd = scope = label = None
    noprefixroute = False
    lifetimes: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        if t in ("peer", "remote"):
            raise CmdError(2, f"netsim: not supported yet: ip address {t}\n")
        elif matches(t, "broadcast") or t == "brd":
            i += 1
            v = need(a, i)
            if brd is not None:
                raise duparg1("broadcast", v)
            brd = v if v in ("+", "-") else _addr_or_die(v)
        elif t == "anycast":
            i += 1
            _addr_or_die(need(a, i))
        elif t == "scope":
            i += 1
            scope = _scope(need(a, i))
        elif t == "dev":
            i += 1
            dev = need(a, i)
        elif t == "label":
            i += 1
            label = need(a, i)
        elif matches(t, "metric") or matches(t, "priority") or matches(t, "preference"):
            i += 1
            v = need(a, i)
            _uint(v, '"metric" value is invalid\n')
            raise CmdError(2, "netsim: not supported yet: ip address ... metric\n")
        elif matches(t, "valid_lft") or matches(t, "preferred_lft"):
            key = "valid_lft" if matches(t, "valid_lft") else "preferred_lft"
            if key in lifetimes:
                raise duparg1(key, t)
            i += 1
            v = need(a, i)
            if v != "forever" and not (v.isdigit() and int(v) < 1 << 32):
                raise invarg(f"{key} value", v)
            if v != "forever":
                raise CmdError(2, f"netsim: not supported yet: ip address ... {key} {v}\n")
            lifetimes[key] = v
        elif t in m.IFA_FLAGS:
            if t == "noprefixroute":
                noprefixroute = True
            elif t == "autojoin":
                raise CmdError(1, "autojoin needs multicast address\n")
        else:
            if t == "local":
                i += 1
                t = need(a, i)
            if matches(t, "help"):
                raise CmdError(255, "Usage: ip address {add|change|replace} IFADDR dev IFNAME "
                                    "[ LIFETIME ]\n")
            if local is not None:
                raise duparg("local", t)
            _prefix_or_die(t, allow_default=False)
            local = t
        i += 1
    if dev is None:
        raise CmdError(1, "Not enough information: \"dev\" argument is required.\n")
    if local is None:
        chk.dev(ns, dev)
        # no IFA_LOCAL: the request's family stays AF_UNSPEC, which has no handler
        raise CmdError(2, "RTNETLINK answers: Operation not supported\n")
    addr, plen = _prefix_or_die(local, allow_default=False)
    chk.dev(ns, dev)
    if mode == "delete":
        return m.AddrDel(dev=dev, local=addr, prefixlen=plen if "/" in local else None, ns=ns,
                         label=label)
    broadcast = None
    if brd in ("+", "-"):
        if plen <= 30:                   # "+": host bits set, "-": host bits cleared
            host = 0xFFFFFFFF >> plen
            broadcast = IPv4Address(int(addr) | host if brd == "+" else int(addr) & ~host)
    else:
        broadcast = brd
    return m.AddrAdd(dev=dev, local=addr, prefixlen=plen, ns=ns, mode=mode, broadcast=broadcast,
                     scope=scope, label=label, noprefixroute=noprefixroute)


def addr_modify_warnings(a: list[str]) -> str:
    """The warnings ipaddr_modify() prints for flags it does not send (stderr, status 0)."""
    out = []
    for t in a:
        if t in _READONLY_IFA_FLAGS:
            out.append(f"Warning: {t} option is not mutable from userspace\n")
        elif t in _V6ONLY_IFA_FLAGS:
            out.append(f"Warning: {t} option can be set only for IPv6 addresses\n")
    return "".join(out)


class AddrList:
    """What ipaddr_list_flush_or_save() parsed: the device named (``dev``), the address
    selectors (``sel``) and the link filters print_linkinfo() applies (``up``, ``master``
    name or ``nomaster``, ``kind``, ``slave_kind``)."""

    def __init__(self):
        self.dev = self.master = self.kind = self.slave_kind = self.group = None
        self.up = self.nomaster = False
        self.sel = m.AddrSelect()


def _get_filter(arg: str, flags: int, flagmask: int) -> tuple[int, int] | None:
    """get_filter(): ``[-]FLAG``, with ``dynamic`` = not permanent, ``primary`` = not
    secondary; None if it is not a flag name."""
    inv = arg.startswith("-")
    if inv:
        arg = arg[1:]
    if arg == "dynamic":
        inv, arg = not inv, "permanent"
    elif arg == "primary":
        inv, arg = not inv, "secondary"
    bit = m.IFA_FLAGS.get(arg)
    if bit is None:
        return None
    return (flags & ~bit if inv else flags | bit), flagmask | bit


def parse_addr_list(a: list[str], ns: str | None, chk: Checker = _NO_CHECK,
                    flush: bool = False, family4: bool = False) -> AddrList:
    """ipaddr_list_flush_or_save() (ip/ipaddress.c): the selectors of ``ip addr show|flush``
    and ``ip link show``, with iproute2's checks and words (``family4``: ``ip -4``, which
    get_prefix() names in its message)."""
    if flush and not a:
        raise CmdError(1, "Flush requires arguments.\n")
    r = AddrList()
    sel: dict = {}
    flags = flagmask = 0
    i = 0
    while i < len(a):
        t = a[i]
        if t == "to":
            i += 1
            v = need(a, i)
            p = parse_prefix(v, True)
            if p is None:                   # get_prefix() exits by itself
                raise CmdError(1, f'Error: {"inet" if family4 else "any valid"} prefix is '
                                  f'expected rather than "{v}".\n')
            sel["to"] = f"{IPv4Address(p[0])}/{p[1]}"
        elif t == "scope":
            i += 1
            v = need(a, i)
            if v == "all":
                sel.pop("scope", None)
            else:
                sel["scope"] = _scope(v, 'invalid "scope"\n')
        elif t == "up":
            r.up = True
        elif _get_filter(t, flags, flagmask) is not None:
            flags, flagmask = _get_filter(t, flags, flagmask)
        elif t == "label":
            i += 1
            sel["label"] = need(a, i)
        elif t == "group":
            i += 1
            v = need(a, i)
            if v != "default" and not v.isdigit():
                raise invarg('Invalid "group" value\n', v)
            r.group = 0 if v == "default" else int(v)
        elif t == "master":
            i += 1
            v = need(a, i)
            chk.master(ns, v)
            r.master = v
        elif t == "nomaster":
            r.nomaster = True
        elif t == "type":
            i += 1
            v = need(a, i)
            if v.endswith("_slave"):
                r.slave_kind = v[:-len("_slave")]
            else:
                r.kind = v
        else:
            if t == "dev":
                i += 1
                t = need(a, i)
            elif matches(t, "help"):
                raise CmdError(255, "Usage: ip address {add|change|replace} IFADDR dev IFNAME "
                                    "[ LIFETIME ]\n")
            if r.dev is not None:
                raise duparg("dev", t)
            r.dev = t
        i += 1
    if r.dev is not None and chk.snapshot is not None and not chk.has_dev(ns, r.dev):
        raise CmdError(1, f'Device "{r.dev}" does not exist.\n')
    r.sel = m.AddrSelect(flags=flags, flagmask=flagmask, **sel)
    return r


def parse_addr_flush(a: list[str], ns: str | None, chk: Checker = _NO_CHECK,
                     family4: bool = False) -> m.AddrFlush:
    """``ip addr flush [dev] DEV [SELECTORS]``."""
    r = parse_addr_list(a, ns, chk, flush=True, family4=family4)
    return m.AddrFlush(dev=r.dev, ns=ns, select=r.sel)


