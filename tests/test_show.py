"""Golden tests for netsim.commands.show: small states built with the kernel API, printed, and
compared with the real iproute2 6.1 output recorded in /work/shared/conformance/expected.

MAC addresses are replaced by the interface that owns them (``<ns/ifname>``) on both sides,
with compare.py's own rule, so a random MAC never matters but its owner does.  Where a device
was renamed or moved later in the scenario, MACs are masked instead.
"""
import json
import os
import re
import sys
from ipaddress import IPv4Address

import pytest

from netsim.commands import show
from netsim.kernel import devinet, fib, load
from netsim.kernel import rtnetlink as rl
from netsim.kernel.neighbour import neigh_entries
from netsim.kernel_model import NUD, RT_TABLE_LOCAL, RT_TABLE_MAIN, Kernel, Route

CONF = "/work/shared/conformance"
EXPECTED = os.path.join(CONF, "expected")
pytestmark = pytest.mark.skipif(not os.path.isdir(EXPECTED), reason="no conformance corpus")
if os.path.isdir(CONF) and CONF not in sys.path:
    sys.path.insert(0, CONF)

load()
A = IPv4Address
MAC_RE = re.compile(r"(?<![0-9a-f:])[0-9a-f]{2}(?::[0-9a-f]{2}){5}(?![0-9a-f:])")
_CACHE: dict = {}


def _records(scn):
    if scn not in _CACHE:
        with open(os.path.join(EXPECTED, scn + ".jsonl")) as fh:
            _CACHE[scn] = [json.loads(line) for line in fh if line.strip()]
    return _CACHE[scn]


def expected(scn, n, mask=False):
    """The recorded stdout of line ``n``, MACs named after their owner (or masked)."""
    import compare
    recs = _records(scn)
    out = next(r["stdout"] for r in recs if r["n"] == n)
    return _mask(out) if mask else compare.make_mac_sub(recs)(out)


def actual(k, out, mask=False):
    """Our output, MACs named after their owner in the model (compare.py's naming rule)."""
    import compare
    if mask:
        return _mask(out)
    dumps = [{"n": "dump", "cmd": f"ip -n {name} -j link show",
              "stdout": show.dumps(show.link_objs(ns, ns.devices.values()))}
             for name, ns in sorted(k.namespaces.items())]
    return compare.make_mac_sub(dumps)(out)


def _mask(s):
    return MAC_RE.sub(lambda m: m.group(0) if compare_special(m.group(0)) else "<mac>", s)


def compare_special(mac):
    return mac in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff") or int(mac[:2], 16) & 1


def check(k, scn, n, out, mask=False):
    assert actual(k, out, mask) == expected(scn, n, mask)


def links(ns, *names):
    return [ns.by_name[x] for x in names] if names else list(ns.devices.values())


def table(ns, tb):
    return ns.tables[tb].routes()


def set_forwarding(ns):
    """sysctl -w net.ipv4.ip_forward=1: every conf/*/forwarding follows."""
    for key in list(ns.sysctl):
        if key.startswith("net.ipv4.conf.") and key.endswith(".forwarding"):
            ns.sysctl[key] = "1"
    ns.sysctl["net.ipv4.ip_forward"] = "1"


def ping(k, ns, dst):
    from netsim.ping import ping as _ping
    return _ping(k, ns, dst)


@pytest.fixture
def k():
    return Kernel(seed=1)


# ----------------------------------------------------------------------------- scenarios
def test_a1_loopback(k):
    ns = rl.netns_add(k, "red")
    check(k, "a1_netns_loopback", 3, show.dumps(show.link_objs(ns, links(ns))))
    check(k, "a1_netns_loopback", 4, show.dumps(show.addr_objs(ns, links(ns), True)))
    rl.link_set_up(ns.by_name["lo"])
    check(k, "a1_netns_loopback", 9, show.dumps(show.link_objs(ns, links(ns))))
    check(k, "a1_netns_loopback", 10, show.dumps(show.addr_objs(ns, links(ns), True)))
    local = table(ns, RT_TABLE_LOCAL)
    check(k, "a1_netns_loopback", 11, show.dumps(show.route_objs(ns, local, RT_TABLE_LOCAL)))
    check(k, "a1_netns_loopback", 12, show.route_text(ns, local, RT_TABLE_LOCAL))
    check(k, "a1_netns_loopback", 13, show.route_text(ns, table(ns, RT_TABLE_MAIN), RT_TABLE_MAIN))
    dec = fib.route_output(ns, A("127.8.8.8"))
    check(k, "a1_netns_loopback", 17, show.route_get_text(ns, A("127.8.8.8"), dec))


