"""RTM_*ROUTE and RTM_*RULE: models ``net/ipv4/fib_frontend.c`` (``inet_rtm_newroute``,
``inet_rtm_delroute``, ``inet_dump_fib``), ``fib_semantics.c`` (``fib_dump_info``),
``route.c`` (``inet_rtm_getroute``, ``rt_fill_info``: ``ip route get``) and
``net/core/fib_rules.c`` (``fib_nl_newrule``, ``fib_nl_delrule``, ``fib_nl_fill_rule``).
"""
from __future__ import annotations

import errno
import struct
from ipaddress import IPv4Address

from ..commands import model as m
from ..errors import Invalid, NetsimError, NotFound
from ..kernel_model import RT_TABLE_LOCAL, RT_TABLE_MAIN
from . import wire as w

__all__ = ["fib_dump_info", "inet_rtm_newroute", "inet_rtm_delroute", "inet_dump_fib",
           "inet_rtm_getroute", "fib_nl_newrule", "fib_nl_delrule", "fib_nl_dumprule",
           "RTN_TYPES", "RT_PROTOS"]

RTN_TYPES = {"unicast": 1, "local": 2, "broadcast": 3, "anycast": 4, "multicast": 5,
             "blackhole": 6, "unreachable": 7, "prohibit": 8, "throw": 9, "nat": 10}
_RTN_NAMES = {v: k for k, v in RTN_TYPES.items()}
# /etc/iproute2/rt_protos
RT_PROTOS = {"unspec": 0, "redirect": 1, "kernel": 2, "boot": 3, "static": 4, "gated": 8,
             "ra": 9, "mrt": 10, "zebra": 11, "bird": 12, "dnrouted": 13, "xorp": 14, "ntk": 15,
             "dhcp": 16, "mrouted": 17, "keepalived": 18, "babel": 42, "openr": 99,
             "bgp": 186, "isis": 187, "ospf": 188, "rip": 189, "eigrp": 192}
_PROTO_NAMES = {v: k for k, v in RT_PROTOS.items()}
RT_TABLE_COMPAT = 252
RTNH_F_ONLINK, RTNH_F_LINKDOWN = 0x4, 0x10
RTM_F_CLONED, RTM_F_LOOKUP_TABLE, RTM_F_FIB_MATCH = 0x200, 0x1000, 0x2000
# rt_flags above 0xFFFF that rt_fill_info() passes on (RTCF_LOCAL, _BROADCAST, _MULTICAST)
_RTCF = {"local": 0x80000000, "broadcast": 0x90000000, "multicast": 0xA0000000}
FR_ACT_TO_TBL, FR_ACT_BLACKHOLE, FR_ACT_UNREACHABLE, FR_ACT_PROHIBIT = 1, 6, 7, 8
_FR_ACTIONS = {"lookup": FR_ACT_TO_TBL, "blackhole": FR_ACT_BLACKHOLE,
               "unreachable": FR_ACT_UNREACHABLE, "prohibit": FR_ACT_PROHIBIT}
FIB_RULE_INVERT = 0x2
_DEFAULT_RULES = {(0, RT_TABLE_LOCAL), (32766, RT_TABLE_MAIN), (32767, 253)}


def proto_number(name: str) -> int:
    if name in RT_PROTOS:
        return RT_PROTOS[name]
    return int(name) if name.isdigit() else 0


def proto_name(n: int) -> str:
    return _PROTO_NAMES.get(n, str(n))


# ----------------------------------------------------------------------------- dumps
def fib_dump_info(req, r) -> w.Message:
    """fib_dump_info(): rtmsg, RTA_TABLE, RTA_DST, RTA_PRIORITY, RTA_PREFSRC, then the
    nexthop (RTA_GATEWAY, RTA_OIF)."""
    flags = 0
    if r.onlink:
        flags |= RTNH_F_ONLINK
    if r.dev is not None and r.nh_scope != 255 and r.dev.nh_linkdown():
        flags |= RTNH_F_LINKDOWN
    hdr = w.RtMsg(w.AF_INET, r.plen, 0, r.tos, r.table if r.table < 256 else RT_TABLE_COMPAT,
                  proto_number(r.proto), r.scope, RTN_TYPES[r.type], flags)
    attrs = [w.u32(w.RTA_TABLE, r.table)]
    if r.plen:
        attrs.append(w.ipv4(w.RTA_DST, IPv4Address(r.dst)))
    if r.metric:
        attrs.append(w.u32(w.RTA_PRIORITY, r.metric))
    if r.prefsrc is not None:
        attrs.append(w.ipv4(w.RTA_PREFSRC, r.prefsrc))
    if r.gateway is not None:
        attrs.append(w.ipv4(w.RTA_GATEWAY, r.gateway))
    if r.dev is not None:
        attrs.append(w.u32(w.RTA_OIF, r.dev.ifindex))
    return req.reply(w.RTM_NEWROUTE, hdr, attrs)


def inet_dump_fib(req):
    """inet_dump_fib(): every table in hash order, each in trie order (IPv4 only)."""
    if not w.is_inet(req.msg.header.family):
        return []
    return [fib_dump_info(req, r) for t in req.ns.tables.values() for r in t.routes()]


