"""Netfilter tables, chains and rules, and their evaluation.

Models ``net/netfilter/x_tables.c`` + ``net/ipv4/netfilter/ip_tables.c``
(``ipt_do_table``: walk the rules of a chain, jump/goto/RETURN, policy at the
end of a built-in chain) as seen through iptables-nft 1.8.9 (``nft_do_chain``
in ``net/netfilter/nf_tables_core.c``). The match modules are
``net/netfilter/xt_{tcpudp,multiport,conntrack,state,addrtype,comment}.c``
and ``net/ipv4/netfilter/ipt_REJECT.c``; targets ``xt_LOG.c``,
``xt_nat.c``, ``xt_MASQUERADE.c``, ``xt_REDIRECT.c``.

Read first: :class:`Rule` (a frozen value, printed by :meth:`Rule.spec` the
way ``iptables -S`` prints it) and :meth:`Netfilter.run`.

iptables-nft counter quirks kept here (see conformance/FORMAT.md):

* a built-in chain's policy counters stay 0 until ``-P`` is used on it
  (:attr:`Chain.policy_set`);
* a built-in chain that no rule or policy ever touched does not exist in nft
  (:attr:`Chain.exists`); nothing is counted there and ``-D CHAIN N`` on it
  reports "No chain/target/match by that name.";
* ``-R`` resets the replaced rule's counters.

This module holds no packet path: the kernel calls :meth:`Netfilter.run` from
``nf_hook`` with a :class:`MatchContext`.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Callable, Optional, Union

IPv4Network = ipaddress.IPv4Network

#: Tables and their built-in chains, in the order iptables lists them.
TABLES: dict[str, tuple[str, ...]] = {
    "filter": ("INPUT", "FORWARD", "OUTPUT"),
    "nat": ("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
    "mangle": ("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
    "raw": ("PREROUTING", "OUTPUT"),
    "security": ("INPUT", "FORWARD", "OUTPUT"),
}

PROTO_NAMES = {1: "icmp", 6: "tcp", 17: "udp", 47: "gre", 50: "esp", 51: "ah",
               132: "sctp", 33: "dccp", 58: "ipv6-icmp", 2: "igmp", 4: "ipencap",
               41: "ipv6", 89: "ospf", 112: "vrrp", 136: "udplite"}
PROTO_NUMBERS = {v: k for k, v in PROTO_NAMES.items()}
PROTO_NUMBERS.update({"icmp": 1, "tcp": 6, "udp": 17, "ipip": 4, "ospfigp": 89})

#: ctstate bits in the order libxt_conntrack prints them.
CTSTATES = ("INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT")
#: state match (libxt_state) only knows these.
STATE_STATES = ("INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED")
#: addrtype names in RTN_* order (libxt_addrtype).
ADDRTYPES = ("UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
             "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE")
REJECT_TYPES = {
    "icmp-net-unreachable": "net-unreach", "icmp-host-unreachable": "host-unreach",
    "icmp-proto-unreachable": "proto-unreach", "icmp-port-unreachable": "port-unreach",
    "icmp-net-prohibited": "net-prohib", "icmp-host-prohibited": "host-prohib",
    "tcp-reset": "tcp-rst", "icmp-admin-prohibited": "admin-prohib",
}
STANDARD_TARGETS = ("ACCEPT", "DROP", "RETURN", "QUEUE")
#: LOG's XT_LOG_* option bits, in the order libxt_LOG prints them
LOG_FLAGS = ((0x01, "tcp-sequence"), (0x02, "tcp-options"), (0x04, "ip-options"),
             (0x08, "uid"), (0x20, "macdecode"))
NAT_TARGETS = ("SNAT", "DNAT", "MASQUERADE", "REDIRECT")
#: chains of the nat table each NAT target may be used in (xt_nat.c hooks).
NAT_HOOKS = {"SNAT": ("POSTROUTING", "INPUT"), "MASQUERADE": ("POSTROUTING",),
             "DNAT": ("PREROUTING", "OUTPUT"), "REDIRECT": ("PREROUTING", "OUTPUT")}
#: the hooks (built-in chains) each target with a hook mask may be reached from
TARGET_HOOKS = {**NAT_HOOKS, "REJECT": ("INPUT", "FORWARD", "OUTPUT")}
_MAX_JUMP_DEPTH = 16  # NFT_JUMP_STACK_SIZE


def save_string(value: str) -> str:
    """Quote like ``xtables_save_string`` (libxtables/xtables.c)."""
    ok = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if value and all(c in ok for c in value):
        return value
    return '"' + "".join("\\" + c if c in "\"\\'" else c for c in value) + '"'


#: libxt_tcp's tcp_flag_names, in the order it prints them
TCP_FLAG_NAMES = (("FIN", 0x01), ("SYN", 0x02), ("RST", 0x04), ("PSH", 0x08), ("ACK", 0x10),
                  ("URG", 0x20), ("ALL", 0x3F), ("NONE", 0))


def tcp_flag_names(flags: int) -> str:
    """print_tcpf(): ``SYN,ACK``; ``NONE`` for no flag."""
    names = [n for n, bit in TCP_FLAG_NAMES[:6] if flags & bit]
    return ",".join(names) or "NONE"


def _ports(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}:{hi}"


def _bang(inv: bool) -> str:
    return "! " if inv else ""


# ---------------------------------------------------------------- matches

@dataclass(frozen=True)
class TcpUdpMatch:
    """``-m tcp|udp --sport/--dport`` (net/netfilter/xt_tcpudp.c)."""
    proto: str
    sport: Optional[tuple[int, int]] = None
    sport_inv: bool = False
    dport: Optional[tuple[int, int]] = None
    dport_inv: bool = False
    flags: Optional[tuple[int, int]] = None     # --tcp-flags MASK COMP (--syn: 0x17 0x02)
    flags_inv: bool = False

    def save(self) -> str:
        s = f"-m {self.proto}"
        if self.sport:
            s += f" {_bang(self.sport_inv)}--sport {_ports(*self.sport)}"
        if self.dport:
            s += f" {_bang(self.dport_inv)}--dport {_ports(*self.dport)}"
        if self.flags:
            s += (f" {_bang(self.flags_inv)}--tcp-flags {tcp_flag_names(self.flags[0])} "
                  f"{tcp_flag_names(self.flags[1])}")
        return s

    def matches(self, ctx: "MatchContext") -> bool:
        if ctx.proto != PROTO_NUMBERS[self.proto]:
            return False
        for rng, inv, val in ((self.sport, self.sport_inv, ctx.sport),
                              (self.dport, self.dport_inv, ctx.dport)):
            if rng is not None:
                if val is None or (rng[0] <= val <= rng[1]) == inv:
                    return False
        if self.flags is not None:
            mask, cmp = self.flags
            if ctx.tcp_flags is None or ((ctx.tcp_flags & mask) == cmp) == self.flags_inv:
                return False
        return True


@dataclass(frozen=True)
class MultiportMatch:
    """``-m multiport --dports/--sports/--ports`` (xt_multiport.c)."""
    proto: str
    kind: str                      # "dports", "sports" or "ports"
    ports: tuple[tuple[int, int], ...]
    inv: bool = False

    def save(self) -> str:
        return (f"-m multiport {_bang(self.inv)}--{self.kind} "
                + ",".join(_ports(*p) for p in self.ports))

    def matches(self, ctx: "MatchContext") -> bool:
        if ctx.proto != PROTO_NUMBERS.get(self.proto, -1):
            return False
        vals = {"dports": (ctx.dport,), "sports": (ctx.sport,),
                "ports": (ctx.sport, ctx.dport)}[self.kind]
        hit = any(v is not None and lo <= v <= hi for v in vals for lo, hi in self.ports)
        return hit != self.inv


@dataclass(frozen=True)
class IcmpMatch:
    """``-m icmp --icmp-type T[/C]`` (net/ipv4/netfilter/ip_tables.c icmp_match)."""
    type: int                       # 255 = any
    code: tuple[int, int] = (0, 255)
    inv: bool = False

    def save(self) -> str:
        t = str(self.type)
        if self.type == 255:
            t = "any"                       # libxt_icmp icmp_save(): "special hack for 'any'"
        elif self.code != (0, 255):
            t += f"/{self.code[0]}"
        return f"-m icmp {_bang(self.inv)}--icmp-type {t}"

    def matches(self, ctx: "MatchContext") -> bool:
        if ctx.proto != 1:
            return False
        itype, icode = (ctx.icmp_type if isinstance(ctx.icmp_type, tuple)
                        else (ctx.icmp_type, 0))
        hit = self.type == 255 or (itype == self.type
                                   and self.code[0] <= (icode or 0) <= self.code[1])
        return hit != self.inv


@dataclass(frozen=True)
class ConntrackMatch:
    """``-m conntrack --ctstate`` / ``-m state --state`` (xt_conntrack.c, xt_state.c)."""
    states: frozenset[str]
    inv: bool = False
    module: str = "conntrack"

    def ordered(self) -> str:
        return ",".join(s for s in CTSTATES if s in self.states)

    def save(self) -> str:
        opt = "--ctstate" if self.module == "conntrack" else "--state"
        return f"-m {self.module} {_bang(self.inv)}{opt} {self.ordered()}"

    def matches(self, ctx: "MatchContext") -> bool:
        state = ctx.ctstate or "UNTRACKED"
        return (state in self.states) != self.inv


@dataclass(frozen=True)
class AddrtypeMatch:
    """``-m addrtype --src-type/--dst-type`` (xt_addrtype.c)."""
    src_types: tuple[str, ...] = ()
    src_inv: bool = False
    dst_types: tuple[str, ...] = ()
    dst_inv: bool = False

    def save(self) -> str:
        s = "-m addrtype"
        if self.src_types:
            s += f" {_bang(self.src_inv)}--src-type {','.join(self.src_types)}"
        if self.dst_types:
            s += f" {_bang(self.dst_inv)}--dst-type {','.join(self.dst_types)}"
        return s

    def matches(self, ctx: "MatchContext") -> bool:
        for types, inv, addr in ((self.src_types, self.src_inv, ctx.src),
                                 (self.dst_types, self.dst_inv, ctx.dst)):
            if types and (ctx.addr_type(addr) in types) == inv:
                return False
        return True


@dataclass(frozen=True)
class CommentMatch:
    """``-m comment --comment TEXT`` (xt_comment.c): always matches."""
    text: str

    def save(self) -> str:
        return f"-m comment --comment {save_string(self.text)}"

    def matches(self, ctx: "MatchContext") -> bool:
        return True


Match = Union[TcpUdpMatch, MultiportMatch, IcmpMatch, ConntrackMatch, AddrtypeMatch,
              CommentMatch]


# ---------------------------------------------------------------- targets

@dataclass(frozen=True)
class NatSpec:
    """What a NAT target asks conntrack to do (xt_nat.c / nf_nat_range2)."""
    kind: str                                   # SNAT, DNAT, MASQUERADE, REDIRECT
    addr: Optional[ipaddress.IPv4Address] = None
    addr_hi: Optional[ipaddress.IPv4Address] = None
    ports: Optional[tuple[int, int]] = None
    flags: tuple[str, ...] = ()                 # random, random-fully, persistent

    def text(self) -> str:
        """``A[-B][:P[-Q]]`` as ``--to-source``/``--to-destination`` print it."""
        s = str(self.addr) if self.addr else ""
        if self.addr_hi and self.addr_hi != self.addr:
            s += f"-{self.addr_hi}"
        if self.ports:
            p = str(self.ports[0]) if self.ports[0] == self.ports[1] else "%d-%d" % self.ports
            s = f"{s}:{p}" if self.addr or self.kind in ("SNAT", "DNAT") else p
        return s


@dataclass(frozen=True)
class Target:
    """``-j NAME [options]``: a standard verdict, a user chain, or an extension."""
    name: str
    reject_with: Optional[str] = None           # REJECT
    log_prefix: Optional[str] = None            # LOG
    log_level: int = 4
    log_flags: int = 0                          # LOG: XT_LOG_* bits (tcp-sequence = 1 ...)
    nat: Optional[NatSpec] = None               # SNAT/DNAT/MASQUERADE/REDIRECT
    mark: Optional[tuple[int, int]] = None      # MARK --set-xmark value/mask
    notrack: bool = False                       # CT --notrack (and NOTRACK): raw table
    chain: bool = False                         # a jump to a user chain (which may be named
                                                # like a verdict after -E: nft keeps the jump)

    def save(self) -> str:
        s = self.name
        if self.name == "REJECT":
            s += f" --reject-with {self.reject_with}"
        elif self.name == "LOG":
            if self.log_prefix is not None:
                s += f" --log-prefix {save_string(self.log_prefix)}"
            if self.log_level != 4:
                s += f" --log-level {self.log_level}"
            for bit, name in LOG_FLAGS:
                if self.log_flags & bit:
                    s += f" --log-{name}"
        elif self.name == "CT" and self.notrack:
            s += " --notrack"
        elif self.name == "MARK" and self.mark is not None:
            s += " --set-xmark 0x%x/0x%x" % self.mark
        elif self.nat is not None:
            if self.nat.addr or self.nat.ports:
                opt = {"SNAT": "--to-source", "DNAT": "--to-destination"}.get(
                    self.name, "--to-ports")
                s += f" {opt} {self.nat.text()}"
            s += "".join(f" --{f}" for f in self.nat.flags)
        return s


# ---------------------------------------------------------------- rule

@dataclass(frozen=True)
class Rule:
    """One ``struct ipt_entry``: the IP header matches, extensions, target."""
    src: Optional[IPv4Network] = None
    src_inv: bool = False
    dst: Optional[IPv4Network] = None
    dst_inv: bool = False
    in_if: Optional[str] = None
    in_inv: bool = False
    out_if: Optional[str] = None
    out_inv: bool = False
    proto: Optional[int] = None        # None/0 = all
    proto_inv: bool = False
    matches: tuple[Match, ...] = ()
    target: Optional[Target] = None
    goto: bool = False

    def spec(self, counters: Optional[tuple[int, int]] = None) -> str:
        """The rule as ``iptables -S`` prints it, without ``-A CHAIN``."""
        parts = []
        if self.src is not None:
            parts.append(f"{_bang(self.src_inv)}-s {self.src}")
        if self.dst is not None:
            parts.append(f"{_bang(self.dst_inv)}-d {self.dst}")
        if self.in_if:
            parts.append(f"{_bang(self.in_inv)}-i {self.in_if}")
        if self.out_if:
            parts.append(f"{_bang(self.out_inv)}-o {self.out_if}")
        if self.proto:
            parts.append(f"{_bang(self.proto_inv)}-p {PROTO_NAMES.get(self.proto, self.proto)}")
        parts += [m.save() for m in self.matches]
        if counters is not None:
            parts.append("-c %d %d" % counters)
        if self.target is not None:
            parts.append(("-g " if self.goto else "-j ") + self.target.save())
        return " ".join(parts)

    def matches_ctx(self, ctx: "MatchContext") -> bool:
        """``ip_packet_match`` + each extension's ``match``."""
        for net, inv, addr in ((self.src, self.src_inv, ctx.src),
                               (self.dst, self.dst_inv, ctx.dst)):
            if net is not None and (addr in net) == inv:
                return False
        for name, inv, dev in ((self.in_if, self.in_inv, ctx.in_dev),
                               (self.out_if, self.out_inv, ctx.out_dev)):
            if name and _iface_match(name, dev) == inv:
                return False
        if self.proto and (ctx.proto == self.proto) == self.proto_inv:
            return False
        return all(m.matches(ctx) for m in self.matches)


