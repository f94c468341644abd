"""``iptables -L`` / ``-S`` output, byte for byte as iptables 1.8.9 prints it.

Models ``iptables/nft.c`` (``nft_rule_list``, ``nft_rule_list_save``),
``iptables/xshared.c`` (``print_header``, ``print_ifaces``, ``print_fragment``,
``print_ipv4_addresses``), ``libxtables/xtables.c`` (``xtables_print_num``)
and the ``print`` hooks of ``extensions/libxt_*.c`` / ``libipt_*.c``.
Names are never looked up in DNS: without ``-n`` an address prints as
``anywhere`` (0.0.0.0/0) or numerically, a port as its ``/etc/services`` name
from the small table below.
"""
from __future__ import annotations

from netsim.kernel.netfilter import (
    LOG_FLAGS, PROTO_NAMES, tcp_flag_names, AddrtypeMatch, Chain, CommentMatch, ConntrackMatch, IcmpMatch,
    MultiportMatch, Rule, RuleEntry, Table, TcpUdpMatch)

from netsim.services import SERVICE_PORTS, SERVICES  # noqa: F401  (re-exported)

#: libipt_icmp.c icmp_codes: (name, type, code_min, code_max)
ICMP_CODES = (
    ("any", 255, 0, 255), ("echo-reply", 0, 0, 255), ("destination-unreachable", 3, 0, 255),
    ("network-unreachable", 3, 0, 0), ("host-unreachable", 3, 1, 1),
    ("protocol-unreachable", 3, 2, 2), ("port-unreachable", 3, 3, 3),
    ("fragmentation-needed", 3, 4, 4), ("source-route-failed", 3, 5, 5),
    ("network-unknown", 3, 6, 6), ("host-unknown", 3, 7, 7),
    ("network-prohibited", 3, 9, 9), ("host-prohibited", 3, 10, 10),
    ("TOS-network-unreachable", 3, 11, 11), ("TOS-host-unreachable", 3, 12, 12),
    ("communication-prohibited", 3, 13, 13), ("host-precedence-violation", 3, 14, 14),
    ("precedence-cutoff", 3, 15, 15), ("source-quench", 4, 0, 255),
    ("redirect", 5, 0, 255), ("network-redirect", 5, 0, 0), ("host-redirect", 5, 1, 1),
    ("TOS-network-redirect", 5, 2, 2), ("TOS-host-redirect", 5, 3, 3),
    ("echo-request", 8, 0, 255), ("router-advertisement", 9, 0, 255),
    ("router-solicitation", 10, 0, 255), ("time-exceeded", 11, 0, 255),
    ("ttl-zero-during-transit", 11, 0, 0), ("ttl-zero-during-reassembly", 11, 1, 1),
    ("parameter-problem", 12, 0, 255), ("ip-header-bad", 12, 0, 0),
    ("required-option-missing", 12, 1, 1), ("timestamp-request", 13, 0, 255),
    ("timestamp-reply", 14, 0, 255), ("address-mask-request", 17, 0, 255),
    ("address-mask-reply", 18, 0, 255))
_LOG_LEVELS = ("emerg", "alert", "crit", "error", "warning", "notice", "info", "debug")


def _num(n: int, exact: bool, notable: bool = False) -> str:
    """``xtables_print_num``."""
    if exact:
        return f"{n} " if notable else f"{n:8d} "
    if n <= 99999:
        return f"{n} " if notable else f"{n:5d} "
    for suffix in "KMGT":
        n = (n + 500) // 1000
        if n <= 9999 or suffix == "T":
            return f"{n}{suffix} " if notable else f"{n:4d}{suffix} "
    return ""


def _port(port: int, proto: str, numeric: bool) -> str:
    if numeric:
        return str(port)
    return SERVICES.get((port, proto), str(port))


def _range(rng: tuple[int, int], proto: str, numeric: bool) -> str:
    lo, hi = rng
    if lo == hi:
        return _port(lo, proto, numeric)
    return f"{_port(lo, proto, numeric)}:{_port(hi, proto, numeric)}"