# ----------------------------------------------------------------------------- changes
def _dev_name(req, attr) -> str | None:
    if attr is None:
        return None
    dev = req.ns.devices.get(w.get_u32(attr))
    if dev is None:
        raise NotFound()
    return dev.name


def _route_fields(req) -> dict:
    """rtm_to_fib_config(): the request as RouteAdd/RouteDel fields."""
    msg = req.msg
    hdr = msg.header
    if hdr.family not in (w.AF_INET, w.AF_UNSPEC):
        raise Invalid(extack="netsim models IPv4 only")
    if hdr.dst_len > 32:
        raise Invalid(extack="Invalid prefix length")
    dst = msg.attr(w.RTA_DST)
    table = msg.attr(w.RTA_TABLE)
    tb = w.get_u32(table) if table is not None else hdr.table
    gw, src, prio = msg.attr(w.RTA_GATEWAY), msg.attr(w.RTA_PREFSRC), msg.attr(w.RTA_PRIORITY)
    return dict(dst=w.get_ipv4(dst) if dst is not None else IPv4Address(0), plen=hdr.dst_len,
                ns=req.ns_name, table=tb or RT_TABLE_MAIN,
                via=w.get_ipv4(gw) if gw is not None else None,
                dev=_dev_name(req, msg.attr(w.RTA_OIF)),
                src=w.get_ipv4(src) if src is not None else None,
                metric=w.get_u32(prio) if prio is not None else None, tos=hdr.tos)


def _type(n: int) -> str:
    if n not in _RTN_NAMES:
        raise Invalid(extack="Invalid route type")
    return _RTN_NAMES[n]


def inet_rtm_newroute(req):
    """inet_rtm_newroute(): NLM_F_CREATE|EXCL is add, CREATE|REPLACE replace, REPLACE alone
    change, CREATE|APPEND append, CREATE alone prepend; without CREATE: ENOENT."""
    msg = req.msg
    f = msg.flags
    if f & w.NLM_F_REPLACE:
        mode = "replace" if f & w.NLM_F_CREATE else "change"
    elif not f & w.NLM_F_CREATE:
        raise NetsimError(errno.ENOENT)
    elif f & w.NLM_F_APPEND:
        mode = "append"
    elif f & w.NLM_F_EXCL:
        mode = "add"
    else:
        mode = "prepend"
    hdr = msg.header
    kw = _route_fields(req)
    if msg.attr(w.RTA_MULTIPATH) is not None:
        raise NetsimError(errno.EOPNOTSUPP, "netsim: multipath routes are not supported yet")
    kw.update(mode=mode, type=_type(hdr.type or 1), scope=hdr.scope,
              proto=proto_name(hdr.protocol), onlink=bool(hdr.flags & RTNH_F_ONLINK))
    req.apply(m.RouteAdd(**kw))


def inet_rtm_delroute(req):
    """inet_rtm_delroute(): the first route matching every field given (ESRCH if none)."""
    hdr = req.msg.header
    kw = _route_fields(req)
    kw.pop("onlink", None)
    kw.update(type=_RTN_NAMES.get(hdr.type), scope=hdr.scope,
              proto=proto_name(hdr.protocol) if hdr.protocol else None)
    req.apply(m.RouteDel(**kw))


# ----------------------------------------------------------------------------- ip route get
def inet_rtm_getroute(req):
    """inet_rtm_getroute() → rt_fill_info(): the route one packet would take."""
    from ..commands.show_route import _has_custom_rules
    msg = req.msg
    hdr = msg.header
    dst, src = msg.attr(w.RTA_DST), msg.attr(w.RTA_SRC)
    daddr = w.get_ipv4(dst) if dst is not None else IPv4Address(0)
    saddr = w.get_ipv4(src) if src is not None else None
    iif = _dev_name(req, msg.attr(w.RTA_IIF))
    oif = _dev_name(req, msg.attr(w.RTA_OIF))
    mark = msg.attr(w.RTA_MARK)
    q = m.RouteGet(dst=daddr, ns=req.ns_name, src=saddr, iif=iif, oif=oif,
                   mark=w.get_u32(mark) if mark is not None else None)
    dec = req.backend.route_get(q)
    ns = req.ns
    if hdr.flags & RTM_F_FIB_MATCH and dec.res is not None and dec.res.route is not None:
        r = dec.res.route
        return [fib_dump_info(req, r)]
    tb = RT_TABLE_MAIN
    if hdr.flags & RTM_F_LOOKUP_TABLE:       # iproute2 asks for the table; pyroute2 does not
        tb = dec.res.table if dec.res is not None else 0
        if tb == RT_TABLE_LOCAL and not _has_custom_rules(ns):
            tb = RT_TABLE_MAIN               # the local table lives merged into main
    out = w.RtMsg(w.AF_INET, 32, 32 if saddr is not None else 0, hdr.tos,
                  tb if tb < 256 else RT_TABLE_COMPAT, 0, 0, RTN_TYPES.get(dec.type, 1),
                  RTM_F_CLONED | _RTCF.get(dec.type, 0))
    attrs = [w.u32(w.RTA_TABLE, tb), w.ipv4(w.RTA_DST, daddr)]
    if saddr is not None:
        attrs.append(w.ipv4(w.RTA_SRC, saddr))
    dev = dec.dev
    if iif is not None and dec.type in ("local", "broadcast"):
        dev = ns.by_name.get("lo", dev)      # ip_rt_get_dev(): input to us is via lo
    if dev is not None:
        attrs.append(w.u32(w.RTA_OIF, dev.ifindex))
    if iif is None and dec.saddr is not None and dec.saddr != saddr:
        attrs.append(w.ipv4(w.RTA_PREFSRC, dec.saddr))
    if dec.gateway is not None:
        attrs.append(w.ipv4(w.RTA_GATEWAY, dec.gateway))
    if mark is not None and w.get_u32(mark):
        attrs.append(w.u32(w.RTA_MARK, w.get_u32(mark)))
    if iif is None:
        attrs.append(w.u32(w.RTA_UID, 0))
    attrs.append(w.Attr(w.RTA_CACHEINFO, struct.pack("=IIiIIIII", 2, 0, 0, 0, 0, 0, 0, 0)))
    if iif is not None:
        attrs.append(w.u32(w.RTA_IIF, ns.by_name[iif].ifindex))
    return [req.reply(w.RTM_NEWROUTE, out, attrs)]


