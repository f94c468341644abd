"""Typed commands of ``ip route`` and ``ip rule`` (part of :mod:`netsim.commands.model`,
which re-exports every name: import them from there)."""
from __future__ import annotations

from ipaddress import IPv4Address

from .model import (ROUTE_TYPES, RT_SCOPE_HOST, RT_SCOPE_LINK, RT_SCOPE_NOWHERE,
                    RT_SCOPE_UNIVERSE, RT_TABLE_LOCAL, RT_TABLE_MAIN, RTAX_NAMES, SCOPES, TABLES,
                    _check_plen, _frozen, _ip, _name, _opt, _prefix, _proto_name)

__all__ = ["RouteAdd", "RouteDel", "RouteFlush", "RouteGet", "RuleAdd", "RuleDel"]


# ============================================================================ routes
def _route_words(r, w: list[str], default_type: str | None) -> list[str]:
    if r.type != default_type:
        w.append(r.type)
    w.append(_prefix(r.dst, r.plen))
    if r.tos:
        w += ["tos", str(r.tos)]
    if r.table is not None:
        w += ["table", _name(r.table, TABLES)]
    _opt(w, "via", r.via)
    _opt(w, "dev", r.dev)
    if r.onlink:
        w.append("onlink")
    _opt(w, "src", r.src)
    _opt(w, "metric", r.metric)
    if r.scope is not None:
        w += ["scope", _name(r.scope, SCOPES)]
    _opt(w, "proto", r.proto)
    for name, value, lock in getattr(r, "metrics", ()):
        w += [name, "lock", str(value)] if lock else [name, str(value)]
    return w


@_frozen
class RouteAdd:
    """``ip route add|replace|change|append|prepend [TYPE] DST/PLEN [table T] [via GW]
    [dev DEV] [onlink] [src A] [metric N] [scope S] [proto P]``."""
    dst: IPv4Address
    plen: int
    ns: str | None = None
    mode: str = "add"                  # add | replace | change | append | prepend
    type: str = "unicast"
    table: int | None = None
    via: IPv4Address | None = None
    dev: str | None = None
    onlink: bool = False
    src: IPv4Address | None = None
    metric: int | None = None
    scope: int | None = None
    proto: str | None = None
    tos: int = 0
    metrics: tuple = ()                # RTA_METRICS: ((name, value, locked), ...), RTAX order

    def __post_init__(self):
        _check_plen(self.plen)
        _proto_name(self)
        for name, _value, _lock in self.metrics:
            if name not in RTAX_NAMES:
                raise ValueError(f"unknown route metric {name!r}")
        if self.mode not in ("add", "replace", "change", "append", "prepend"):
            raise ValueError(f"unknown route mode {self.mode!r}")
        if self.type not in ROUTE_TYPES:
            raise ValueError(f"unknown route type {self.type!r}")

    def effective_table(self) -> int:
        """iproute2: local, broadcast, nat and anycast routes go to table local, others main."""
        if self.table is not None:
            return self.table
        return RT_TABLE_LOCAL if self.type in ("local", "broadcast", "nat", "anycast") \
            else RT_TABLE_MAIN

    def effective_scope(self) -> int:
        """iproute2's default scope: host for local/nat, link for broadcast/multicast/anycast
        and for a unicast route without a gateway, else universe."""
        if self.scope is not None:
            return self.scope
        if self.type in ("local", "nat"):
            return RT_SCOPE_HOST
        if self.type in ("broadcast", "multicast", "anycast"):
            return RT_SCOPE_LINK
        if self.type == "unicast" and self.via is None:
            return RT_SCOPE_LINK
        return RT_SCOPE_UNIVERSE

    def effective_proto(self) -> str:
        """iproute2 marks routes it adds ``proto boot`` unless told otherwise."""
        return self.proto if self.proto is not None else "boot"

    def __str__(self) -> str:
        return " ".join(_route_words(self, [_ip(self.ns), "route", self.mode], "unicast"))