def _match_text(m, numeric: bool) -> str:
    """The ``print`` hook of each match extension (each starts with a space)."""
    if isinstance(m, TcpUdpMatch):
        s = f" {m.proto}"
        for tag, rng, inv in (("spt", m.sport, m.sport_inv), ("dpt", m.dport, m.dport_inv)):
            if rng is not None:
                plural = "s" if rng[0] != rng[1] else ""
                s += f" {tag}{plural}:{'!' if inv else ''}{_range(rng, m.proto, numeric)}"
        if m.flags is not None:
            mask, cmp = m.flags
            s += f" flags:{'!' if m.flags_inv else ''}"
            s += (f"0x{mask:02X}/0x{cmp:02X}" if numeric
                  else f"{tcp_flag_names(mask)}/{tcp_flag_names(cmp)}")
        return s
    if isinstance(m, MultiportMatch):
        ports = ",".join(_range(p, m.proto, numeric) for p in m.ports)
        return f" multiport {m.kind} {' !' if m.inv else ''}{ports}"
    if isinstance(m, IcmpMatch):
        if numeric:
            s = f" icmp{' !' if m.inv else ''}type {m.type}"
            if m.code[0] == m.code[1]:
                s += f" code {m.code[0]}"
            elif m.code != (0, 255):
                s += f" codes {m.code[0]}-{m.code[1]}"
            return s
        for name, t, lo, hi in ICMP_CODES:
            if t == m.type and (lo, hi) == m.code:
                return f" icmp {'!' if m.inv else ''}{name}"
        return _match_text(m, True)
    if isinstance(m, ConntrackMatch):
        word = "ctstate" if m.module == "conntrack" else "state"
        return f" {'! ' if m.inv else ''}{word} {m.ordered()}"
    if isinstance(m, AddrtypeMatch):
        s = " ADDRTYPE match"
        if m.src_types:
            s += f" src-type {'!' if m.src_inv else ''}{','.join(m.src_types)}"
        if m.dst_types:
            s += f" dst-type {'!' if m.dst_inv else ''}{','.join(m.dst_types)}"
        return s
    if isinstance(m, CommentMatch):
        return f" /* {m.text} */"
    return ""


def _target_text(rule: Rule, numeric: bool) -> str:
    t = rule.target
    if t is None:
        return ""
    if t.name == "REJECT":
        return f" reject-with {t.reject_with}"
    if t.name == "LOG":
        if numeric:
            s = f" LOG flags {t.log_flags} level {t.log_level}"
        else:
            s = f" LOG level {('warn' if t.log_level == 4 else _LOG_LEVELS[t.log_level])}"
            s += "".join(f" {name}" for bit, name in LOG_FLAGS if t.log_flags & bit)
        if t.log_prefix is not None:
            s += f' prefix "{t.log_prefix}"'
        return s
    if t.name == "NOTRACK":
        return " NOTRACK"
    if t.name == "CT":
        return " CT notrack" if t.notrack else " CT"
    if t.name == "MARK" and t.mark is not None:
        value, mask = t.mark
        if value == 0:
            return " MARK and 0x%x" % (~mask & 0xFFFFFFFF)
        if value == mask:
            return " MARK or 0x%x" % value
        if mask == 0:
            return " MARK xor 0x%x" % value
        if mask == 0xFFFFFFFF:
            return " MARK set 0x%x" % value
        return " MARK xset 0x%x/0x%x" % (value, mask)
    if t.nat is not None:
        s = ""
        if t.name in ("SNAT", "DNAT"):
            s = f" to:{t.nat.text()}"
        elif t.nat.ports:
            word = " masq ports: " if t.name == "MASQUERADE" else " redir ports "
            s = word + t.nat.text()
        return s + "".join(f" {f}" for f in t.nat.flags)
    return ""


#: What the resolver finds for an address without DNS (a namespace has no route to a name
#: server): /etc/hosts and /etc/networks of a stock Debian system.
ETC_HOSTS = {"127.0.0.1": "localhost"}
ETC_NETWORKS = {"0.0.0.0": "default", "127.0.0.0": "loopback", "169.254.0.0": "link-local"}


