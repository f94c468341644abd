"""Typed commands of ``ip neigh``, ``bridge fdb`` and ``sysctl -w`` (part of
:mod:`netsim.commands.model`, which re-exports every name: import them from there)."""
from __future__ import annotations

from ipaddress import IPv4Address

from .model import NUD_BITS, NUD_STATES, _check_plen, _frozen, _ip, _opt, _set_mac

__all__ = ["NeighAdd", "NeighDel", "NeighFlush", "FdbAdd", "FdbDel", "SysctlSet"]


# ============================================================================ neighbours
@_frozen
class NeighAdd:
    """``ip neigh add|replace|change DST [lladdr MAC] [nud STATE] dev DEV``."""
    dst: IPv4Address
    dev: str
    ns: str | None = None
    mode: str = "add"                  # add | replace | change
    lladdr: str | None = None
    nud: str = "permanent"

    def __post_init__(self):
        _set_mac(self, "lladdr")
        if self.mode not in ("add", "replace", "change"):
            raise ValueError(f"mode must be add, replace or change, not {self.mode!r}")
        if self.nud not in NUD_STATES:
            raise ValueError(f"unknown nud state {self.nud!r}")

    def __str__(self) -> str:
        w = [_ip(self.ns), "neigh", self.mode, str(self.dst)]
        _opt(w, "lladdr", self.lladdr)
        return " ".join(w + ["nud", self.nud, "dev", self.dev])


@_frozen
class NeighDel:
    """``ip neigh del DST dev DEV``."""
    dst: IPv4Address
    dev: str
    ns: str | None = None

    def __str__(self) -> str:
        return f"{_ip(self.ns)} neigh del {self.dst} dev {self.dev}"


@_frozen
class NeighFlush:
    """``ip neigh flush [DST[/PLEN]] [dev DEV] [nud STATE]...``: entries in the prefix (no
    ``plen``: exactly ``dst``) whose state is one of ``nud`` ("all": any but noarp); without
    ``nud``, those that are neither permanent nor noarp.  ``ip neigh show`` takes the same
    selectors (there without ``nud``: any state but noarp)."""
    ns: str | None = None
    dev: str | None = None
    dst: IPv4Address | None = None
    plen: int | None = None
    nud: tuple[str, ...] = ()

    def __post_init__(self):
        _check_plen(self.plen)
        if self.plen is not None and self.dst is None:
            raise ValueError("a prefix length needs its address")
        if self.plen == 32:
            object.__setattr__(self, "plen", None)      # /32 is the address itself
        for state in self.nud:
            if state != "all" and state not in NUD_STATES:
                raise ValueError(f"unknown nud state {state!r}")

    def __str__(self) -> str:
        w = [_ip(self.ns), "neigh", "flush"]
        if self.dst is not None:
            w.append(str(self.dst) if self.plen is None else f"{self.dst}/{self.plen}")
        _opt(w, "dev", self.dev)
        for state in self.nud:
            w += ["nud", state]
        return " ".join(w)

    def state_mask(self, flush: bool = True) -> int:
        """iproute2's filter.state: the union of the ``nud`` states (0x100 stands for none;
        ``all`` is every state, for flush every state but noarp).  Without ``nud``: show
        leaves out noarp entries, flush permanent ones too."""
        if not self.nud:
            # show: 0xFF & ~NUD_NOARP; flush: ~(NUD_PERMANENT|NUD_NOARP), NONE (0x100) included
            return ~(NUD_BITS["noarp"] | NUD_BITS["permanent"]) if flush \
                else 0xFF & ~NUD_BITS["noarp"]
        mask = 0
        for state in self.nud:
            bits = ~(NUD_BITS["noarp"] if flush else 0) if state == "all" else NUD_BITS[state]
            mask |= bits or 0x100
        return mask

    def selects(self, ip: IPv4Address, state: int, flush: bool = True) -> bool:
        """Whether an entry for ``ip`` in NUD ``state`` is shown (flushed): the prefix and
        state filters of ipneigh.c's print_neigh() (the device is the caller's)."""
        if self.dst is not None:
            if self.plen is None:
                if ip != self.dst:
                    return False
            elif self.plen and int(ip) >> (32 - self.plen) != int(self.dst) >> (32 - self.plen):
                return False
        mask = self.state_mask(flush)
        return bool(state & mask) if state else bool(mask & 0x100)


# ============================================================================ bridge fdb
def _fdb_line(f, verb: str, state: str | None = None, vni: int | None = None) -> str:
    """``bridge fdb add|del MAC dev DEV ...`` (only an add has a state and a vni)."""
    w = [_ip(f.ns, "bridge"), "fdb", verb, f.mac, "dev", f.dev]
    if f.master:
        w.append("master")
    if f.self_:
        w.append("self")
    if state is not None:
        w.append(state)
    _opt(w, "dst", f.dst)
    _opt(w, "vni", vni)
    _opt(w, "vlan", f.vlan)
    return " ".join(w)


@_frozen
class FdbAdd:
    """``bridge fdb add MAC dev DEV [master] [self] [permanent|static|dynamic] [dst A]
    [vni N] [vlan N]``; neither master nor self: self (iproute2's default)."""
    mac: str
    dev: str
    ns: str | None = None
    master: bool = False
    self_: bool = False
    state: str | None = None           # permanent | static | dynamic; None: permanent
    dst: IPv4Address | None = None
    vni: int | None = None
    vlan: int | None = None
    mode: str = "add"                  # add (NLM_F_EXCL) | replace | append

    def __post_init__(self):
        _set_mac(self, "mac")
        if self.state not in (None, "permanent", "static", "dynamic"):
            raise ValueError(f"unknown fdb state {self.state!r}")
        if self.mode not in ("add", "replace", "append"):
            raise ValueError(f"mode must be add, replace or append, not {self.mode!r}")

    def __str__(self) -> str:
        return _fdb_line(self, self.mode, self.state, self.vni)


@_frozen
class FdbDel:
    """``bridge fdb del MAC dev DEV [master] [self] [dst A] [vlan N]``."""
    mac: str
    dev: str
    ns: str | None = None
    master: bool = False
    self_: bool = False
    dst: IPv4Address | None = None
    vlan: int | None = None

    def __post_init__(self):
        _set_mac(self, "mac")

    def __str__(self) -> str:
        return _fdb_line(self, "del")


# ============================================================================ sysctl
@_frozen
class SysctlSet:
    """``sysctl -w KEY=VALUE`` in a namespace (``ip netns exec NS sysctl -w ...``); KEY with
    dots, as ``net.ipv4.ip_forward``."""
    key: str
    value: str
    ns: str | None = None

    def __str__(self) -> str:
        prefix = "" if self.ns is None else f"ip netns exec {self.ns} "
        return f"{prefix}sysctl -w {self.key}={self.value}"