# ----------------------------------------------------------------------------- rules
def fib_nl_fill_rule(req, r) -> w.Message:
    """fib_nl_fill_rule() + fib4_rule_fill()."""
    flags = FIB_RULE_INVERT if r.not_ else 0
    table = r.table if r.action == "lookup" else 0
    hdr = w.FibRuleHdr(w.AF_INET, r.dst_len, r.src_len, 0,
                       table if table < 256 else RT_TABLE_COMPAT, 0, 0,
                       _FR_ACTIONS.get(r.action, FR_ACT_TO_TBL), flags)
    default = (r.priority, r.table) in _DEFAULT_RULES and r.action == "lookup" and \
        not (r.src_len or r.dst_len or r.iif or r.oif or r.not_)
    attrs = [w.u32(w.FRA_TABLE, table), w.u32(w.FRA_SUPPRESS_PREFIXLEN, 0xFFFFFFFF),
             w.u8(w.FRA_PROTOCOL, 2 if default else 0)]
    if r.iif is not None:
        attrs.append(w.string(w.FRA_IIFNAME, r.iif))
    if r.oif is not None:
        attrs.append(w.string(w.FRA_OIFNAME, r.oif))
    if r.priority:
        attrs.append(w.u32(w.FRA_PRIORITY, r.priority))
    if r.dst_len:
        attrs.append(w.ipv4(w.FRA_DST, IPv4Address(r.dst)))
    if r.src_len:
        attrs.append(w.ipv4(w.FRA_SRC, IPv4Address(r.src)))
    return req.reply(w.RTM_NEWRULE, hdr, attrs)


def fib_nl_dumprule(req):
    if not w.is_inet(req.msg.header.family):
        return []
    return [fib_nl_fill_rule(req, r) for r in req.ns.rules]


def _rule_fields(req) -> dict:
    msg = req.msg
    hdr = msg.header
    if hdr.family not in (w.AF_INET, w.AF_UNSPEC):
        raise NetsimError(errno.EAFNOSUPPORT)
    get = {a.kind: a for a in msg.attrs}
    actions = {v: k for k, v in _FR_ACTIONS.items()}
    if hdr.action not in actions:
        raise Invalid(extack="Unsupported rule action")
    kw = dict(ns=req.ns_name, invert=bool(hdr.flags & FIB_RULE_INVERT),
              action=actions[hdr.action])
    if w.FRA_PRIORITY in get:
        kw["priority"] = w.get_u32(get[w.FRA_PRIORITY])
    table = w.get_u32(get[w.FRA_TABLE]) if w.FRA_TABLE in get else hdr.table
    if table:
        kw["table"] = table
    for key, attr, plen in (("src", w.FRA_SRC, hdr.src_len), ("dst", w.FRA_DST, hdr.dst_len)):
        if attr in get:
            kw[key], kw[f"{key}_len"] = w.get_ipv4(get[attr]), plen
        elif plen:
            raise Invalid()
    for key, attr in (("iif", w.FRA_IIFNAME), ("oif", w.FRA_OIFNAME)):
        if attr in get:
            kw[key] = w.get_str(get[attr])
    return kw


def fib_nl_newrule(req):
    """fib_nl_newrule(): a lookup rule needs a table (EINVAL); a duplicate is EEXIST."""
    kw = _rule_fields(req)
    if kw["action"] == "lookup" and "table" not in kw:
        raise Invalid(extack="Rule needs a table")
    req.apply(m.RuleAdd(**kw))


def fib_nl_delrule(req):
    """fib_nl_delrule(): the first rule matching the fields given (ENOENT if none)."""
    req.apply(m.RuleDel(**_rule_fields(req)))
