"""Output of ``ip route show``, ``ip route get`` and ``ip rule show``: iproute2 6.1's
``print_route`` (``ip/iproute.c``) and ``print_rule`` (``ip/iprule.c``) over what
``fib_dump_info``/``rt_fill_info``/``fib_nl_fill_rule`` carry.  Part of
:mod:`netsim.commands.show`, which re-exports every public name."""
from __future__ import annotations

from ipaddress import IPv4Address

from ..kernel_model import (RT_TABLE_LOCAL, RT_TABLE_MAIN, SCOPE_NAMES, SCOPE_NOWHERE,
                            TABLE_NAMES, NetNamespace)

__all__ = ["route_objs", "route_text", "route_get_obj", "route_get_text", "route_cache_obj",
           "route_cache_text", "rule_objs", "rule_text"]


# ----------------------------------------------------------------------------- routes
def _table_name(tb: int) -> str:
    return TABLE_NAMES.get(tb, str(tb))


def _route_flags(r) -> list[str]:
    """RTNH_F_* of the nexthop: onlink, and linkdown when the device has no carrier (host-scope
    nexthops, i.e. local routes, never get it: fib_sync_down_dev skips nh_scope nowhere)."""
    flags = []
    if r.onlink:
        flags.append("onlink")
    if r.dev is not None and r.nh_scope != SCOPE_NOWHERE and r.dev.nh_linkdown():
        flags.append("linkdown")
    return flags


def _route_obj(r, table_id, hide=()) -> dict:
    """One route as iproute2's print_route fills it.  ``hide`` names the keys a filter fixed
    ("dev" for ``show dev X``, "protocol", "scope", "gateway", "prefsrc", "metric"): iproute2
    leaves them out, since every line would repeat them."""
    o: dict = {}
    if r.type != "unicast":
        o["type"] = r.type
    o["dst"] = r.dst_str
    if r.gateway is not None and "gateway" not in hide:
        o["gateway"] = str(r.gateway)
    if r.dev is not None and "dev" not in hide:
        o["dev"] = r.dev.name
    if table_id is None and r.table != RT_TABLE_MAIN:
        o["table"] = _table_name(r.table)
    if r.proto != "boot" and "protocol" not in hide:
        o["protocol"] = r.proto
    if r.scope != 0 and "scope" not in hide:
        o["scope"] = SCOPE_NAMES.get(r.scope, str(r.scope))
    if r.prefsrc is not None and "prefsrc" not in hide:
        o["prefsrc"] = str(r.prefsrc)
    if r.metric and "metric" not in hide:
        o["metric"] = r.metric
    o["flags"] = _route_flags(r)
    if r.metrics:
        o["metrics"] = _metrics_obj(r.metrics)
    return o


def _metrics_obj(metrics) -> list[dict]:
    """print_rta_metrics() in JSON: one object, each metric by name (a lock is not shown)."""
    return [{name: value for name, value, _lock in metrics}]


def _metrics_words(metrics) -> list[str]:
    """print_rta_metrics() in text: ``NAME [lock] VALUE`` each."""
    return [f"{name} lock {value}" if lock else f"{name} {value}"
            for name, value, lock in metrics]


def route_objs(ns: NetNamespace, routes, table_id, hide=()) -> list[dict]:
    """``ip -j route show [table T]``; ``table_id`` None means ``table all`` (then routes
    outside main carry a "table" key)."""
    return [_route_obj(r, table_id, hide) for r in routes]


# print_route(): the JSON key of each attribute and the word it follows in the text, in order
_ROUTE_WORDS = (("gateway", "via"), ("dev", "dev"), ("table", "table"), ("protocol", "proto"),
                ("scope", "scope"), ("prefsrc", "src"), ("metric", "metric"))


def route_text(ns: NetNamespace, routes, table_id, hide=()) -> str:
    """``ip route show``: one line per route, each token followed by a space."""
    lines = []
    for r in routes:
        o = _route_obj(r, table_id, hide)
        toks = [o["type"]] if "type" in o else []
        toks.append(o["dst"])
        toks += [f"{word} {o[key]}" for key, word in _ROUTE_WORDS if key in o]
        toks.extend(o["flags"])
        toks += _metrics_words(r.metrics)
        lines.append(" ".join(toks) + " \n")
    return "".join(lines)