def _iface_match(pattern: str, dev: Optional[str]) -> bool:
    if dev is None:
        return False
    if pattern.endswith("+"):
        return dev.startswith(pattern[:-1])
    return dev == pattern


# ---------------------------------------------------------------- state

@dataclass
class RuleEntry:
    """A rule in a chain with its (mutable) packet and byte counters."""
    rule: Rule
    packets: int = 0
    bytes: int = 0


@dataclass
class Chain:
    """A built-in chain (with policy) or a user chain (``policy`` is None)."""
    name: str
    policy: Optional[str] = None
    rules: list[RuleEntry] = field(default_factory=list)
    policy_packets: int = 0
    policy_bytes: int = 0
    policy_set: bool = False     # -P used: nft counts policy hits from now on
    exists: bool = True          # False for an untouched built-in chain

    @property
    def builtin(self) -> bool:
        return self.policy is not None


@dataclass
class Table:
    name: str
    chains: dict[str, Chain]

    def user_chains(self) -> list[Chain]:
        """User chains sorted by name, as iptables-nft 1.8.9 lists them."""
        return sorted((c for c in self.chains.values() if not c.builtin),
                      key=lambda c: c.name)

    def ordered(self) -> list[Chain]:
        return [self.chains[n] for n in TABLES[self.name]] + self.user_chains()

    def hooks_reaching(self, name: str) -> set[str]:
        """The built-in chains (hooks) from which chain ``name`` is reached through jumps and
        gotos -- what nf_tables checks a target's hook mask against (nft_chain_validate)."""
        found = set()
        for start in (c.name for c in self.chains.values() if c.builtin):
            seen, stack = set(), [start]
            while stack:
                n = stack.pop()
                if n == name:
                    found.add(start)
                    break
                if n in seen or n not in self.chains:
                    continue
                seen.add(n)
                stack.extend(e.rule.target.name for e in self.chains[n].rules
                             if e.rule.target is not None and e.rule.target.chain)
        return found

    def targets_below(self, name: str) -> set[str]:
        """The targets used in chain ``name`` and in every chain it jumps or goes to."""
        out, seen, stack = set(), set(), [name]
        while stack:
            n = stack.pop()
            if n in seen or n not in self.chains:
                continue
            seen.add(n)
            for e in self.chains[n].rules:
                t = e.rule.target
                if t is not None and t.chain:
                    stack.append(t.name)
                elif t is not None:
                    out.add(t.name)
        return out

    def references(self, name: str) -> int:
        return sum(1 for c in self.chains.values() for e in c.rules
                   if e.rule.target is not None and e.rule.target.chain
                   and e.rule.target.name == name)