def test_b1_veth_pair(k):
    left, right = rl.netns_add(k, "left"), rl.netns_add(k, "right")
    vl, vr = rl.veth_add(left, "veth-l", "veth-r", peer_ns=right)
    check(k, "b1_veth_pair", 5, show.dumps(show.link_objs(left, links(left))), mask=True)
    check(k, "b1_veth_pair", 6, show.dumps(show.link_objs(right, links(right))), mask=True)
    devinet.addr_add(left, vl, A("10.10.0.1"), 24)
    devinet.addr_add(right, vr, A("10.10.0.2"), 24)
    rl.link_set_up(vl)
    check(k, "b1_veth_pair", 11, show.dumps(show.link_objs(left, [vl])), mask=True)
    check(k, "b1_veth_pair", 12, show.route_text(left, table(left, RT_TABLE_MAIN), RT_TABLE_MAIN))
    rl.link_set_up(vr)
    check(k, "b1_veth_pair", 14, show.dumps(show.link_objs(left, [vl])), mask=True)
    check(k, "b1_veth_pair", 15, show.dumps(show.link_objs(right, [vr])), mask=True)
    check(k, "b1_veth_pair", 16, show.route_text(left, table(left, RT_TABLE_MAIN), RT_TABLE_MAIN))
    rl.link_del(right, vr)
    check(k, "b1_veth_pair", 21, show.dumps(show.link_objs(left, links(left))))
    check(k, "b1_veth_pair", 22, show.dumps(show.link_objs(right, links(right))))
    check(k, "b1_veth_pair", 23, show.route_text(left, table(left, RT_TABLE_MAIN), RT_TABLE_MAIN))


def test_b2_veth_move_same_and_other_namespace(k):
    host, box = rl.netns_add(k, "host"), rl.netns_add(k, "box")
    va, vb = rl.veth_add(host, "vethA", "vethB")
    check(k, "b2_veth_move", 5, show.dumps(show.link_objs(host, links(host))), mask=True)
    devinet.addr_add(host, va, A("10.20.0.1"), 24)
    devinet.addr_add(host, vb, A("10.20.0.2"), 24)
    check(k, "b2_veth_move", 8, show.dumps(show.addr_objs(host, links(host), True)), mask=True)
    rl.link_set_netns(vb, box)
    check(k, "b2_veth_move", 11, show.dumps(show.link_objs(host, links(host))), mask=True)
    check(k, "b2_veth_move", 12, show.dumps(show.link_objs(box, links(box))), mask=True)
    check(k, "b2_veth_move", 13, show.dumps(show.addr_objs(box, links(box), True)))
    rl.link_rename(vb, "eth0")
    devinet.addr_add(box, vb, A("10.20.0.2"), 24)
    rl.link_set_up(vb)
    rl.link_set_up(va)
    check(k, "b2_veth_move", 18, show.dumps(show.addr_objs(box, links(box), True)))
    rl.link_set_netns(vb, host)
    check(k, "b2_veth_move", 22, show.dumps(show.link_objs(host, links(host))))
    check(k, "b2_veth_move", 23, show.dumps(show.link_objs(box, links(box))))


def test_c1_addresses_and_kernel_routes(k):
    n1, n2 = rl.netns_add(k, "n1"), rl.netns_add(k, "n2")
    e1, e2 = rl.veth_add(n1, "eth0", "eth0", peer_ns=n2)
    devinet.addr_add(n1, e1, A("192.168.50.10"), 24)
    check(k, "c1_addr_routes", 7, show.route_text(n1, table(n1, RT_TABLE_MAIN), RT_TABLE_MAIN))
    check(k, "c1_addr_routes", 8,
          show.dumps(show.route_objs(n1, table(n1, RT_TABLE_LOCAL), RT_TABLE_LOCAL)))
    rl.link_set_up(e1)
    rl.link_set_up(e2)
    check(k, "c1_addr_routes", 11, show.route_text(n1, table(n1, RT_TABLE_MAIN), RT_TABLE_MAIN))
    check(k, "c1_addr_routes", 12,
          show.dumps(show.route_objs(n1, table(n1, RT_TABLE_MAIN), RT_TABLE_MAIN)))
    check(k, "c1_addr_routes", 13,
          show.dumps(show.route_objs(n1, table(n1, RT_TABLE_LOCAL), RT_TABLE_LOCAL)))
    devinet.addr_add(n1, e1, A("192.168.50.11"), 24)
    devinet.addr_add(n1, e1, A("10.99.0.1"), 16)
    check(k, "c1_addr_routes", 18, show.dumps(show.addr_objs(n1, [e1], True)))
    check(k, "c1_addr_routes", 19, show.route_text(n1, table(n1, RT_TABLE_MAIN), RT_TABLE_MAIN))
    check(k, "c1_addr_routes", 20,
          show.route_text(n1, table(n1, RT_TABLE_LOCAL), RT_TABLE_LOCAL))