def _addr(net, numeric: bool) -> str:
    """print_ipv4_addresses(): ``-n`` prints the address; otherwise xtables_ipaddr_to_anyname()
    tries a host name (gethostbyaddr), then a network name (getnetbyaddr), then the number;
    the mask follows unless it is /32."""
    if net is None or net.prefixlen == 0 and int(net.network_address) == 0:
        return "0.0.0.0/0" if numeric else "anywhere"
    addr = str(net.network_address)
    if not numeric:
        addr = ETC_HOSTS.get(addr) or ETC_NETWORKS.get(addr) or addr
    return addr if net.prefixlen == 32 else f"{addr}/{net.prefixlen}"


def format_rule(entry: RuleEntry, num: int | None, verbose: bool, numeric: bool,
                exact: bool) -> str:
    """One ``-L`` rule line (``print_firewall`` in iptables/nft-ipv4.c)."""
    r = entry.rule
    s = f"{num:<4d} " if num is not None else ""
    if verbose:
        s += _num(entry.packets, exact) + _num(entry.bytes, exact)
    name = r.target.name if r.target else ""
    s += f"{'CT' if name == 'NOTRACK' else name:<9} "
    proto = "0" if not r.proto else (str(r.proto) if numeric
                                     else PROTO_NAMES.get(r.proto, str(r.proto)))
    if not r.proto and not numeric:
        proto = "all"
    s += ("!" if r.proto_inv else " ") + f"{proto:<4} " + "--"
    if verbose:
        blank = "*" if numeric else "any"
        iin = ("!" if r.in_inv else "") + (r.in_if or blank)
        iout = ("!" if r.out_inv else "") + (r.out_if or blank)
        s += f"  {iin:<6} {iout:<6}"
    s += (" " + ("!" if r.src_inv else " ") + f"{_addr(r.src, numeric):<19} "
          + ("!" if r.dst_inv else " ") + f"{_addr(r.dst, numeric):<19} ")
    if r.goto:
        s += "[goto] "
    s += "".join(_match_text(m, numeric) for m in r.matches)
    return s + _target_text(r, numeric)


def chain_header(table: Table, chain: Chain, verbose: bool, exact: bool) -> str:
    """``print_header``: the ``Chain X (...)`` line."""
    if chain.builtin:
        s = f"Chain {chain.name} (policy {chain.policy}"
        if verbose:
            s += (" " + _num(chain.policy_packets, exact, True) + "packets, "
                  + _num(chain.policy_bytes, exact, True) + "bytes")
        return s + ")"
    return f"Chain {chain.name} ({table.references(chain.name)} references)"


def column_header(verbose: bool, exact: bool, line_numbers: bool) -> str:
    s = "num  " if line_numbers else ""
    if verbose:
        s += "    pkts      bytes " if exact else " pkts bytes "
    s += "target     prot opt "
    if verbose:
        s += "in     out     "
    return s + "source               destination         "


def list_chains(table: Table, chains: list[Chain], rulenum: int, verbose: bool,
                numeric: bool, exact: bool, line_numbers: bool) -> str:
    """``iptables -L [CHAIN [N]]``."""
    out: list[str] = []
    for i, chain in enumerate(chains):
        if rulenum:
            if rulenum <= len(chain.rules):
                out.append(format_rule(chain.rules[rulenum - 1],
                                       rulenum if line_numbers else None,
                                       verbose, numeric, exact))
            continue
        if i:
            out.append("")
        out.append(chain_header(table, chain, verbose, exact))
        out.append(column_header(verbose, exact, line_numbers))
        for n, e in enumerate(chain.rules, 1):
            out.append(format_rule(e, n if line_numbers else None, verbose, numeric, exact))
    return "".join(line + "\n" for line in out)


def save_chains(table: Table, chains: list[Chain], rulenum: int, verbose: bool) -> str:
    """``iptables -S [CHAIN [N]]``."""
    out: list[str] = []
    if not rulenum:
        for c in chains:
            if c.builtin:
                cnt = f" -c {c.policy_packets} {c.policy_bytes}" if verbose else ""
                out.append(f"-P {c.name} {c.policy}{cnt}")
        for c in chains:
            if not c.builtin:
                out.append(f"-N {c.name}")
    for c in chains:
        for n, e in enumerate(c.rules, 1):
            if rulenum and n != rulenum:
                continue
            spec = e.rule.spec((e.packets, e.bytes) if verbose else None)
            out.append(f"-A {c.name} {spec}".rstrip())
    return "".join(line + "\n" for line in out)