_DEFAULT_RULES = ((0, RT_TABLE_LOCAL), (32766, RT_TABLE_MAIN), (32767, 253))


def _has_custom_rules(ns: NetNamespace) -> bool:
    """net->ipv4.fib_has_custom_rules: set by the first rule added (and never cleared; the
    model only keeps the current rules, so an optional attribute of that name wins)."""
    flag = getattr(ns, "fib_has_custom_rules", None)
    if flag is not None:
        return bool(flag)
    return [(r.priority, r.table, r.action, r.src_len, r.dst_len, r.iif, r.oif, r.not_)
            for r in ns.rules] != [(p, t, "lookup", 0, 0, None, None, False)
                                   for p, t in _DEFAULT_RULES]


def _rt_does_redirect(ns, decision, src, iif) -> bool:
    from ..kernel.fib import rt_does_redirect
    return rt_does_redirect(ns, decision, src, iif)


def route_get_obj(ns: NetNamespace, dst: IPv4Address, decision, src=None, iif=None,
                  mark: int | None = None) -> dict:
    """``ip -j route get DST [from SRC] [iif DEV]`` for a successful decision."""
    is_input = iif is not None or decision.input
    o: dict = {}
    if decision.type != "unicast":
        o["type"] = decision.type
    o["dst"] = str(dst)
    if src is not None:
        o["from"] = str(src)
    if decision.gateway is not None:
        o["gateway"] = str(decision.gateway)
    dev = decision.dev
    if is_input and decision.type in ("local", "broadcast"):
        dev = ns.by_name.get("lo", dev)            # ip_rt_get_dev(): the loopback device
    if dev is not None:
        o["dev"] = dev.name
    tb = decision.res.table if decision.res is not None else 0
    if tb and tb != RT_TABLE_MAIN and (tb != RT_TABLE_LOCAL or _has_custom_rules(ns)):
        # without custom rules the local table is merged into main (fib_unmerge)
        o["table"] = _table_name(tb)
    if not is_input and src is None and decision.saddr is not None:
        o["prefsrc"] = str(decision.saddr)
    if mark:
        o["mark"] = mark
    o["flags"] = []
    if not is_input:
        o["uid"] = 0
    flags = set()
    if decision.type == "local" or (dev is not None and dev.kind == "loopback"):
        flags.add("local")                # __mkroute_output(): out through lo is RTCF_LOCAL
    if decision.type == "broadcast":
        flags |= {"local", "brd"}
    elif decision.type == "multicast":
        flags |= {"local", "mc"}
    elif not flags:
        if getattr(decision, "redirected", False):
            flags.add("redirected")       # RTCF_REDIRECTED: an ICMP redirect's gateway
        if is_input and _rt_does_redirect(ns, decision, src, iif):
            flags.add("redirect")
    # print_cache_flags() prints them in RTCF_* order
    o["cache"] = [f for f in ("local", "mc", "brd", "redirected", "redirect") if f in flags]
    if getattr(decision, "expires", 0):
        o["expires"] = decision.expires   # print_rta_cacheinfo(), before the metrics
    metrics = getattr(decision, "metrics", ())
    if metrics:
        o["metrics"] = _metrics_obj(metrics)
    if is_input and iif is not None:
        o["iif"] = iif.name
    return o


