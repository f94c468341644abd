"""The netfilter packet path: models net/netfilter/core.c (``nf_hook_slow``: the hook functions
registered at one hook, in priority order), the iptables table hooks
(net/ipv4/netfilter/iptable_{raw,mangle,nat,filter}.c → ``ipt_do_table``), the conntrack hooks
(nf_conntrack_proto.c: ``ipv4_conntrack_in``/``_local`` and ``ipv4_confirm``), the NAT hooks
(nf_nat_proto.c: ``nf_nat_ipv4_fn`` and friends), ``ipt_REJECT`` (nf_reject_ipv4.c) and
br_netfilter (net/bridge/br_netfilter_hooks.c).

Read first: :data:`HOOK_ORDER` (what runs at each hook, lowest priority first), then
:func:`nf_hook_slow`.  ``nf_hook.HOOK_IMPL[0]`` points at :func:`run_hook` once this module is
loaded; a namespace whose ``netfilter`` is None never gets here.

* conntrack runs only when some rule needs it: a ``-m conntrack``/``-m state`` match, or any
  chain of the nat table (as iptables-nft registers conntrack only for ct expressions and nat
  chains), so ``conntrack -L`` stays empty in a namespace with plain filter rules;
* a built-in chain no rule or policy ever touched does not exist (iptables-nft) and is skipped;
* the nat table sees only the first packet of a connection; every packet of a NATed connection
  (and an ICMP error about one) is rewritten from the conntrack entry;
* bridged frames reach these hooks through br_netfilter (:mod:`netsim.kernel.br_netfilter`).
"""
from __future__ import annotations

from ..packets import ICMP, IPPROTO_TCP, TCP, UDP, IPv4
from . import conntrack, fib, icmp, nf_hook, nf_log
from .dropreason import DropReason
from .netfilter import ConntrackMatch, MatchContext
from .tracepoints import kfree_skb, step

__all__ = ["run_hook", "nf_hook_slow", "HOOK_ORDER", "REJECT_CODES"]

#: hook -> the hook functions in priority order (include/uapi/linux/netfilter_ipv4.h NF_IP_PRI_*):
#: raw -300, conntrack -200, mangle -150, nat DST -100, filter 0, security 50, nat SRC 100,
#: conntrack confirm INT_MAX.
HOOK_ORDER = {
    "PREROUTING": ("raw", "conntrack", "mangle", "nat"),
    "INPUT": ("mangle", "filter", "security", "nat", "confirm"),
    "FORWARD": ("mangle", "filter", "security"),
    "OUTPUT": ("raw", "conntrack", "mangle", "nat", "filter", "security"),
    "POSTROUTING": ("mangle", "nat", "confirm"),
}
#: the kernel's name of each hook (enum nf_inet_hooks)
NF_INET = {"PREROUTING": "NF_INET_PRE_ROUTING", "INPUT": "NF_INET_LOCAL_IN",
           "FORWARD": "NF_INET_FORWARD", "OUTPUT": "NF_INET_LOCAL_OUT",
           "POSTROUTING": "NF_INET_POST_ROUTING"}
#: which address a nat chain at this hook may change (HOOK2MANIP)
MANIP = {"PREROUTING": "DST", "OUTPUT": "DST", "INPUT": "SRC", "POSTROUTING": "SRC"}

REJECT_CODES = {"icmp-net-unreachable": 0, "icmp-host-unreachable": 1,
                "icmp-proto-unreachable": 2, "icmp-port-unreachable": 3,
                "icmp-net-prohibited": 9, "icmp-host-prohibited": 10,
                "icmp-admin-prohibited": 13}


def run_hook(hook: str, ns, skb, in_dev, out_dev, okfn, args):
    """``NF_HOOK``'s slow path: run the hook, then the continuation if the packet survives.
    False: dropped here (a local sender's ``sendmsg`` then fails with EPERM)."""
    ok, args = nf_hook_slow(hook, ns, skb, in_dev, out_dev, args)
    if not ok:
        return False
    return okfn(ns, skb, *args)