@_frozen
class RouteDel:
    """``ip route del [TYPE] DST/PLEN [table T] [via GW] [dev DEV] ...``: the first route
    matching every field given (None matches anything)."""
    dst: IPv4Address
    plen: int
    ns: str | None = None
    type: str | None = None
    table: int | None = None
    via: IPv4Address | None = None
    dev: str | None = None
    onlink: bool = False
    src: IPv4Address | None = None
    metric: int | None = None
    scope: int | None = None
    proto: str | None = None
    tos: int = 0

    def __post_init__(self):
        _proto_name(self)
        _check_plen(self.plen)
        if self.type is not None and self.type not in ROUTE_TYPES:
            raise ValueError(f"unknown route type {self.type!r}")

    def effective_table(self) -> int:
        return self.table if self.table is not None else RT_TABLE_MAIN

    def effective_scope(self) -> int:
        """iproute2 sends RT_SCOPE_NOWHERE (match any scope) unless a scope is given."""
        return self.scope if self.scope is not None else RT_SCOPE_NOWHERE

    def __str__(self) -> str:
        return " ".join(_route_words(self, [_ip(self.ns), "route", "del"], None))


@_frozen
class RouteFlush:
    """``ip route flush [table T|all] [DST/PLEN] [dev DEV] [proto P] [scope S]``: every route
    matching them all (``table=None`` is ``table all``).  ``ip route show`` takes the same
    selectors."""
    ns: str | None = None
    table: int | None = RT_TABLE_MAIN
    dst: IPv4Address | None = None
    plen: int | None = None
    dev: str | None = None
    proto: str | None = None
    scope: int | None = None
    dst_mode: str = "exact"            # exact | root (and longer) | match (and shorter)
    type: str | None = None
    via: IPv4Address | None = None     # gateway prefix (via_plen bits)
    via_plen: int = 32
    src: IPv4Address | None = None     # preferred-source prefix (src_plen bits)
    src_plen: int = 32
    metric: int | None = None
    cache: bool = False          # ``cache``: the route exceptions (RTM_F_CLONED), not routes

    def __post_init__(self):
        _proto_name(self)
        _check_plen(self.plen)
        _check_plen(self.via_plen)
        _check_plen(self.src_plen)
        if (self.dst is None) != (self.plen is None):
            raise ValueError("dst and plen go together")
        if self.dst_mode not in ("exact", "root", "match"):
            raise ValueError(f"dst_mode must be exact, root or match, not {self.dst_mode!r}")
        if self.type is not None and self.type not in ROUTE_TYPES:
            raise ValueError(f"unknown route type {self.type!r}")

    def __str__(self) -> str:
        w = [_ip(self.ns), "route", "flush"]
        if self.table != RT_TABLE_MAIN:
            w += ["table", "all" if self.table is None else _name(self.table, TABLES)]
        if self.cache:
            w.append("cache")
        if self.dst is not None:
            if self.dst_mode != "exact":
                w.append(self.dst_mode)
            w.append(_prefix(self.dst, self.plen))
        _opt(w, "dev", self.dev)
        _opt(w, "proto", self.proto)
        if self.scope is not None:
            w += ["scope", _name(self.scope, SCOPES)]
        _opt(w, "type", self.type)
        if self.via is not None:
            w += ["via", _prefix(self.via, self.via_plen)]
        if self.src is not None:
            w += ["src", _prefix(self.src, self.src_plen)]
        _opt(w, "metric", self.metric)
        return " ".join(w)

    def selects(self, r) -> bool:
        """filter_nlmsg() (ip/iproute.c): whether route ``r`` is shown (flushed).  ``root P``
        takes P and every longer prefix inside it, ``match P`` every route that covers P, a
        bare prefix exactly P; via and src compare their prefix bits."""
        if self.dst is not None:
            if self.dst_mode != "match" and r.plen < self.plen:
                return False
            if self.dst_mode != "root" and r.plen > self.plen:
                return False
            bits = self.plen if self.dst_mode == "root" else r.plen
            if not _same_bits(r.dst, int(self.dst), bits):
                return False
        if self.dev is not None and (r.dev is None or r.dev.name != self.dev):
            return False
        if (self.proto is not None and r.proto != self.proto) or \
                (self.scope is not None and r.scope != self.scope):
            return False
        if self.type is not None and r.type != self.type:
            return False
        if self.via is not None and not _same_bits(int(r.gateway or 0), int(self.via),
                                                   self.via_plen):
            return False
        if self.src is not None and not _same_bits(int(r.prefsrc or 0), int(self.src),
                                                   self.src_plen):
            return False
        return self.metric is None or r.metric == self.metric

    def hidden(self) -> list[str]:
        """The attributes print_route() leaves out because the filter fixes them."""
        fixed = (("dev", self.dev is not None), ("protocol", self.proto is not None),
                 ("scope", self.scope is not None),
                 ("gateway", self.via is not None and self.via_plen == 32),
                 ("prefsrc", self.src is not None and self.src_plen == 32),
                 ("metric", self.metric is not None))
        return [k for k, on in fixed if on]