def _d1(k):
    r, a, b = rl.netns_add(k, "r"), rl.netns_add(k, "a"), rl.netns_add(k, "b")
    ta, ea = rl.veth_add(r, "to-a", "eth0", peer_ns=a)
    tb, eb = rl.veth_add(r, "to-b", "eth0", peer_ns=b)
    devinet.addr_add(r, ta, A("10.1.1.1"), 24)
    devinet.addr_add(r, tb, A("10.2.2.1"), 24)
    for d in (ta, tb, ea, eb):
        rl.link_set_up(d)
    for dst, plen, gw, metric in (("10.50.0.0", 16, "10.1.1.2", 0),
                                  ("10.50.7.0", 24, "10.2.2.2", 0),
                                  ("0.0.0.0", 0, "10.1.1.254", 200),
                                  ("0.0.0.0", 0, "10.2.2.254", 100)):
        fib.route_add(r, Route(int(A(dst)), plen, gateway=A(gw), metric=metric))
    return r


def test_d1_route_show_and_get(k):
    r = _d1(k)
    main = table(r, RT_TABLE_MAIN)
    check(k, "d1_route_lpm", 17, show.route_text(r, main, RT_TABLE_MAIN))
    check(k, "d1_route_lpm", 18, show.dumps(show.route_objs(r, main, RT_TABLE_MAIN)))
    for n, dst in ((19, "10.50.7.9"), (20, "10.50.8.9"), (21, "10.60.0.1")):
        dec = fib.route_output(r, A(dst))
        check(k, "d1_route_lpm", n, show.route_get_text(r, A(dst), dec))
    dec = fib.route_output(r, A("10.50.7.9"))
    check(k, "d1_route_lpm", 22, show.dumps([show.route_get_obj(r, A("10.50.7.9"), dec)]))
    fib.route_add(r, Route(int(A("10.50.0.0")), 16, gateway=A("10.2.2.2"), metric=5))
    sel = [x for x in table(r, RT_TABLE_MAIN) if (x.dst_str, x.plen) == ("10.50.0.0/16", 16)]
    check(k, "d1_route_lpm", 30, show.route_text(r, sel, RT_TABLE_MAIN))


def test_d2_route_types_onlink_and_src(k):
    gw, peer = rl.netns_add(k, "gw"), rl.netns_add(k, "peer")
    rl.link_set_up(gw.by_name["lo"])
    e0, p0 = rl.veth_add(gw, "e0", "e0", peer_ns=peer)
    devinet.addr_add(gw, e0, A("10.0.0.1"), 24)
    devinet.addr_add(gw, e0, A("10.0.1.1"), 24)
    rl.link_set_up(e0)
    rl.link_set_up(p0)
    for t, net in (("blackhole", "10.66.0.0"), ("unreachable", "10.67.0.0"),
                   ("prohibit", "10.68.0.0")):
        fib.route_add(gw, Route(int(A(net)), 16, type=t))
    main = table(gw, RT_TABLE_MAIN)
    check(k, "d2_route_types", 13, show.route_text(gw, main, RT_TABLE_MAIN))
    check(k, "d2_route_types", 14, show.dumps(show.route_objs(gw, main, RT_TABLE_MAIN)))
    fib.route_add(gw, Route(int(A("10.70.0.0")), 16, dev=e0, gateway=A("10.5.5.5"), onlink=True))
    sel = [x for x in table(gw, RT_TABLE_MAIN) if x.dst_str == "10.70.0.0/16"]
    check(k, "d2_route_types", 25, show.route_text(gw, sel, RT_TABLE_MAIN))
    fib.route_add(gw, Route(int(A("10.71.0.0")), 16, gateway=A("10.0.0.2"), prefsrc=A("10.0.1.1")))
    for n, dst in ((28, "10.71.0.9"), (29, "10.0.0.2")):
        check(k, "d2_route_types", n, show.route_get_text(gw, A(dst), fib.route_output(gw, A(dst))))
    rl.link_set_down(e0)
    check(k, "d2_route_types", 33, show.route_text(gw, table(gw, RT_TABLE_MAIN), RT_TABLE_MAIN))