def _ct_enabled(nf) -> bool:
    """Does any rule need conntrack (nf_ct_netns_get)?"""
    if any(c.exists for c in nf.tables["nat"].chains.values()):
        return True
    for t in nf.tables.values():
        for c in t.chains.values():
            for e in c.rules:
                if any(isinstance(m, ConntrackMatch) for m in e.rule.matches):
                    return True
    return False


def _ip_len(ip: IPv4) -> int:
    return ip.tot_len if ip.tot_len is not None else len(ip.to_bytes())


def _ctx(ns, ip: IPv4, in_dev, out_dev, state: str, skb_mark: int = 0) -> MatchContext:
    p = ip.payload
    sport = dport = icmp_type = None
    if isinstance(p, (TCP, UDP)):
        sport, dport = p.sport, p.dport
    elif isinstance(p, ICMP):
        icmp_type = (p.type, p.code)
    return MatchContext(ip.src, ip.dst, ip.proto, sport, dport, icmp_type,
                        in_dev.name if in_dev is not None else None,
                        out_dev.name if out_dev is not None else None,
                        state, _ip_len(ip), skb_mark,
                        lambda a: fib.addr_type(ns, int(a)),
                        p.flags if isinstance(p, TCP) else None)


def _state(skb, ct_on: bool) -> str:
    if skb.ct is not None:
        return skb.ctinfo or "NEW"
    return skb.ctinfo or ("INVALID" if ct_on else "UNTRACKED")


def nf_hook_slow(hook: str, ns, skb, in_dev, out_dev, args=()) -> tuple[bool, tuple]:
    """Run every hook function registered at ``hook`` on ``skb`` (its ``pkt`` is the IPv4 packet).
    Returns (accepted, args): a NAT rewrite at OUTPUT re-routes, so ``args`` may change."""
    nf = ns.netfilter
    ip = skb.pkt
    if not isinstance(ip, IPv4):
        return True, args
    tr = ns.kernel.tracer is not None
    dev = in_dev or out_dev
    ct_on = _ct_enabled(nf)
    if tr:
        step(ns, dev, "nf_hook", skb,
             f"{NF_INET[hook]} (in={in_dev.name if in_dev else '*'} "
             f"out={out_dev.name if out_dev else '*'})")
    for stage in HOOK_ORDER[hook]:
        if stage == "conntrack":
            if skb.ctinfo == "UNTRACKED":
                skb.ct = None                      # the raw table said NOTRACK
                if tr:
                    step(ns, dev, "nf_conntrack_in", skb, "untracked (raw table NOTRACK)")
            elif ct_on:
                _conntrack_in(hook, ns, skb, dev)
            else:
                skb.ct, skb.ctinfo = None, None
        elif stage == "confirm":
            if skb.ct is not None and not skb.ct.confirmed:
                if conntrack.nf_conntrack_confirm(ns, skb.ct) and tr:
                    step(ns, dev, "nf_conntrack_confirm", skb,
                         f"conntrack entry confirmed: {skb.ct.describe()}")
        elif stage == "nat":
            ok, args = _nat(hook, ns, skb, in_dev, out_dev, args, ct_on)
            if not ok:
                return False, args
        else:
            ok = _table(stage, hook, ns, skb, in_dev, out_dev, ct_on)
            if not ok:
                return False, args
    return True, args


def _conntrack_in(hook: str, ns, skb, dev) -> None:
    """ipv4_conntrack_in / ipv4_conntrack_local: attach the connection and its ctinfo."""
    if hook == "PREROUTING" and skb.ct is not None and dev is not None \
            and dev.kind == "loopback" and skb.ct.ns_name == ns.name:
        return   # looped back: the entry attached at OUTPUT stays (nf_conntrack_in skips it)
    res = conntrack.nf_conntrack_in(ns, skb.pkt)
    skb.ct, skb.ct_reply, skb.ctinfo = res.ct, res.dir == conntrack.REPLY, res.state
    if ns.kernel.tracer is not None:
        if res.ct is None:
            text = f"ctstate INVALID: {res.why}"
        elif res.created:
            text = f"new conntrack entry (unconfirmed): {res.ct.describe()}"
        else:
            d = "reply" if res.dir == conntrack.REPLY else "original"
            text = f"ctstate {res.state} ({d} direction): {res.ct.describe()}"
        step(ns, dev, "nf_conntrack_in", skb, text)