@dataclass(frozen=True)
class MatchContext:
    """What the rules look at; built by the kernel's ``nf_hook``."""
    src: ipaddress.IPv4Address
    dst: ipaddress.IPv4Address
    proto: int
    sport: Optional[int] = None
    dport: Optional[int] = None
    icmp_type: Optional[Union[int, tuple[int, int]]] = None   # type or (type, code)
    in_dev: Optional[str] = None
    out_dev: Optional[str] = None
    ctstate: str = "NEW"
    length: int = 0                                             # IPv4 total length
    mark: int = 0                                               # skb->mark
    addr_type: Callable[[ipaddress.IPv4Address], str] = lambda a: "UNICAST"
    tcp_flags: Optional[int] = None                             # TCP header flags


@dataclass(frozen=True)
class RuleTested:
    """One rule looked at during :meth:`Netfilter.run` (for the trace)."""
    table: str
    chain: str
    rule_num: int                 # 0 for the chain policy
    text: str                     # "-A CHAIN ..." as -S prints it, or "-P CHAIN POLICY"
    matched: bool
    packets: int
    bytes: int


@dataclass(frozen=True)
class Verdict:
    """Result of a table traversal.

    ``name`` is ACCEPT, DROP, REJECT, SNAT, DNAT, MASQUERADE or REDIRECT.
    """
    name: str
    reject_with: Optional[str] = None
    nat: Optional[NatSpec] = None
    tested: tuple[RuleTested, ...] = ()
    logs: tuple["Target", ...] = ()   # the LOG targets hit, in order (nf_path writes the lines)
    mark: int = 0                     # skb->mark after any MARK target
    notrack: bool = False             # a NOTRACK / CT --notrack target was hit (raw table)
    chain: str = ""               # chain that decided
    rule_num: int = 0             # 0 = the policy decided

    @property
    def accepted(self) -> bool:
        return self.name not in ("DROP", "REJECT")