def test_d3_route_get_from_and_iif(k):
    rtr, inside, dc = (rl.netns_add(k, x) for x in ("rtr", "inside", "dc"))
    in0, i0 = rl.veth_add(rtr, "in0", "eth0", peer_ns=inside)
    dc0, d0 = rl.veth_add(rtr, "dc0", "eth0", peer_ns=dc)
    devinet.addr_add(rtr, in0, A("192.168.30.1"), 24)
    devinet.addr_add(rtr, in0, A("192.168.31.1"), 24)
    devinet.addr_add(rtr, dc0, A("10.60.0.1"), 24)
    for d in (in0, dc0, i0, d0):
        rl.link_set_up(d)
    S = "d3_route_src_iif"
    for n, dst in ((14, "192.168.31.7"), (15, "192.168.30.7")):
        check(k, S, n, show.route_get_text(rtr, A(dst), fib.route_output(rtr, A(dst))))
    fib.route_add(rtr, Route(int(A("10.61.0.0")), 16, gateway=A("10.60.0.2")))
    dst = A("10.61.3.3")
    check(k, S, 17, show.route_get_text(rtr, dst, fib.route_output(rtr, dst)))
    src = A("192.168.30.1")
    check(k, S, 18, show.route_get_text(rtr, dst, fib.route_output(rtr, dst, src), src))
    set_forwarding(rtr)
    for n, d, s, iif in ((21, "10.61.3.3", "192.168.30.9", in0),
                         (23, "10.61.3.3", "10.60.0.9", in0),
                         (27, "192.168.30.9", "10.61.3.3", dc0)):
        dec = fib.route_input(rtr, A(d), A(s), iif)
        assert dec.error == 0
        check(k, S, n, show.route_get_text(rtr, A(d), dec, A(s), iif))


def test_e1_neighbours(k):
    ha, hb = rl.netns_add(k, "ha"), rl.netns_add(k, "hb")
    a, b = rl.veth_add(ha, "eth0", "eth0", peer_ns=hb)
    devinet.addr_add(ha, a, A("192.168.7.1"), 24)
    devinet.addr_add(hb, b, A("192.168.7.2"), 24)
    rl.link_set_up(a)
    rl.link_set_up(b)
    check(k, "e1_neigh", 9, show.dumps(show.neigh_objs(ha, neigh_entries(ha))))
    ping(k, ha, "192.168.7.2")
    check(k, "e1_neigh", 11, show.dumps(show.neigh_objs(ha, neigh_entries(ha))))
    check(k, "e1_neigh", 12, show.neigh_text(ha, neigh_entries(ha)))
    ping(k, ha, "192.168.7.99")
    sel = [n for n in neigh_entries(ha) if str(n.ip) == "192.168.7.99"]
    check(k, "e1_neigh", 15, show.dumps(show.neigh_objs(ha, sel)))
    k.clock.run(until=k.clock.now + 4)
    check(k, "e1_neigh", 17, show.dumps(show.neigh_objs(ha, sel)))


def test_e2_neigh_text_with_dev_and_incomplete(k):
    cli, gwy = rl.netns_add(k, "cli"), rl.netns_add(k, "gwy")
    e, lan = rl.veth_add(cli, "eth0", "lan", peer_ns=gwy)
    devinet.addr_add(cli, e, A("172.24.0.10"), 24)
    devinet.addr_add(gwy, lan, A("172.24.0.1"), 24)
    rl.link_set_up(e)
    rl.link_set_up(lan)
    ping(k, cli, "172.24.0.1")
    ping(k, cli, "172.24.0.77")
    objs = show.neigh_objs(cli, neigh_entries(cli))
    exp = json.loads(expected("e2_neigh_router", 30, mask=True))
    key = lambda o: o["dst"]                            # the kernel dumps in hash order
    got = json.loads(actual(k, show.dumps(objs), mask=True))
    assert sorted(got, key=key) == sorted(exp, key=key)
    # a permanent entry shown with "dev wan": no "dev" on the line
    from netsim.kernel.neighbour import neigh_create, neigh_update
    n = neigh_create(gwy, lan, A("172.25.0.10"))
    neigh_update(n, "02:00:00:00:25:11", NUD.PERMANENT, admin=True)
    sel = [x for x in neigh_entries(gwy) if x.dev is lan and x.ip == A("172.25.0.10")]
    check(k, "e2_neigh_router", 28, show.neigh_text(gwy, sel, dev_given=True))
    assert show.neigh_objs(gwy, sel, dev_given=True) == [
        {"dst": "172.25.0.10", "lladdr": "02:00:00:00:25:11", "state": ["PERMANENT"]}]