def _table(table: str, hook: str, ns, skb, in_dev, out_dev, ct_on: bool) -> bool:
    """One ``ipt_do_table`` traversal; False when the packet was dropped or rejected."""
    nf = ns.netfilter
    chain = nf.chain(table, hook)
    if chain is None or not chain.exists:
        return True
    ip = skb.pkt
    v = nf.run(table, hook, _ctx(ns, ip, in_dev, out_dev, _state(skb, ct_on), skb.mark))
    dev = in_dev or out_dev
    if ns.kernel.tracer is not None:
        step(ns, dev, "ipt_do_table", skb, f"{table} {hook}: {_verdict_text(v)}",
             _tested(v))
    _targets_done(ns, skb, v, in_dev, out_dev)
    if v.name in ("DROP", "REJECT"):
        text = _decider(v)
        if v.name == "REJECT":
            _reject(ns, skb, v, dev)
        kfree_skb(ns, dev, "nf_hook_slow", skb, DropReason.NETFILTER_DROP,
                  f"{table} {hook}: {text}")
        return False
    return True


def _targets_done(ns, skb, v, in_dev, out_dev) -> None:
    """The non-terminal targets' effects: LOG lines (nf_log_packet) and MARK (skb->mark)."""
    for t in v.logs:
        line = nf_log.nf_log_ip_packet(skb, in_dev, out_dev, t.log_prefix or "", t.log_flags)
        nf_log.printk(ns, t.log_level, line)
        if ns.kernel.tracer is not None:
            step(ns, in_dev or out_dev, "nf_log_packet", skb, f"LOG: {line.rstrip()}")
    skb.mark = v.mark
    if v.notrack:
        skb.ct, skb.ctinfo = None, "UNTRACKED"     # nf_ct_set(skb, NULL, IP_CT_UNTRACKED)


def _tested(v) -> list[str]:
    return [f"{t.text}: {'match' if t.matched else 'no match'} "
            f"({t.packets} pkts, {t.bytes} bytes)" for t in v.tested]


def _decider(v) -> str:
    for t in reversed(v.tested):
        if t.matched and t.chain == v.chain and t.rule_num == v.rule_num:
            return t.text
    return f"-P {v.chain} {v.name}"


def _verdict_text(v) -> str:
    where = f"policy of {v.chain}" if v.rule_num == 0 else f"rule {v.rule_num} of {v.chain}"
    return f"{v.name} ({where})"


def _reject(ns, skb, v, dev) -> None:
    """ipt_REJECT: an ICMP error (icmp_send) or a TCP reset (nf_send_reset) back to the sender."""
    how = v.reject_with or "icmp-port-unreachable"
    ip = skb.pkt
    if how == "tcp-reset":
        if ip.proto == IPPROTO_TCP:
            from .tcp import tcp_v4_send_reset
            step(ns, dev, "nf_send_reset", skb, "REJECT --reject-with tcp-reset")
            tcp_v4_send_reset(ns, ip, "nf_send_reset")
        return
    step(ns, dev, "nf_send_unreach", skb, f"REJECT --reject-with {how}")
    icmp.icmp_send(ns, skb, 3, REJECT_CODES.get(how, 3))