def route_get_text(ns: NetNamespace, dst: IPv4Address, decision, src=None, iif=None,
                   mark: int | None = None) -> str:
    """``ip route get``: the route line, then ``    cache [<flags>] [iif DEV]``."""
    o = route_get_obj(ns, dst, decision, src, iif, mark)
    toks = [o["type"]] if "type" in o else []
    toks.append(o["dst"])
    for key, word in (("from", "from"), ("gateway", "via"), ("dev", "dev"), ("table", "table"),
                      ("prefsrc", "src"), ("mark", "mark"), ("uid", "uid")):
        if key in o:
            toks.append(f"{word} {o[key]}")
    line2 = "    cache "
    if o["cache"]:
        line2 += "<" + ",".join(o["cache"]) + "> "
    if "expires" in o:
        line2 += f"expires {o['expires']}sec "
    for word in _metrics_words(getattr(decision, "metrics", ())):
        line2 += word + " "
    if "iif" in o:
        line2 += f"iif {o['iif']} "
    return " ".join(toks) + " \n" + line2 + "\n"


def route_cache_obj(ns: NetNamespace, dst: IPv4Address, rt, table_id, hide=()) -> dict:
    """One entry of ``ip -j route show cache``: a route exception as rt_fill_info() gives it
    (no source, no uid), its table only when not main."""
    o: dict = {"dst": str(dst)}
    if rt.gateway is not None:
        o["gateway"] = str(rt.gateway)
    if rt.dev is not None and "dev" not in hide:
        o["dev"] = rt.dev.name
    tb = rt.res.table
    if table_id is None and tb != RT_TABLE_MAIN:
        o["table"] = _table_name(tb)
    o["flags"] = []
    o["cache"] = ["redirected"] if rt.redirected else []
    if rt.expires:
        o["expires"] = rt.expires
    return o


def route_cache_text(ns: NetNamespace, dst: IPv4Address, rt, table_id, hide=()) -> str:
    """``ip route show cache``: 'DST via GW dev DEV ' then '    cache <redirected> expires Ns '."""
    o = route_cache_obj(ns, dst, rt, table_id, hide)
    toks = [o["dst"]] + [f"{word} {o[key]}" for key, word in
                         (("gateway", "via"), ("dev", "dev"), ("table", "table")) if key in o]
    line2 = "    cache "
    if o["cache"]:
        line2 += "<" + ",".join(o["cache"]) + "> "
    if "expires" in o:
        line2 += f"expires {o['expires']}sec "
    return " ".join(toks) + " \n" + line2 + "\n"


# ----------------------------------------------------------------------------- rules
def _prefix(addr: int, plen: int) -> tuple[str, int | None]:
    return str(IPv4Address(addr)), (plen if plen != 32 else None)


def rule_objs(ns: NetNamespace) -> list[dict]:
    """``ip -j rule show``."""
    out = []
    for r in ns.rules:
        o: dict = {"priority": r.priority}
        if r.not_:
            o["not"] = None
        if r.src_len:
            o["src"], ln = _prefix(r.src, r.src_len)
            if ln is not None:
                o["srclen"] = ln
        else:
            o["src"] = "all"
        if r.dst_len:
            o["dst"], ln = _prefix(r.dst, r.dst_len)
            if ln is not None:
                o["dstlen"] = ln
        if r.iif is not None:
            o["iif"] = r.iif
            if r.iif not in ns.by_name:
                o["iif_detached"] = None
        if r.oif is not None:
            o["oif"] = r.oif
            if r.oif not in ns.by_name:
                o["oif_detached"] = None
        if r.action == "lookup":
            o["table"] = _table_name(r.table)
        else:
            o["action"] = r.action
        out.append(o)
    return out


def rule_text(ns: NetNamespace) -> str:
    """``ip rule show``: 'PRIO:<TAB>[not ]from SRC[ to DST][ iif I][ oif O] lookup T'."""
    lines = []
    for o in rule_objs(ns):
        s = f"{o['priority']}:\t" + ("not " if "not" in o else "") + f"from {o['src']}"
        if "srclen" in o:
            s += f"/{o['srclen']}"
        if "dst" in o:
            s += f" to {o['dst']}" + (f"/{o['dstlen']}" if "dstlen" in o else "")
        for key in ("iif", "oif"):
            if key in o:
                s += f" {key} {o[key]}" + (" [detached]" if f"{key}_detached" in o else "")
        s += f" lookup {o['table']}" if "table" in o else f" {o['action']}"
        lines.append(s + "\n")
    return "".join(lines)