def _f1(k):
    sw = rl.netns_add(k, "sw")
    hs = [rl.netns_add(k, f"h{i}") for i in (1, 2, 3)]
    br = rl.link_add(sw, "bridge", "br0")
    rl.link_set_up(br)
    check(k, "f1_bridge_l2", 8, show.dumps(show.link_objs(sw, [br])), mask=True)
    ports = []
    for i, h in enumerate(hs, 1):
        p, e = rl.veth_add(sw, f"p{i}", "eth0", peer_ns=h)
        ports.append((p, e))
    for p, _ in ports:
        rl.link_set_master(p, br)
    for p, _ in ports:
        rl.link_set_up(p)
    for i, (_, e) in enumerate(ports, 1):
        devinet.addr_add(e.ns, e, A(f"10.0.5.{i}"), 24)
    for _, e in ports:
        rl.link_set_up(e)
    k.clock.advance(1.0)          # linkwatch's next round: the bridge's carrier events run
    return sw, br, hs, ports


def test_f1_bridge_links_and_fdb(k):
    sw, br, hs, ports = _f1(k)
    check(k, "f1_bridge_l2", 24, show.dumps(show.link_objs(sw, links(sw))), mask=True)
    check(k, "f1_bridge_l2", 25, show.dumps(show.bridge_link_objs(sw, links(sw))))
    ping(k, hs[0], "10.0.5.2")
    ping(k, hs[0], "10.0.5.3")
    # which port's MAC the bridge took depends on the random MACs: mask, then check owners
    fdb = show.bridge_fdb_objs(sw, br)
    check(k, "f1_bridge_l2", 28, show.dumps(fdb), mask=True)
    assert [(o["mac"], o["ifname"]) for o in fdb if o["state"] == ""] == [
        (e.mac, p.name) for p, e in ports]
    check(k, "f1_bridge_l2", 29, show.dumps(show.neigh_objs(hs[0], neigh_entries(hs[0]))))
    rl.link_set_down(ports[2][0])
    check(k, "f1_bridge_l2", 33, show.dumps(show.bridge_link_objs(sw, links(sw))))


def test_f2_route_get_via_bridge_gateway(k):
    S = "f2_bridge_gateway"
    recs = {r["n"]: r for r in _records(S)}
    assert recs[26]["stdout"].startswith("10.9.9.9 via 10.244.1.1 dev eth0 src 10.244.1.2 uid 0 ")
    c1 = rl.netns_add(k, "c1")
    node = rl.netns_add(k, "node")
    e, v = rl.veth_add(c1, "eth0", "veth1", peer_ns=node)
    devinet.addr_add(c1, e, A("10.244.1.2"), 24)
    rl.link_set_up(e)
    rl.link_set_up(v)
    fib.route_add(c1, Route(0, 0, gateway=A("10.244.1.1")))
    for n, dst in ((25, "10.244.1.3"), (26, "10.9.9.9")):
        assert show.route_get_text(c1, A(dst), fib.route_output(c1, A(dst))) == recs[n]["stdout"]