# ----------------------------------------------------------------------------- NAT
def _nat(hook: str, ns, skb, in_dev, out_dev, args, ct_on: bool) -> tuple[bool, tuple]:
    """nf_nat_ipv4_fn(): set up the binding on a connection's first packet (the nat table),
    then rewrite the packet as the binding says."""
    ct = skb.ct
    if not ct_on or ct is None:
        return True, args
    manip = MANIP[hook]
    ip = skb.pkt
    d = conntrack.REPLY if skb.ct_reply else conntrack.ORIGINAL
    dev = in_dev or out_dev
    tr = ns.kernel.tracer is not None
    if skb.ctinfo == "RELATED":
        if isinstance(ip.payload, ICMP):
            new = conntrack.nat_packet(ct, d, manip, ip, related=True)
            _rewritten(ns, dev, skb, ip, new, "nf_nat_icmp_reply_translation")
        return True, args
    if skb.ctinfo == "NEW" and manip not in ct.nat_done:
        chain = ns.netfilter.chain("nat", hook)
        if chain is not None and chain.exists:
            v = ns.netfilter.run("nat", hook, _ctx(ns, ip, in_dev, out_dev, "NEW", skb.mark))
            if tr:
                step(ns, dev, "ipt_do_table", skb, f"nat {hook}: {_verdict_text(v)}", _tested(v))
            _targets_done(ns, skb, v, in_dev, out_dev)
            if v.name == "DROP":
                kfree_skb(ns, dev, "nf_hook_slow", skb, DropReason.NETFILTER_DROP,
                          f"nat {hook}: {_decider(v)}")
                return False, args
            if v.nat is not None or v.name in ("MASQUERADE", "REDIRECT"):
                if not _nat_setup(hook, ns, skb, ct, v, in_dev, out_dev, args):
                    kfree_skb(ns, dev, "nf_nat_ipv4_fn", skb, DropReason.NETFILTER_DROP,
                              f"{v.name}: no address to use on {out_dev.name if out_dev else '?'}")
                    return False, args
            else:
                ct.nat_done.add(manip)        # nf_nat_alloc_null_binding
    new = conntrack.nat_packet(ct, d, manip, ip)
    if new is not ip:
        _rewritten(ns, dev, skb, ip, new, "nf_nat_ipv4_fn")
        if hook == "OUTPUT" and new.dst != ip.dst:
            rt = fib.route_output(ns, new.dst, new.src)    # ip_route_me_harder
            if rt.error:
                kfree_skb(ns, dev, "ip_route_me_harder", skb, DropReason.IP_OUTNOROUTES,
                          f"no route to {new.dst} after DNAT")
                return False, args
            args = (rt,) + tuple(args[1:])
    return True, args


def _nat_setup(hook, ns, skb, ct, v, in_dev, out_dev, args) -> bool:
    """xt_nat / MASQUERADE / REDIRECT targets → nf_nat_setup_info."""
    spec = v.nat
    ip = skb.pkt
    manip = MANIP[hook]
    ports = spec.ports if spec is not None else None
    if v.name == "MASQUERADE":
        rt = args[0] if args else None
        nh = getattr(rt, "gateway", None) or ip.dst
        addr = fib.inet_select_addr(ns, out_dev, int(nh), 0)
        if addr is None:
            return False
    elif v.name == "REDIRECT":
        if hook == "OUTPUT" or in_dev is None:
            from ipaddress import IPv4Address
            addr = IPv4Address("127.0.0.1")
        else:
            prim = ns.primary_addr(in_dev, 255)
            if prim is None:
                return False
            addr = prim.local
    else:
        addr = spec.addr or (ip.dst if manip == "DST" else ip.src)
    before = ct.tuples[conntrack.REPLY]
    after = conntrack.nat_setup(ns, ct, manip, addr, ports)
    if ns.kernel.tracer is not None:
        step(ns, in_dev or out_dev, "nf_nat_setup_info", skb,
             f"{v.name}: {'source' if manip == 'SRC' else 'destination'} becomes {addr}"
             + (f":{ports[0]}" if ports else ""),
             (f"reply tuple before: {before.text()}", f"reply tuple after:  {after.text()}"))
    return True


def _rewritten(ns, dev, skb, old: IPv4, new: IPv4, func: str) -> None:
    skb.pkt = new
    if ns.kernel.tracer is not None:
        step(ns, dev, func, skb, f"NAT rewrite: {old.summary()} -> {new.summary()}",
             (f"before: {old.summary()}", f"after:  {new.summary()}"))


nf_hook.HOOK_IMPL[0] = run_hook
