"""``ip link add NAME type vxlan ...``: iproute2 6.1's ``ip/iplink_vxlan.c``
(``vxlan_parse_opt``) -> :class:`~netsim.commands.model.Vxlan`.  The helpers are in
:mod:`.parser`, which calls :func:`parse_vxlan_opts` for ``type vxlan``.
"""
from __future__ import annotations

import re
from ipaddress import IPv4Address

from . import model as m
from ._util import CmdError, matches
from .parser import Checker, _addr_or_die, _uint, duparg, invarg, need

__all__ = ["parse_vxlan_opts", "VXLAN_USAGE"]


VXLAN_USAGE = (
    "Usage: ... vxlan id VNI\n"
    "\t\t[ { group | remote } IP_ADDRESS ]\n\t\t[ local ADDR ]\n\t\t[ ttl TTL ]\n"
    "\t\t[ tos TOS ]\n\t\t[ df DF ]\n\t\t[ flowlabel LABEL ]\n\t\t[ dev PHYS_DEV ]\n"
    "\t\t[ dstport PORT ]\n\t\t[ srcport MIN MAX ]\n\t\t[ [no]learning ]\n"
    "\t\t[ [no]proxy ]\n\t\t[ [no]rsc ]\n\t\t[ [no]l2miss ]\n\t\t[ [no]l3miss ]\n"
    "\t\t[ ageing SECONDS ]\n\t\t[ maxaddress NUMBER ]\n\t\t[ [no]udpcsum ]\n"
    "\t\t[ [no]udp6zerocsumtx ]\n\t\t[ [no]udp6zerocsumrx ]\n"
    "\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]\n\t\t[ [no]external ] [ gbp ] [ gpe ]\n"
    "\t\t[ [no]vnifilter ]\n\n"
    "Where:\tVNI\t:= 0-16777215\n\tADDR\t:= { IP_ADDRESS | any }\n"
    "\tTOS\t:= { NUMBER | inherit }\n\tTTL\t:= { 1..255 | auto | inherit }\n"
    "\tDF\t:= { unset | set | inherit }\n\tLABEL := 0-1048575\n")

#: vxlan_parse_opt()'s on/off words, in its order (a prefix picks the first that matches)
_VXLAN_FLAGS = ("nolearning", "learning", "noproxy", "proxy", "norsc", "rsc", "nol2miss",
                "l2miss", "nol3miss", "l3miss", "udpcsum", "noudpcsum", "udp6zerocsumtx",
                "noudp6zerocsumtx", "udp6zerocsumrx", "noudp6zerocsumrx", "remcsumtx",
                "noremcsumtx", "remcsumrx", "noremcsumrx", "external", "noexternal", "gbp",
                "gpe", "vnifilter", "novnifilter")


def parse_vxlan_opts(a: list[str], ns, chk: Checker) -> m.Vxlan:
    """iproute2 6.1 vxlan_parse_opt(): keywords may be abbreviated (the first keyword in its
    list that the word is a prefix of wins); each one at most once (duparg); no ``dstport``
    means the kernel's own default port (8472), which ip warns about.  Options netsim does
    not model (tos, df, flowlabel, srcport, ageing, the csum flags ...) are checked the same
    way and otherwise ignored."""
    opts: dict = {}
    seen: set[str] = set()
    multicast = None                         # whether the group/remote given was multicast

    def once(attr: str, key: str, arg: str) -> None:
        if attr in seen:
            raise duparg(key, arg)
        seen.add(attr)

    def addr(arg: str, other: str) -> IPv4Address:
        # get_addr(..., family of the other end): "any valid" until that one is known
        return _addr_or_die(arg, "inet address" if other in opts else "any valid address")

    i = 0
    while i < len(a):
        t = a[i]
        if matches(t, "id") or matches(t, "vni"):
            i += 1
            once("id", "id", need(a, i))
            opts["vni"] = _uint(a[i], "invalid id", 24)
        elif matches(t, "group") or matches(t, "remote"):
            key = "group" if matches(t, "group") else "remote"
            if multicast is not None and multicast != (key == "group"):
                raise CmdError(1, "vxlan: both group and remote cannot be specified\n")
            i += 1
            once("group", key, need(a, i))
            ip = addr(a[i], "local")
            if ip.is_multicast != (key == "group"):
                raise invarg(f"invalid {key} address", a[i])
            multicast = ip.is_multicast
            opts["remote"] = ip
        elif matches(t, "local"):
            i += 1
            once("local", "local", need(a, i))
            ip = addr(a[i], "remote")
            if ip.is_multicast:
                raise invarg("invalid local address", a[i])
            opts["local"] = ip
        elif matches(t, "dev"):
            i += 1
            once("dev", "dev", need(a, i))
            opts["dev"] = a[i]
            chk.dev(ns, opts["dev"], rc=255)       # vxlan_parse_opt(): exit(-1)
        elif matches(t, "ttl") or matches(t, "hoplimit"):
            i += 1
            once("ttl", "ttl", need(a, i))
            if a[i] not in ("inherit", "auto"):
                ttl = _uint(a[i], "invalid TTL")
                if ttl > 255:
                    raise invarg("TTL must be <= 255", a[i])
                opts["ttl"] = ttl or None
        elif matches(t, "tos") or matches(t, "dsfield"):
            i += 1
            once("tos", "tos", need(a, i))
            if a[i] != "inherit" and not (a[i].isdigit() and int(a[i]) <= 255
                                          or re.fullmatch(r"0x[0-9a-fA-F]{1,2}", a[i])):
                raise invarg("bad TOS value", a[i])
        elif matches(t, "df"):
            i += 1
            once("df", "df", need(a, i))
            if a[i] not in ("unset", "set", "inherit"):
                raise invarg("DF must be 'unset', 'set' or 'inherit'", a[i])
        elif matches(t, "label") or matches(t, "flowlabel"):
            i += 1
            once("label", "flowlabel", need(a, i))
            if _uint(a[i], "invalid flowlabel") > 0xFFFFF:
                raise invarg("invalid flowlabel", a[i])
        elif matches(t, "ageing"):
            i += 1
            once("ageing", "ageing", need(a, i))
            if a[i] != "none":
                _uint(a[i], "ageing timer")
        elif matches(t, "maxaddress"):
            i += 1
            once("maxaddress", "maxaddress", need(a, i))
            if a[i] != "unlimited":
                _uint(a[i], "max addresses")
        elif matches(t, "port") or matches(t, "srcport"):
            i += 1
            once("srcport", "srcport", need(a, i))
            _uint(a[i], "min port", 16)
            i += 1
            _uint(need(a, i), "max port", 16)
        elif matches(t, "dstport"):
            i += 1
            once("dstport", "dstport", need(a, i))
            opts["dstport"] = _uint(a[i], "dst port", 16)
        elif matches(t, "help"):
            raise CmdError(1, VXLAN_USAGE)
        else:
            flag = next((f for f in _VXLAN_FLAGS if matches(t, f)), None)
            if flag is None:
                raise CmdError(1, f'vxlan: unknown command "{t}"?\n' + VXLAN_USAGE)
            once(flag.removeprefix("no"), t, t)
            if flag in ("learning", "nolearning"):
                opts["learning"] = flag == "learning"
        i += 1
    if "vni" not in opts:
        raise CmdError(1, "vxlan: missing virtual network identifier\n")
    if multicast and "dev" not in opts:
        raise CmdError(1, "vxlan: 'group' requires 'dev' to be specified\n")
    return m.Vxlan(**opts)
