"""Parsing an ``iptables`` command line (1.8.9, nf_tables backend) into a rule.

Models ``iptables/xshared.c`` (``do_parse``: the getopt loop, ``add_command``,
``command_jump``) and the ``parse`` hooks of the match/target extensions
(``extensions/libxt_tcp.c``, ``libxt_multiport.c``, ``libxt_conntrack.c``,
``libxt_addrtype.c``, ``libipt_REJECT.c``, ``libxt_LOG.c``,
``libipt_{SNAT,DNAT,MASQUERADE,REDIRECT}.c``) and ``xtables_ipparse_multiple``.
:class:`CommandLine` holds what was typed; :mod:`netsim.iptables_cmd` runs it.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import replace
from typing import Optional

from netsim.iptables_values import PROG, TRY
from netsim.iptables_values import Fail as _Fail
from netsim.iptables_values import icmp_type as _icmp_type
from netsim.iptables_values import mark as _mark
from netsim.iptables_values import multiports as _multiports
from netsim.iptables_values import nat_spec as _nat_spec
from netsim.iptables_values import param as _param
from netsim.iptables_values import port_range as _port_range
from netsim.iptables_values import proto as _proto
from netsim.iptables_values import rulenum as _rulenum
from netsim.kernel.netfilter import (
    ADDRTYPES, CTSTATES, LOG_FLAGS, NAT_TARGETS, PROTO_NAMES, REJECT_TYPES, STANDARD_TARGETS,
    STATE_STATES, TCP_FLAG_NAMES, AddrtypeMatch, CommentMatch, ConntrackMatch, IcmpMatch,
    MultiportMatch, Netfilter, Rule, Target, TcpUdpMatch)


_NOCHAIN = "No chain/target/match by that name"
_LONG = {
    "append": "A", "check": "C", "delete": "D", "insert": "I", "replace": "R", "list": "L",
    "list-rules": "S", "flush": "F", "zero": "Z", "new-chain": "N", "delete-chain": "X",
    "policy": "P", "rename-chain": "E", "table": "t", "protocol": "p", "source": "s",
    "src": "s", "destination": "d", "dst": "d", "in-interface": "i", "out-interface": "o",
    "jump": "j", "goto": "g", "match": "m", "numeric": "n", "verbose": "v", "exact": "x",
    "line-numbers": "0", "help": "h", "version": "V", "ipv4": "4", "wait": "w",
}
_WITH_ARG = set("ADIRNPEtpsdijgmC")
_OPTIONAL_CHAIN = set("LSFZX")
_COMMANDS = set("ACDIRLSFZNXPE")
_RULE_OPTS = set("psdiojgm")
#: which options each command accepts (``commands_v_options`` in xshared.c)
_ALLOWED = {"A": "psdiojgmv", "C": "psdiojgmv", "D": "psdiojgmv", "I": "psdiojgmv",
            "R": "psdiojgmv", "L": "nvx0", "S": "v", "F": "v", "Z": "v", "N": "",
            "X": "", "P": "v", "E": ""}
#: extension options: match/target -> {long option: canonical}
_MATCH_OPTS = {
    "tcp": {"sport": "sport", "source-port": "sport", "dport": "dport",
            "destination-port": "dport"},
    "multiport": {"dports": "dports", "destination-ports": "dports", "sports": "sports",
                  "source-ports": "sports", "ports": "ports"},
    "icmp": {"icmp-type": "icmp-type"},
    "conntrack": {"ctstate": "ctstate"}, "state": {"state": "state"},
    "addrtype": {"src-type": "src-type", "dst-type": "dst-type"},
    "comment": {"comment": "comment"},
}
_MATCH_OPTS["udp"] = dict(_MATCH_OPTS["tcp"])
_MATCH_OPTS["tcp"].update({"tcp-flags": "tcp-flags", "syn": "syn"})
_FLAG_OPTS = ("log-tcp-sequence", "log-tcp-options", "log-ip-options", "log-uid",
              "log-macdecode")
_NAT_FLAGS = ("random", "random-fully", "persistent")
_MULTIPORT_LONG = {"sports": "source-ports", "dports": "destination-ports", "ports": "ports"}
_TARGET_OPTS = {"REJECT": ("reject-with",), "LOG": ("log-prefix", "log-level") + _FLAG_OPTS,
                "CT": ("notrack",), "NOTRACK": (),
                "MARK": ("set-mark", "set-xmark", "and-mark", "or-mark", "xor-mark"),
                "SNAT": ("to-source",) + _NAT_FLAGS, "DNAT": ("to-destination",) + _NAT_FLAGS,
                "MASQUERADE": ("to-ports",) + _NAT_FLAGS, "REDIRECT": ("to-ports", "random")}
_LOG_LEVELS = ("emerg", "alert", "crit", "error", "warning", "notice", "info", "debug")
_PORT_PROTOS = ("tcp", "udp", "sctp", "dccp", "udplite")



class CommandLine:
    """One parsed command line (``struct iptables_command_state`` + ``xt_cmd_parse``)."""

    def __init__(self, nf: Netfilter, argv: list[str], resolve) -> None:
        self.nf, self.argv, self.resolve = nf, argv, resolve
        self.command: Optional[str] = None
        self.chain: Optional[str] = None
        self.rulenum = 0
        self.arg2: Optional[str] = None            # -P policy, -E new name
        self.table = "filter"
        self.flags: set[str] = set()
        self.opts: dict[str, tuple[str, bool]] = {}   # s d i o p -> (value, inverted)
        self.jump: Optional[str] = None
        self.goto = False
        self.matches: list[list] = []              # [name, {opt: (value, inv)}]
        self.target_opts: dict[str, str] = {}
        self.seen_opts: list[str] = []
        self.zero = False

    # ------------------------------------------------------------ parsing
    def _has_arg(self, i: int) -> bool:
        return i < len(self.argv) and self.argv[i][:1] not in ("-", "!")

    def parse(self) -> None:
        argv = self.argv
        extra: list[str] = []
        invert = False
        i = 0
        while i < len(argv):
            tok = argv[i]
            i += 1
            if tok == "!":
                if invert:
                    raise _param("multiple consecutive ! not allowed")
                invert = True
                continue
            if not tok.startswith("-") or tok == "-":
                extra.append(tok)
                continue
            if tok.startswith("--"):
                name, eq, inline = tok[2:].partition("=")
                opts = [(name, inline if eq else None)]
            else:
                opts, j = [], 1
                while j < len(tok):
                    c = tok[j]
                    if (c in _WITH_ARG or c == "w") and j + 1 < len(tok):
                        opts.append((c, tok[j + 1:]))
                        break
                    opts.append((c, None))
                    j += 1
            for name, inline in opts:
                i = self._option(name, inline, i, invert)
                invert = False
        if invert:
            raise _param("unexpected '!' flag")
        if extra:
            raise _Fail(2, f"Bad argument `{extra[0]}'\n{TRY}")
        if self.command is None:
            raise _param("no command specified")

    def _value(self, shown: str, inline: Optional[str], i: int) -> tuple[str, int]:
        if inline is not None:
            return inline, i
        if i >= len(self.argv):
            raise _param(f'option "{shown}" requires an argument')
        return self.argv[i], i + 1

    def _option(self, name: str, inline: Optional[str], i: int, invert: bool) -> int:
        long = len(name) > 1
        if long:
            cands = [k for k in _LONG if k.startswith(name)]
            exact = name in _LONG
            if exact or len(cands) == 1:
                c = _LONG[name if exact else cands[0]]
            else:
                return self._ext_option(name, inline, i, invert)
        else:
            c = name
        shown = f"--{name}" if long else f"-{c}"
        if c in _COMMANDS:
            if invert:
                raise _param("unexpected '!' flag")
            if self.command is not None:
                if {c, self.command} not in ({"L", "Z"}, {"S", "Z"}):
                    raise _param(f"Cannot use -{c} with -{self.command}")
                self.zero = True               # -L -Z: list, then zero the counters
                if c == "Z":
                    c = self.command
                    if self.chain is None and self._has_arg(i):
                        self.chain, i = self.argv[i], i + 1
                    return i
            self.command = c
            if c in _OPTIONAL_CHAIN:
                if inline is not None:
                    self.chain = inline
                elif self._has_arg(i):
                    self.chain, i = self.argv[i], i + 1
                if c in "LSZ" and self.chain and self._has_arg(i):
                    self.rulenum, i = _rulenum(self.argv[i]), i + 1
                return i
            self.chain, i = self._value(shown, inline, i)
            if c in "DI" and self._has_arg(i):
                self.rulenum, i = _rulenum(self.argv[i]), i + 1
                if c == "D":
                    self.command = "Dn"
            elif c == "I":
                self.rulenum = 1
            elif c == "R":
                if not self._has_arg(i):
                    raise _param("-R requires a rule number")
                self.rulenum, i = _rulenum(self.argv[i]), i + 1
            elif c in "PE":
                if not self._has_arg(i):
                    raise _param("-P requires a chain and a policy" if c == "P" else
                                 "-E requires old-chain-name and new-chain-name")
                self.arg2, i = self.argv[i], i + 1
            return i
        if c in "nvx0":
            self.flags.add(c)
            self.seen_opts.append(c)
            return i
        if c == "w":
            # -w/--wait [SECONDS] (Docker passes it): iptables-nft needs no lock and ignores
            # it, once parse_wait_time() has read the optional number (sscanf "%i")
            val = inline
            if val is None and self._has_arg(i):
                val, i = self.argv[i], i + 1
            if val is not None and not re.match(r"\s*[+-]?\d", val):
                raise _param("wait seconds not numeric")
            return i
        if c == "V":
            raise _Fail(0, "")
        if c == "h":
            raise _param("help is not available in netsim")
        if c == "4":
            return i
        if c == "t":
            if invert:
                raise _param("unexpected ! flag before --table")
            self.table, i = self._value(shown, inline, i)
            return i
        if c in "psdio":
            if c in self.opts:
                raise _param(f"multiple -{c} flags not allowed")
            val, i = self._value(shown, inline, i)
            self.opts[c] = (val, invert)
            self.seen_opts.append(c)
            if c == "p":
                _proto(val)
            elif c in "io" and len(val) >= 16:
                raise _param(f"interface name `{val}' must be shorter than IFNAMSIZ (15)")
            return i
        if c in "jg":
            if invert:
                raise _param(f"cannot have ! before -{c}")
            if self.jump is not None:
                raise _param(f"multiple -{c} flags not allowed")
            self.jump, i = self._value(shown, inline, i)
            self.goto = c == "g"
            self.seen_opts.append(c)
            return i
        if c == "m":
            val, i = self._value(shown, inline, i)
            mod = val.lower()
            if mod not in _MATCH_OPTS:
                raise _Fail(2, f"{PROG}: Couldn't load match `{val}':No such file or "
                               f"directory\n\n{TRY}")
            self.matches.append([mod, {}])
            self.seen_opts.append("m")
            return i
        raise _param(f'unknown option "{shown}"')

    def _ext_option(self, name: str, inline: Optional[str], i: int, invert: bool) -> int:
        """An option of a loaded match (or the implicit -p match) or target."""
        proto = self.opts.get("p", ("", False))[0].lower()
        for m in reversed(self.matches):       # options go to the latest -m of that name
            if name in _MATCH_OPTS[m[0]]:
                return self._match_opt(m, _MATCH_OPTS[m[0]][name], name, inline, i, invert)
        implicit = {"tcp": "tcp", "udp": "udp", "icmp": "icmp", "6": "tcp", "17": "udp",
                    "1": "icmp"}.get(proto)
        if implicit and name in _MATCH_OPTS[implicit]:
            m = [implicit, {}]
            self.matches.append(m)
            return self._match_opt(m, _MATCH_OPTS[implicit][name], name, inline, i, invert)
        if self.jump in _TARGET_OPTS and name in _TARGET_OPTS[self.jump]:
            if name in _FLAG_OPTS or name in _NAT_FLAGS or name == "notrack":
                self.target_opts[name] = ""
                return i
            val, i = self._value(f"--{name}", inline, i)
            self.target_opts[name] = val
            return i
        raise _param(f'unknown option "--{name}"')

    def _match_opt(self, m: list, opt: str, shown: str, inline, i: int, invert: bool) -> int:
        if opt in ("syn", "tcp-flags"):                 # libxt_tcp: --syn, --tcp-flags M C
            if "tcp-flags" in m[1]:
                raise _param("Only one of `--syn' or `--tcp-flags'  allowed")
            if opt == "syn":
                m[1]["tcp-flags"] = ((0x17, 0x02), invert)
                return i
            mask, i = self._value(f"--{shown}", inline, i)
            if i >= len(self.argv) or self.argv[i].startswith("-"):
                raise _param("--tcp-flags requires two args.")
            m[1]["tcp-flags"] = ((_tcpf(mask), _tcpf(self.argv[i])), invert)
            return i + 1
        val, i = self._value(f"--{shown}", inline, i)
        if opt in m[1]:
            word = {"sport": "source-port", "dport": "destination-port"}.get(opt, opt)
            raise _param(f"Only one `--{word}' allowed")
        proto, proto_inv = self.opts.get("p", ("", False))
        proto = proto.lower()
        proto = PROTO_NAMES.get(int(proto), proto) if proto.isdigit() else proto
        if m[0] in ("tcp", "udp"):
            val = _port_range(val, m[0])
        elif m[0] == "multiport":
            if m[1]:
                other = _MULTIPORT_LONG[next(iter(m[1]))]
                raise _Fail(2, f'{PROG}: multiport: option "--{other}" cannot be used together '
                               f'with "--{_MULTIPORT_LONG[opt]}".\n\n{TRY}')
            if proto_inv or proto not in _PORT_PROTOS:   # libxt_multiport check_proto()
                raise _param("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or "
                             "`-p dccp'" if not proto or proto in ("all", "0") and not proto_inv
                             else "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP")
            val = _multiports(val, proto)
        elif m[0] == "icmp":
            val = _icmp_type(val)
        elif m[0] in ("conntrack", "state"):
            allowed = CTSTATES if m[0] == "conntrack" else STATE_STATES
            states = val.split(",")
            for s in states:
                if s.upper() not in allowed:
                    raise _param(f'Bad ctstate "{s}"' if m[0] == "conntrack"
                                 else f'Bad state "{s}"')
            val = frozenset(s.upper() for s in states)
        elif m[0] == "addrtype":
            for t in val.split(","):
                if t.upper() not in ADDRTYPES:
                    raise _param(f'addrtype: bad type "{t}"')
            val = tuple(t for t in ADDRTYPES if t in val.upper().split(","))
        m[1][opt] = (val, invert)
        return i

    # ------------------------------------------------------------ building
    def _build_rule(self) -> Rule:
        fields: dict = {}
        for c, key in (("s", "src"), ("d", "dst")):
            if c in self.opts:
                val, inv = self.opts[c]
                fields.update(self._addr_fields(key, (self._address(val.split(",")[0]), inv)))
        for c, key in (("i", "in_if"), ("o", "out_if")):
            if c in self.opts:
                fields[key], fields[key.split("_")[0] + "_inv"] = self.opts[c]
        if "p" in self.opts:
            val, inv = self.opts["p"]
            fields["proto"], fields["proto_inv"] = _proto(val), inv
        matches = []
        for name, o in self.matches:
            matches.append(self._build_match(name, o))
        target = self._build_target(fields.get("proto"))
        return Rule(matches=tuple(matches), target=target, goto=self.goto, **fields)

    def _build_match(self, name: str, o: dict):
        def get(k):
            return o.get(k, (None, False))
        if name in ("tcp", "udp"):
            (sp, si), (dp, di), (fl, fi) = get("sport"), get("dport"), get("tcp-flags")
            return TcpUdpMatch(name, sp, si, dp, di, fl, fi)
        if name == "multiport":
            if not o:
                raise _param("multiport expection an option")     # sic (libxt_multiport)
            kind, (ports, inv) = next(iter(o.items()))
            proto = PROTO_NAMES.get(_proto(self.opts["p"][0]), "tcp")
            return MultiportMatch(proto, kind, ports, inv)
        if name == "icmp":
            (t, inv) = get("icmp-type")
            if t is None:
                return IcmpMatch(255)
            return IcmpMatch(t[0], t[1], inv)
        if name in ("conntrack", "state"):
            key = "ctstate" if name == "conntrack" else "state"
            states, inv = get(key)
            if states is None:
                if name == "conntrack":
                    raise _param("conntrack: At least one option is required")
                raise _Fail(2, f'{PROG}: {name}: option "--{key}" must be specified\n\n{TRY}')
            return ConntrackMatch(states, inv, name)
        if name == "addrtype":
            (st, si), (dt, di) = get("src-type"), get("dst-type")
            return AddrtypeMatch(st or (), si, dt or (), di)
        text, _ = get("comment")
        if text is None:
            raise _Fail(2, f'{PROG}: comment: option "--comment" must be specified\n\n{TRY}')
        return CommentMatch(text)

    def _build_target(self, proto: Optional[int]) -> Optional[Target]:
        name, o = self.jump, self.target_opts
        if name is None:
            return None
        if name == "REJECT":
            kind = o.get("reject-with", "icmp-port-unreachable")
            full = next((k for k, v in REJECT_TYPES.items() if kind in (k, v)), None)
            if full is None:
                raise _param(f'unknown reject type "{kind}"')
            return Target("REJECT", reject_with=full)
        if name == "LOG":
            level = o.get("log-level", "4")
            lv = (int(level) if level.isdigit() else
                  _LOG_LEVELS.index(level) if level in _LOG_LEVELS else
                  4 if level == "warn" else 99)
            if lv > 7:
                raise _Fail(2, f'{PROG}: log level "{level}" unknown\n\n{TRY}')
            flags = sum(bit for bit, name in LOG_FLAGS if f"log-{name}" in o)
            return Target("LOG", log_prefix=o.get("log-prefix"), log_level=lv, log_flags=flags)
        if name == "MARK":
            return Target("MARK", mark=_mark(o))
        if name == "NOTRACK":
            return Target("NOTRACK")
        if name == "CT":
            return Target("CT", notrack="notrack" in o)
        if name in NAT_TARGETS:
            opt = _TARGET_OPTS[name][0]
            if name in ("SNAT", "DNAT") and opt not in o:
                raise _Fail(2, f'{PROG}: {name}: option "--{opt}" must be specified\n\n{TRY}')
            spec = _nat_spec(name, o.get(opt))
            flags = tuple(f for f in _NAT_FLAGS if f in o)
            if flags:
                spec = replace(spec, flags=flags)
            if spec.ports and PROTO_NAMES.get(proto or 0) not in _PORT_PROTOS:
                raise _param("Need TCP, UDP, SCTP or DCCP with port specification")
            return Target(name, nat=spec)
        if name in STANDARD_TARGETS:
            return Target(name)
        if name in self.nf.tables[self.table].chains:
            return Target(name, chain=True)
        raise _param(f"Chain '{name}' does not exist")

    def _address(self, text: str) -> ipaddress.IPv4Network:
        host, slash, mask = text.partition("/")
        if slash:
            if mask.isdigit() and int(mask) <= 32:
                plen = int(mask)
            else:
                try:
                    plen = ipaddress.IPv4Network(f"0.0.0.0/{mask}").prefixlen
                except ValueError:
                    raise _param(f"invalid mask `{mask}' specified") from None
        else:
            plen = 32
        parts = host.split(".")
        if 1 <= len(parts) < 4 and all(p.isdigit() and int(p) <= 255 for p in parts):
            host = ".".join(parts + ["0"] * (4 - len(parts)))   # __numeric_to_ipaddr(): "10.1"
        try:
            addr = ipaddress.IPv4Address(host)
        except ValueError:
            found = self.resolve(host) if self.resolve else None
            if not found:
                raise _param(f"host/network `{host}' not found") from None
            addr = ipaddress.IPv4Address(found)
        return ipaddress.IPv4Network(f"{addr}/{plen}", strict=False)

    # ------------------------------------------------------------ running
    def _check_rules(self) -> list[Rule]:
        """The rule as given, once per source x destination address (add_entry() loops)."""
        chain = self.chain or ""
        if chain in ("INPUT", "PREROUTING") and "o" in self.opts:
            raise _Fail(2, f"{PROG}: Can't use -o with {chain}\n\n{TRY}")
        if chain in ("OUTPUT", "POSTROUTING") and "i" in self.opts:
            raise _Fail(2, f"{PROG}: Can't use -i with {chain}\n\n{TRY}")
        rule = self._build_rule()
        lists = [[(self._address(a), self.opts[c][1]) for a in self.opts[c][0].split(",")]
                 if c in self.opts else [None] for c in "sd"]
        if self.command == "R" and (len(lists[0]) != 1 or len(lists[1]) != 1):
            raise _param("Replacement rule does not specify a unique address")
        if len(lists[0]) == 1 and len(lists[1]) == 1:
            return [rule]
        return [replace(rule, **self._addr_fields("src", s), **self._addr_fields("dst", d))
                for s in lists[0] for d in lists[1]]

    @staticmethod
    def _addr_fields(key: str, given) -> dict:
        if given is None:
            return {}
        net, inv = given
        if not net.prefixlen and not inv:     # iptables-nft adds no match for 0.0.0.0/0
            return {key: None, key + "_inv": False}
        return {key: net, key + "_inv": inv}


def _tcpf(text: str) -> int:
    """parse_tcp_flags(): a comma list of FIN SYN RST PSH ACK URG ALL NONE."""
    flags = 0
    for name in text.split(","):
        bit = dict(TCP_FLAG_NAMES).get(name.upper())
        if bit is None:
            raise _param(f"Unknown TCP flag `{name}'")
        flags |= bit
    return flags

def _check_chain_name(name: str) -> None:
    if name.startswith("-"):
        raise _param("chain name not allowed to start with `-'")
    if name in STANDARD_TARGETS or name in _TARGET_OPTS:
        raise _param("chain name may not clash with target name")
    if len(name) >= 29:
        raise _param(f"chain name `{name}' too long (must be under 29 chars)")
