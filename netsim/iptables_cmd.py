"""The ``iptables`` command (1.8.9, nf_tables backend) over a :class:`Netfilter`.

Models ``iptables/xtables.c`` (``do_commandx``), ``iptables/nft-cmd.c`` /
``iptables/nft.c`` (``nft_cmd_rule_append``, ``nft_chain_user_del``,
``nft_chain_zero_counters``, the ``RULE_APPEND failed (...)`` batch errors and
the hook checks nf_tables makes).  Parsing the line (``xshared.c`` ``do_parse``
and the extensions' ``parse`` hooks) lives in :mod:`netsim.iptables_parse`,
output formatting in :mod:`netsim.iptables_fmt`. Every message and exit
status was checked against the real program in a scratch namespace
(see tests/test_iptables.py).

>>> from netsim.kernel.netfilter import Netfilter
>>> nf = Netfilter()
>>> iptables(nf, ["-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT"])
(0, '', '')
>>> print(iptables(nf, ["-S", "INPUT"])[1], end="")
-P INPUT ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional

from netsim import iptables_fmt as fmt
from netsim.iptables_parse import _ALLOWED, _NOCHAIN, CommandLine, _check_chain_name
from netsim.iptables_values import PROG
from netsim.iptables_values import Fail as _Fail
from netsim.iptables_values import batch as _batch
from netsim.iptables_values import kernel as _kernel
from netsim.iptables_values import param as _param
from netsim.kernel.netfilter import (NAT_TARGETS, TABLES, TARGET_HOOKS, Chain, Netfilter, Rule,
                                     RuleEntry)


def iptables(nf: Netfilter, argv: list[str],
             resolve: Optional[Callable[[str], Optional[str]]] = None) -> tuple[int, str, str]:
    """Run ``iptables ARGV`` against ``nf``; return (exit status, stdout, stderr).

    ``argv`` excludes the program name. ``resolve(name)`` may map a host name
    to a dotted address (else names are "not found"). Never raises.
    """
    try:
        return _Command(nf, list(argv), resolve).run()
    except _Fail as f:
        if f.rc == 0:
            return 0, PROG + "\n", ""
        return f.rc, "", f.text
    except Exception as exc:  # noqa: BLE001 - a student must never see a traceback
        return 1, "", f"iptables: netsim internal error: {exc}.\n"


class _Command(CommandLine):
    """A parsed command line, run against the tables (``do_command``, ``nft_cmd_*``)."""

    def run(self) -> tuple[int, str, str]:
        self.parse()
        cmd = self.command[0]
        allowed = "v" if self.command == "Dn" else _ALLOWED[cmd]
        for o in self.seen_opts:
            if o not in allowed:
                shown = "--line-numbers" if o == "0" else f"-{o}"
                raise _param(f"Illegal option `{shown}' with this command")
        if self.table == "nat" and "DROP" in (self.jump, self.arg2 if cmd == "P" else None):
            raise _param('\nThe "nat" table is not intended for filtering, the use of DROP is '
                         'therefore inhibited.\n\n')
        if self.table not in TABLES:
            raise _Fail(3, f"{PROG}: table '{self.table}' does not exist\n"
                           "Perhaps iptables or your kernel needs to be upgraded.\n")
        if cmd == "N":
            return self._new_chain()
        if cmd in "AIRDC" and self.command != "Dn":
            rules = self._check_rules()
        tbl = self.nf.tables[self.table]
        chain = tbl.chains.get(self.chain) if self.chain else None
        if cmd in "LS":
            rc, out, err = self._list(tbl, chain)
            if self.zero:
                out += "".join(self._zero(c) for c in
                               ([chain] if chain is not None else self._zero_order(tbl)))
            return rc, out, err
        if cmd in "FZX" and self.chain is None:
            return self._all(tbl, cmd)
        if cmd == "P":
            if chain is None or not chain.builtin:
                raise _kernel("Bad built-in chain name")
            if self.arg2 not in ("ACCEPT", "DROP"):
                raise _kernel("Bad policy name. Run `dmesg' for more information")
            # iptables-nft sends the base chain again with zeroed counters, even for the same
            # policy: -P always restarts the policy counters
            chain.policy, chain.policy_set, chain.exists = self.arg2, True, True
            chain.policy_packets = chain.policy_bytes = 0
            return 0, "", ""
        if cmd == "E" and (self.arg2 or "") in tbl.chains:
            raise _kernel("File exists")
        if chain is None:
            raise _kernel(_NOCHAIN)
        if cmd == "F":
            chain.rules.clear()
        elif cmd == "Z":
            return 0, self._zero(chain), ""
        elif cmd == "X" and chain.builtin:
            self._delete_builtin(chain)
        elif cmd == "X":
            self._check_deletable(tbl, chain)
            del tbl.chains[chain.name]
        elif cmd == "E":
            self._rename(tbl, chain)
        elif self.command == "Dn":
            if chain.builtin and not chain.exists:
                raise _kernel(_NOCHAIN)
            if self.rulenum > len(chain.rules):
                raise _kernel("Index of deletion too big")
            del chain.rules[self.rulenum - 1]
        elif cmd in "DC":
            # one rule per source x destination address given (-s A,B), each looked for
            for rule in rules:
                idx = next((n for n, e in enumerate(chain.rules) if e.rule == rule), None)
                if idx is None:
                    raise _kernel("Bad rule (does a matching rule exist in that chain?)")
                if cmd == "D":
                    del chain.rules[idx]
        else:
            for rule in rules:                 # -I N puts each at N: the last one ends first
                self._add(tbl, chain, rule)
        return 0, "", ""

    def _add(self, tbl, chain, rule: Rule) -> None:
        cmd = self.command
        op = {"A": "RULE_APPEND", "I": "RULE_INSERT", "R": "RULE_REPLACE"}[cmd]
        if cmd == "R" and chain.builtin and not chain.exists:
            raise _kernel(_NOCHAIN)
        t = rule.target
        bad = False
        if t is not None and t.name in NAT_TARGETS:
            bad = self.table != "nat"
        elif t is not None and t.name in ("CT", "NOTRACK"):
            bad = self.table != "raw"
        elif t is not None and t.name == "REJECT":
            # ipt_REJECT is registered for the filter table only (mangle FORWARD refuses it too)
            bad = (self.table != "filter"
                   or (t.reject_with == "tcp-reset" and (rule.proto != 6 or rule.proto_inv)))
        # a target's hook mask holds wherever the rule can be reached from, through user chains
        # too: a jump is checked against every target below it (nft_chain_validate)
        hooks = {chain.name} if chain.builtin else tbl.hooks_reaching(chain.name)
        below = ({t.name} if not t.chain else tbl.targets_below(t.name)) if t is not None else ()
        bad = bad or any(h not in TARGET_HOOKS[x] for x in below if x in TARGET_HOOKS
                         for h in hooks)
        # "! -s 0.0.0.0/0" becomes a zero-length payload compare, which nf_tables rejects
        bad = bad or any(net is not None and inv and not net.prefixlen for net, inv in
                         ((rule.src, rule.src_inv), (rule.dst, rule.dst_inv)))
        if bad:
            raise _batch(op, "Invalid argument", f"rule in chain {chain.name}")
        n = len(chain.rules)
        if cmd == "A":
            chain.rules.append(RuleEntry(rule))
        elif cmd == "I":
            if self.rulenum > n + 1:
                raise _kernel("Index of insertion too big")
            chain.rules.insert(self.rulenum - 1, RuleEntry(rule))
        else:
            if self.rulenum > n:
                raise _kernel("Index of replacement too big")
            chain.rules[self.rulenum - 1] = RuleEntry(rule)   # counters reset
        chain.exists = True

    def _new_chain(self) -> tuple[int, str, str]:
        name = self.chain or ""
        _check_chain_name(name)
        tbl = self.nf.tables.get(self.table)
        if tbl is None:
            raise _Fail(3, f"{PROG}: table '{self.table}' does not exist\n"
                           "Perhaps iptables or your kernel needs to be upgraded.\n")
        if name in tbl.chains:
            raise _kernel("Chain already exists")
        tbl.chains[name] = Chain(name)
        return 0, "", ""

    def _rename(self, tbl, chain) -> None:
        new = self.arg2 or ""
        if new.startswith("-"):
            raise _param("chain name not allowed to start with `-'")
        if chain.builtin:
            raise _kernel(_NOCHAIN)
        if new in tbl.chains:
            raise _kernel("File exists")
        old = chain.name
        chain.name = new
        # the chain keeps its place (its nf_tables handle): rebuild the dict in order
        tbl.chains = {(new if k == old else k): c for k, c in tbl.chains.items()}
        for c in tbl.chains.values():
            for e in c.rules:
                if e.rule.target is not None and e.rule.target.chain \
                        and e.rule.target.name == old:
                    e.rule = replace(e.rule, target=replace(e.rule.target, name=new))

    @staticmethod
    def _delete_builtin(chain) -> None:
        """``-X INPUT``: iptables-nft 1.8.9 deletes an empty built-in chain whose policy is
        ACCEPT (nft base chains are deletable); it refuses one with another policy itself, and
        the kernel refuses one that still has rules.  Listing shows it again as if untouched."""
        if not chain.exists:
            raise _kernel(_NOCHAIN)
        if chain.policy != "ACCEPT":
            raise _kernel("Directory not empty")
        if chain.rules:
            raise _batch("CHAIN_DEL", "Device or resource busy", f"chain {chain.name}")
        chain.exists = chain.policy_set = False
        chain.policy_packets = chain.policy_bytes = 0

    @staticmethod
    def _check_deletable(tbl, chain) -> None:
        if chain.rules or tbl.references(chain.name):
            raise _batch("CHAIN_DEL", "Device or resource busy", f"chain {chain.name}")

    def _zero(self, chain) -> str:
        """Zero a chain's counters (or one rule's); ``-v`` names each chain it zeroes."""
        entries = chain.rules
        if self.rulenum:
            # iptables-nft zeroes a rule it cannot find without complaint
            entries = entries[self.rulenum - 1:self.rulenum]
        else:
            chain.policy_packets = chain.policy_bytes = 0
        for e in entries:
            e.packets = e.bytes = 0
        return f"Zeroing chain `{chain.name}'\n" if "v" in self.flags and not self.rulenum \
            else ""

    @staticmethod
    def _zero_order(tbl) -> list:
        """nft_chain_zero_counters() over the table: the built-in chains nft has, in table
        order, then the user chains by name."""
        return [c for c in tbl.chains.values() if c.builtin and c.exists] + tbl.user_chains()

    def _all(self, tbl, cmd: str) -> tuple[int, str, str]:
        if cmd == "X":
            users = [c for c in tbl.chains.values() if not c.builtin]   # creation order
            for c in users:
                self._check_deletable(tbl, c)
            for c in users:
                del tbl.chains[c.name]
        if cmd == "Z":
            return 0, "".join(self._zero(c) for c in self._zero_order(tbl)), ""
        for c in tbl.chains.values():
            c.rules.clear()
        return 0, "", ""

    def _list(self, tbl, chain) -> tuple[int, str, str]:
        if self.chain is not None and chain is None:
            raise _Fail(1, f"{PROG}: chain `{self.chain}' in table `{self.table}' is "
                           "incompatible, use 'nft' tool.\n")
        chains = [chain] if chain is not None else tbl.ordered()
        v, f = "v" in self.flags, self.flags
        if self.command == "S":
            return 0, fmt.save_chains(tbl, chains, self.rulenum, v), ""
        return 0, fmt.list_chains(tbl, chains, self.rulenum, v, "n" in f, "x" in f,
                                  "0" in f), ""