def test_k1_macvlan(k):
    hostm, m1 = rl.netns_add(k, "hostm"), rl.netns_add(k, "m1")
    rl.netns_add(k, "m2")
    parent, uplink = rl.veth_add(hostm, "parent0", "uplink")
    rl.link_set_up(parent)
    rl.link_set_up(uplink)
    mv1 = rl.link_add(hostm, "macvlan", "mv1", lower=parent, mode="bridge")
    mv2 = rl.link_add(hostm, "macvlan", "mv2", lower=parent, mode="bridge")
    check(k, "k1_macvlan", 10, show.dumps(show.link_objs(hostm, links(hostm))), mask=True)
    rl.link_set_netns(mv1, m1)
    rl.link_set_netns(mv2, k.namespaces["m2"])
    check(k, "k1_macvlan", 13, show.dumps(show.link_objs(m1, links(m1))))
    devinet.addr_add(m1, mv1, A("192.168.200.11"), 24)
    rl.link_set_up(mv1)
    check(k, "k1_macvlan", 18, show.dumps(show.link_objs(m1, [mv1])))
    rl.link_set_down(parent)
    check(k, "k1_macvlan", 22, show.dumps(show.link_objs(m1, [mv1])))


def test_l2_rules(k):
    rt = rl.netns_add(k, "rt")
    check(k, "l2_errors_routes", 24, show.rule_text(rt))
    from netsim.kernel_model import FibRule
    fib.rule_add(rt, FibRule(0, 100, src=int(A("10.4.0.0")), src_len=24), priority_given=False)
    check(k, "l2_errors_routes", 26, show.rule_text(rt))


# ----------------------------------------------------------------------------- formats checked
# against the real iproute2 6.1 on kernel 6.18 by hand (no recorded line shows them)
def test_text_link_and_addr_formats(k):
    a, b = rl.netns_add(k, "fmtA"), rl.netns_add(k, "fmtB")
    v0, v1 = rl.veth_add(a, "v0", "v1")
    e0, e1 = rl.veth_add(a, "e0", "e1", peer_ns=b)
    rl.link_set_up(v0)
    rl.link_set_up(e0)
    devinet.addr_add(a, e0, A("10.0.0.1"), 24)
    devinet.addr_add(a, e0, A("10.0.0.5"), 24)
    k.clock.advance(1.0)          # linkwatch's next round: e0's creation event runs
    assert _mask(show.link_text(a, [v1, v0, e0])) == (
        "2: v1@v0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default"
        " qlen 1000\n    link/ether <mac> brd ff:ff:ff:ff:ff:ff\n"
        "3: v0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state"
        " LOWERLAYERDOWN mode DEFAULT group default qlen 1000\n"
        "    link/ether <mac> brd ff:ff:ff:ff:ff:ff\n"
        "4: e0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state"
        " LOWERLAYERDOWN mode"
        " DEFAULT group default qlen 1000\n"
        "    link/ether <mac> brd ff:ff:ff:ff:ff:ff link-netns fmtB\n")
    inet = ("    inet 10.0.0.1/24 scope global e0\n       valid_lft forever preferred_lft forever\n"
            "    inet 10.0.0.5/24 scope global secondary e0\n"
            "       valid_lft forever preferred_lft forever\n")
    head = ("4: e0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state"
            " LOWERLAYERDOWN"
            " group default qlen 1000")
    assert show.addr_text(a, [v1, e0], True) == head + " link-netns fmtB\n" + inet
    assert _mask(show.addr_text(a, [e0], False)) == (
        head + "\n    link/ether <mac> brd ff:ff:ff:ff:ff:ff link-netns fmtB\n" + inet)
    objs = show.addr_objs(a, [v1, e0], False)
    assert [o["ifname"] for o in objs] == ["v1", "e0"] and objs[0]["addr_info"] == []
    assert list(objs[1]) == ["ifindex", "link_index", "ifname", "flags", "mtu", "qdisc",
                             "operstate", "group", "txqlen", "link_type", "address",
                             "broadcast", "link_netnsid", "addr_info"]