class Netfilter:
    """The iptables state of one network namespace (``struct netns_xt``)."""

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {
            t: Table(t, {c: Chain(c, policy="ACCEPT", exists=False) for c in chains})
            for t, chains in TABLES.items()}

    def table(self, name: str) -> Table:
        return self.tables[name]

    def chain(self, table: str, name: str) -> Optional[Chain]:
        return self.tables[table].chains.get(name)

    # ------------------------------------------------------------ evaluation
    def run(self, table: str, chain_name: str, ctx: MatchContext) -> Verdict:
        """Traverse ``table``/``chain_name`` for one packet (``ipt_do_table``)."""
        tbl = self.tables[table]
        tested: list[RuleTested] = []
        logs: list[str] = []
        stack: list[tuple[Chain, int]] = []
        mark = ctx.mark
        notrack = False
        chain = tbl.chains[chain_name]
        base = chain
        i = 0
        while True:
            if i >= len(chain.rules):
                if not stack or chain is base:
                    if not chain.builtin:   # run() on a user chain: behave like RETURN
                        return Verdict("RETURN", tested=tuple(tested), logs=tuple(logs),
                                       chain=chain.name, mark=mark, notrack=notrack)
                    return self._policy(table, base, ctx, tested, logs, mark, notrack)
                chain, i = stack.pop()
                continue
            entry = chain.rules[i]
            rule = entry.rule
            hit = rule.matches_ctx(ctx)
            if hit:
                entry.packets += 1
                entry.bytes += ctx.length
            tested.append(RuleTested(table, chain.name, i + 1,
                                     f"-A {chain.name} {rule.spec()}".rstrip(), hit,
                                     entry.packets, entry.bytes))
            i += 1
            if not hit or rule.target is None:
                continue
            t = rule.target
            if t.chain and t.name in tbl.chains:
                if len(stack) >= _MAX_JUMP_DEPTH:
                    return Verdict("DROP", tested=tuple(tested), logs=tuple(logs),
                                   chain=chain.name, rule_num=i, mark=mark)
                if not rule.goto:
                    stack.append((chain, i))
                chain, i = tbl.chains[t.name], 0
                continue
            done = dict(tested=tuple(tested), logs=tuple(logs), chain=chain.name, rule_num=i,
                        mark=mark, notrack=notrack)
            if t.name in ("ACCEPT", "DROP"):
                return Verdict(t.name, **done)
            if t.name == "REJECT":
                return Verdict("REJECT", reject_with=t.reject_with, **done)
            if t.name in NAT_TARGETS:
                return Verdict(t.name, nat=t.nat, **done)
            if t.name == "LOG":
                logs.append(t)
                continue
            if t.name == "NOTRACK" or t.name == "CT" and t.notrack:
                notrack = True
                continue
            if t.name == "MARK":
                value, mask = t.mark
                mark = (mark & ~mask & 0xFFFFFFFF) ^ value
                continue
            if t.name == "RETURN":
                if not stack:
                    return self._policy(table, base, ctx, tested, logs, mark, notrack)
                chain, i = stack.pop()
                continue
            return Verdict("DROP", **done)   # unknown target: cannot happen via iptables()

    def _policy(self, table: str, chain: Chain, ctx: MatchContext,
                tested: list, logs: list, mark: int, notrack: bool = False) -> Verdict:
        if chain.policy_set:
            chain.policy_packets += 1
            chain.policy_bytes += ctx.length
        tested.append(RuleTested(table, chain.name, 0, f"-P {chain.name} {chain.policy}",
                                 True, chain.policy_packets, chain.policy_bytes))
        return Verdict(chain.policy or "ACCEPT", tested=tuple(tested), logs=tuple(logs),
                       chain=chain.name, rule_num=0, mark=mark, notrack=notrack)