def _same_bits(a: int, b: int, bits: int) -> bool:
    """inet_addr_match(): the first ``bits`` bits of two addresses agree."""
    return bits == 0 or (a >> (32 - bits)) == (b >> (32 - bits))


@_frozen
class RouteGet:
    """``ip route get DST [from SRC] [iif DEV] [oif DEV] [mark N] [tos N]``: a query, not a
    change (``iif`` asks how a packet arriving there would be routed)."""
    dst: IPv4Address
    ns: str | None = None
    src: IPv4Address | None = None
    iif: str | None = None
    oif: str | None = None
    mark: int | None = None
    tos: int | None = None
    connected: bool = False
    fibmatch: bool = False

    def __str__(self) -> str:
        w = [_ip(self.ns), "route", "get", str(self.dst)]
        _opt(w, "from", self.src)
        _opt(w, "iif", self.iif)
        _opt(w, "oif", self.oif)
        _opt(w, "mark", self.mark)
        _opt(w, "tos", self.tos)
        if self.connected:
            w.append("connected")
        if self.fibmatch:
            w.append("fibmatch")
        return " ".join(w)


# ============================================================================ rules
@_frozen
class _Rule:
    """Fields shared by ``ip rule add`` and ``ip rule del``."""
    ns: str | None = None
    priority: int | None = None
    src: IPv4Address | None = None
    src_len: int = 0
    dst: IPv4Address | None = None
    dst_len: int = 0
    table: int | None = None
    iif: str | None = None
    oif: str | None = None
    invert: bool = False               # `not`
    action: str = "lookup"             # lookup | blackhole | unreachable | prohibit

    _verb = ""

    def __post_init__(self):
        _check_plen(self.src_len)
        _check_plen(self.dst_len)
        if (self.src is None and self.src_len) or (self.dst is None and self.dst_len):
            raise ValueError("a prefix length needs its address")

    def __str__(self) -> str:
        w = [_ip(self.ns), "rule", self._verb]
        if self.invert:
            w.append("not")
        if self.src is not None:
            w += ["from", f"{self.src}/{self.src_len}"]
        if self.dst is not None:
            w += ["to", f"{self.dst}/{self.dst_len}"]
        _opt(w, "iif", self.iif)
        _opt(w, "oif", self.oif)
        _opt(w, "priority", self.priority)
        if self.table is not None:
            w += ["lookup", _name(self.table, TABLES)]
        if self.action != "lookup":
            w.append(self.action)
        return " ".join(w)


@_frozen
class RuleAdd(_Rule):
    """``ip rule add [not] [from P] [to P] [iif D] [oif D] [priority N] [lookup T|ACTION]``;
    no table: main; no priority: the kernel picks one below the second rule's."""
    _verb = "add"

    def effective_table(self) -> int:
        return self.table if self.table is not None else RT_TABLE_MAIN


@_frozen
class RuleDel(_Rule):
    """``ip rule del ...``: the first rule matching every field given."""
    _verb = "del"