def test_route_table_all_and_flags(k):
    a, b = rl.netns_add(k, "fmtA"), rl.netns_add(k, "fmtB")
    e0, e1 = rl.veth_add(a, "e0", "e1", peer_ns=b)
    rl.link_set_up(e0)
    devinet.addr_add(a, e0, A("10.0.0.1"), 24)
    fib.route_add(a, Route(int(A("10.9.0.0")), 16, gateway=A("10.0.0.2"), metric=7))
    fib.route_add(a, Route(int(A("10.7.0.0")), 16, dev=e0, prefsrc=A("10.0.0.1"), scope=253))
    fib.route_add(a, Route(int(A("10.67.0.0")), 16, type="unreachable", metric=3))
    fib.route_add(a, Route(0, 0, table=100, gateway=A("10.0.0.2")))
    everything = [r for tb in sorted(a.tables) for r in a.tables[tb].routes()]
    assert show.route_text(a, everything, None) == (
        "default via 10.0.0.2 dev e0 table 100 linkdown \n"
        "10.0.0.0/24 dev e0 proto kernel scope link src 10.0.0.1 linkdown \n"
        "10.7.0.0/16 dev e0 scope link src 10.0.0.1 linkdown \n"
        "10.9.0.0/16 via 10.0.0.2 dev e0 metric 7 linkdown \n"
        "unreachable 10.67.0.0/16 metric 3 \n"
        "local 10.0.0.1 dev e0 table local proto kernel scope host src 10.0.0.1 \n"
        "broadcast 10.0.0.255 dev e0 table local proto kernel scope link src 10.0.0.1 linkdown \n")
    objs = show.route_objs(a, everything, None)
    assert objs[0] == {"dst": "default", "gateway": "10.0.0.2", "dev": "e0", "table": "100",
                       "flags": ["linkdown"]}
    assert objs[4] == {"type": "unreachable", "dst": "10.67.0.0/16", "metric": 3, "flags": []}


def test_route_get_local_broadcast_and_redirect(k):
    a, b = rl.netns_add(k, "fmtA"), rl.netns_add(k, "fmtB")
    rl.link_set_up(a.by_name["lo"])
    e0, e1 = rl.veth_add(a, "e0", "e1", peer_ns=b)
    devinet.addr_add(a, e0, A("10.0.0.1"), 24)
    rl.link_set_up(e0)
    rl.link_set_up(e1)
    def g(d, s=None):
        src = A(s) if s else None
        return show.route_get_text(a, A(d), fib.route_output(a, A(d), src), src)

    assert g("10.0.0.1") == "local 10.0.0.1 dev lo src 10.0.0.1 uid 0 \n    cache <local> \n"
    assert g("10.0.0.255") == ("broadcast 10.0.0.255 dev e0 src 10.0.0.1 uid 0 \n"
                               "    cache <local,brd> \n")
    dec = fib.route_input(a, A("10.0.0.1"), A("10.0.0.2"), e0)
    assert show.route_get_obj(a, A("10.0.0.1"), dec, A("10.0.0.2"), e0) == {
        "type": "local", "dst": "10.0.0.1", "from": "10.0.0.2", "dev": "lo", "flags": [],
        "cache": ["local"], "iif": "e0"}
    set_forwarding(a)
    dec = fib.route_input(a, A("10.0.0.7"), A("10.0.0.2"), e0)
    assert show.route_get_text(a, A("10.0.0.7"), dec, A("10.0.0.2"), e0) == (
        "10.0.0.7 from 10.0.0.2 dev e0 \n    cache <redirect> iif e0 \n")
    # with a custom rule the local table is no longer merged into main: "table local"
    from netsim.kernel_model import FibRule
    fib.rule_add(a, FibRule(0, 100, src=int(A("10.3.0.0")), src_len=16), priority_given=False)
    assert g("10.0.0.1", "10.0.0.1") == ("local 10.0.0.1 from 10.0.0.1 dev lo table local uid 0 \n"
                                         "    cache <local> \n")


def test_rule_formats(k):
    from netsim.kernel_model import FibRule
    ns = rl.netns_add(k, "fmtA")
    ns.rules[1:1] = [
        FibRule(32762, 0, src=int(A("10.6.0.0")), src_len=24, dst=int(A("10.7.0.1")), dst_len=32,
                action="prohibit"),
        FibRule(32763, 200, src=int(A("10.5.0.1")), src_len=32, oif="v0", not_=True),
        FibRule(32764, 0, dst=int(A("10.4.0.0")), dst_len=16, iif="e0", action="blackhole")]
    ns.by_name["v0"] = ns.by_name["e0"] = ns.by_name["lo"]     # present: not [detached]
    assert show.rule_text(ns) == (
        "0:\tfrom all lookup local\n"
        "32762:\tfrom 10.6.0.0/24 to 10.7.0.1 prohibit\n"
        "32763:\tnot from 10.5.0.1 oif v0 lookup 200\n"
        "32764:\tfrom all to 10.4.0.0/16 iif e0 blackhole\n"
        "32766:\tfrom all lookup main\n"
        "32767:\tfrom all lookup default\n")
    assert show.dumps(show.rule_objs(ns)) == (
        '[{"priority":0,"src":"all","table":"local"},{"priority":32762,"src":"10.6.0.0",'
        '"srclen":24,"dst":"10.7.0.1","action":"prohibit"},{"priority":32763,"not":null,'
        '"src":"10.5.0.1","oif":"v0","table":"200"},{"priority":32764,"src":"all",'
        '"dst":"10.4.0.0","dstlen":16,"iif":"e0","action":"blackhole"},{"priority":32766,'
        '"src":"all","table":"main"},{"priority":32767,"src":"all","table":"default"}]\n')


def test_neigh_states_text(k):
    from netsim.kernel.neighbour import neigh_create, neigh_update
    a, b = rl.netns_add(k, "fmtA"), rl.netns_add(k, "fmtB")
    e0, _ = rl.veth_add(a, "e0", "e1", peer_ns=b)
    rl.link_set_up(e0)
    for ip, mac, st in (("10.0.0.12", "02:00:00:00:00:0c", NUD.REACHABLE),
                        ("10.0.0.9", "02:00:00:00:00:09", NUD.PERMANENT),
                        ("10.0.0.14", None, NUD.INCOMPLETE),
                        ("10.0.0.11", "02:00:00:00:00:0b", NUD.STALE),
                        ("10.0.0.15", None, NUD.FAILED),
                        ("10.0.0.13", "02:00:00:00:00:0d", NUD.NOARP)):
        n = neigh_create(a, e0, A(ip))
        n.state, n.lladdr = st, mac
    entries = list(a.neigh.values())
    assert show.neigh_text(a, entries) == (
        "10.0.0.12 dev e0 lladdr 02:00:00:00:00:0c REACHABLE \n"
        "10.0.0.9 dev e0 lladdr 02:00:00:00:00:09 PERMANENT \n"
        "10.0.0.14 dev e0 INCOMPLETE \n"
        "10.0.0.11 dev e0 lladdr 02:00:00:00:00:0b STALE \n"
        "10.0.0.15 dev e0 FAILED \n")
    assert show.neigh_text(a, entries, dev_given=True).splitlines()[2] == "10.0.0.14 INCOMPLETE "


def test_bridge_text_and_fdb_order(k):
    s, h = rl.netns_add(k, "fmtS"), rl.netns_add(k, "fmtH")
    br = rl.link_add(s, "bridge", "br0")
    rl.link_set_up(br)
    p1, eth = rl.veth_add(s, "p1", "eth0", peer_ns=h)
    p2, q2 = rl.veth_add(s, "p2", "q2")
    rl.link_set_master(p1, br)
    rl.link_set_master(p2, br)
    for d in (p1, eth, q2):
        rl.link_set_up(d)
    br.fdb["02:00:00:00:00:77"] = type(br.fdb[p1.mac])("02:00:00:00:00:77", p1, k.clock.now)
    text = show.bridge_fdb_text(s, br)
    assert text.replace(p1.mac, "<p1>").replace(p2.mac, "<p2>") == (
        "33:33:00:00:00:01 dev br0 self permanent\n"
        "01:00:5e:00:00:6a dev br0 self permanent\n"
        "33:33:00:00:00:6a dev br0 self permanent\n"
        "01:00:5e:00:00:01 dev br0 self permanent\n"
        "02:00:00:00:00:77 dev p1 master br0 \n"
        "<p1> dev p1 master br0 permanent\n"
        "33:33:00:00:00:01 dev p1 self permanent\n"
        "01:00:5e:00:00:01 dev p1 self permanent\n"
        "<p2> dev p2 master br0 permanent\n"
        "33:33:00:00:00:01 dev p2 self permanent\n")
    assert show.bridge_link_text(s, links(s)) == (
        f"{p1.ifindex}: p1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state"
        " forwarding priority 32 cost 2 \n"
        f"{p2.ifindex}: p2@q2: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state disabled"
        " priority 32 cost 2 \n".replace(",M-DOWN", ""))
    rl.link_set_up(p2)
    rl.link_set_down(q2)
    assert show.bridge_link_objs(s, [p2])[0]["flags"] == [
        "NO-CARRIER", "BROADCAST", "MULTICAST", "UP", "M-DOWN"]
    lone = rl.link_add(s, "bridge", "br1")
    assert show.bridge_fdb_text(s, lone) == (
        f"33:33:00:00:00:01 dev br1 self permanent\n{lone.mac} dev br1 master br1 permanent\n")
