"""Addresses and the routes the kernel derives from them; policy rules, tables, route types and
attributes; longest prefix then metric; preferred source; ``ip route get``."""
from ipaddress import IPv4Address as A

import pytest
from checkers import assert_path, dropped, func
from labutil import dev, lab_of, routes, run

from netsim.kernel import fib

BASE = ("ip netns add x", "ip -n x link add v0 type veth peer name v1",
        "ip -n x link set v0 up", "ip -n x link set v1 up")


def get(lab, args, ns="x"):
    r = lab.sh(f"ip -n {ns} route get {args}")
    return (r.stdout or r.stderr).splitlines()[0] if (r.stdout or r.stderr) else ""


# ----------------------------------------------------------------------------- addresses
def test_an_address_adds_local_broadcast_and_subnet_routes_and_takes_them_away():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.2.3/24 dev v0")
    assert routes(lab, "x") == ["unicast 10.1.2.0/24 dev v0 proto kernel scope link src 10.1.2.3"]
    assert routes(lab, "x", 255) == [
        "local 10.1.2.3 dev v0 proto kernel scope host src 10.1.2.3",
        "broadcast 10.1.2.255 dev v0 proto kernel scope link src 10.1.2.3"]
    run(lab, "ip -n x addr del 10.1.2.3/24 dev v0")
    assert routes(lab, "x") == [] and routes(lab, "x", 255) == []


def test_an_address_on_a_down_device_gives_only_its_local_route():
    lab = lab_of("ip netns add x", "ip -n x link add v0 type veth peer name v1",
                 "ip -n x addr add 10.1.2.3/24 dev v0")
    assert routes(lab, "x") == []
    assert routes(lab, "x", 255) == ["local 10.1.2.3 dev v0 proto kernel scope host src 10.1.2.3"]
    run(lab, "ip -n x link set v0 up")
    assert len(routes(lab, "x")) == 1 and len(routes(lab, "x", 255)) == 2
    run(lab, "ip -n x link set v0 down")             # down: the subnet and broadcast routes go
    assert routes(lab, "x") == [] and len(routes(lab, "x", 255)) == 1


def test_primary_and_secondary_addresses():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.2.3/24 dev v0", "ip -n x addr add 10.1.2.4/24 dev v0",
                 "ip -n x addr add 10.9.0.1/16 dev v0")
    v0 = dev(lab, "x", "v0")
    assert [(str(a.local), a.secondary) for a in v0.addrs] == [
        ("10.1.2.3", False), ("10.9.0.1", False), ("10.1.2.4", True)]
    assert "secondary" in lab.sh("ip -n x addr show dev v0").stdout
    # a secondary adds its local route but not a second subnet route
    assert "local 10.1.2.4 dev v0 proto kernel scope host src 10.1.2.3" in routes(lab, "x", 255)
    assert [r for r in routes(lab, "x") if "10.1.2.0/24" in r] == [
        "unicast 10.1.2.0/24 dev v0 proto kernel scope link src 10.1.2.3"]
    # deleting the primary takes the secondary with it (promote_secondaries=0)
    run(lab, "ip -n x addr del 10.1.2.3/24 dev v0")
    assert [str(a.local) for a in v0.addrs] == ["10.9.0.1"]
    assert not any("10.1.2." in r for r in routes(lab, "x") + routes(lab, "x", 255))


def test_deleting_a_secondary_keeps_the_primary():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.2.3/24 dev v0", "ip -n x addr add 10.1.2.4/24 dev v0")
    run(lab, "ip -n x addr del 10.1.2.4/24 dev v0")
    assert [str(a.local) for a in dev(lab, "x", "v0").addrs] == ["10.1.2.3"]
    assert len(routes(lab, "x")) == 1 and len(routes(lab, "x", 255)) == 2


def test_deleting_the_last_address_disables_ip_on_the_device():
    # fib_inetaddr_event(NETDEV_DOWN) -> fib_disable_ip(dev, force): a gateway route through
    # the device dies with its last address, and so do its neighbours (arp_ifdown); found by
    # tests/test_differential.py (the kernel: "Network is unreachable")
    lab = lab_of(*BASE, "ip -n x addr add 10.1.2.3/24 dev v0", "ip -n x addr add 10.9.0.1/24 dev v0",
                 "ip -n x route add default via 10.1.2.1",
                 "ip -n x neigh add 10.1.2.1 lladdr 02:00:00:00:00:01 dev v0")
    run(lab, "ip -n x addr del 10.1.2.3/24 dev v0")
    assert "default via 10.1.2.1 dev v0" in lab.sh("ip -n x route show").stdout   # one left
    run(lab, "ip -n x addr del 10.9.0.1/24 dev v0")
    assert routes(lab, "x") == []
    assert lab.sh("ip -n x neigh show").stdout == ""
    assert "Network is unreachable" in lab.sh("ip -n x route get 10.1.2.1").stderr


# ----------------------------------------------------------------------------- rules and tables
def test_default_rules_and_tables():
    lab = lab_of("ip netns add x")
    ns = lab.kernel.namespaces["x"]
    assert [(r.priority, r.table) for r in ns.rules] == [(0, 255), (32766, 254), (32767, 253)]
    assert lab.sh("ip -n x rule show").stdout == (
        "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n")


def test_numbered_table_reached_by_a_source_rule():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0", "ip -n x addr add 10.2.0.1/24 dev v1",
                 "ip -n x route add default via 10.1.0.2",
                 "ip -n x route add default via 10.2.0.2 table 100",
                 "ip -n x rule add from 10.2.0.1 lookup 100")
    ns = lab.kernel.namespaces["x"]
    assert [r.priority for r in ns.rules] == [0, 32765, 32766, 32767]
    assert "via 10.1.0.2 dev v0" in get(lab, "192.0.2.1")
    assert "via 10.2.0.2 dev v1" in get(lab, "192.0.2.1 from 10.2.0.1")
    res = fib.fib_lookup(ns, int(A("192.0.2.1")), int(A("10.2.0.1")))
    assert (res.table, res.rule.priority) == (100, 32765)


@pytest.mark.parametrize("kind,err,ping_err", [
    ("blackhole", "RTNETLINK answers: Invalid argument", "ping: connect: Invalid argument"),
    ("unreachable", "RTNETLINK answers: No route to host", "ping: connect: No route to host"),
    ("prohibit", "RTNETLINK answers: Permission denied", "ping: Do you want to ping broadcast?")])
def test_route_types_that_refuse(kind, err, ping_err):
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0", f"ip -n x route add {kind} 10.8.0.0/16")
    assert get(lab, "10.8.1.1") == err
    r = lab.sh("ip netns exec x ping -c 1 -W 1 10.8.1.1")
    assert r.rc == 2 and r.stderr.startswith(ping_err)


def test_local_and_broadcast_route_types():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0")
    assert get(lab, "10.1.0.1").startswith("local 10.1.0.1 dev lo")
    assert get(lab, "10.1.0.255").startswith("broadcast 10.1.0.255 dev v0")
    run(lab, "ip -n x route add local 10.66.0.0/16 dev lo table local")
    assert get(lab, "10.66.3.4").startswith("local 10.66.3.4 dev lo")


def test_longest_prefix_wins_then_lowest_metric():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0", "ip -n x addr add 10.2.0.1/24 dev v1",
                 "ip -n x route add 10.50.0.0/16 via 10.1.0.2",
                 "ip -n x route add 10.50.1.0/24 via 10.2.0.2",
                 "ip -n x route add 10.60.0.0/16 via 10.1.0.2 metric 20",
                 "ip -n x route add 10.60.0.0/16 via 10.2.0.2 metric 10")
    assert "via 10.2.0.2 dev v1" in get(lab, "10.50.1.9")        # /24 beats /16
    assert "via 10.1.0.2 dev v0" in get(lab, "10.50.2.9")
    assert "via 10.2.0.2 dev v1" in get(lab, "10.60.0.1")         # metric 10 beats 20
    run(lab, "ip -n x route del 10.60.0.0/16 via 10.2.0.2 metric 10")
    assert "via 10.1.0.2 dev v0" in get(lab, "10.60.0.1")
    # the trace names the winner and what it beat
    lab.sh("ip -n x link set lo up")
    t = lab.ping("x", "10.50.1.9")
    step = t.find("fib_lookup")[0]
    assert any("10.50.1.0/24" in d and "chosen" in d for d in step.details)
    assert any("10.50.0.0/16" in d and "shorter prefix" in d for d in step.details)


def test_route_attributes_via_dev_onlink_metric_src_scope_proto():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0", "ip -n x addr add 10.1.0.9/24 dev v0",
                 "ip -n x route add 172.30.0.0/16 via 10.1.0.2 dev v0 metric 5 proto static",
                 "ip -n x route add 172.31.0.0/16 dev v0 scope link src 10.1.0.9",
                 "ip -n x route add 172.29.0.0/16 via 192.168.77.1 dev v0 onlink")
    show = lab.sh("ip -n x route show").stdout
    assert "172.30.0.0/16 via 10.1.0.2 dev v0 proto static metric 5 \n" in show
    assert "172.31.0.0/16 dev v0 scope link src 10.1.0.9 \n" in show
    assert "172.29.0.0/16 via 192.168.77.1 dev v0 onlink \n" in show
    assert "src 10.1.0.9" in get(lab, "172.31.1.1")
    assert "via 192.168.77.1 dev v0 src 10.1.0.1" in get(lab, "172.29.0.1")
    # a gateway that is not on-link is refused without onlink
    r = lab.sh("ip -n x route add 172.28.0.0/16 via 192.168.77.1 dev v0")
    assert r.rc == 2 and "Nexthop has invalid gateway" in r.stderr
    # a src that is not ours is refused
    r = lab.sh("ip -n x route add 172.27.0.0/16 dev v0 src 10.1.0.77")
    assert r.rc == 2 and "Invalid prefsrc address" in r.stderr


def test_preferred_source_is_the_primary_address_of_the_outgoing_device():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0", "ip -n x addr add 10.1.0.7/24 dev v0",
                 "ip -n x addr add 10.3.0.1/24 dev v0", "ip -n x addr add 10.2.0.1/24 dev v1",
                 "ip -n x route add default via 10.1.0.2")
    assert get(lab, "8.8.8.8") == "8.8.8.8 via 10.1.0.2 dev v0 src 10.1.0.1 uid 0 "
    # on-link destination: the address in the same subnet
    assert "src 10.3.0.1" in get(lab, "10.3.0.77")
    assert "src 10.2.0.1" in get(lab, "10.2.0.77")


def test_route_get_from_and_iif():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0", "ip -n x addr add 10.2.0.1/24 dev v1")
    r = lab.sh("ip -n x route get 10.2.0.5 from 10.1.0.77 iif v0")
    assert r.rc == 2 and r.stderr == "RTNETLINK answers: No route to host\n"   # ip_forward=0
    run(lab, "ip netns exec x sysctl -w net.ipv4.ip_forward=1")
    assert get(lab, "10.2.0.5 from 10.1.0.77 iif v0") == \
        "10.2.0.5 from 10.1.0.77 dev v1 "
    assert get(lab, "10.1.0.1 from 10.1.0.77 iif v0").startswith("local 10.1.0.1 from 10.1.0.77 dev lo")
    # from one of our addresses, without iif: an output route with that source
    assert get(lab, "10.2.0.5 from 10.1.0.1") == "10.2.0.5 from 10.1.0.1 dev v1 uid 0 "
    # from an address that is not ours: refused
    r = lab.sh("ip -n x route get 10.2.0.5 from 10.9.9.9")
    assert r.rc == 2


def test_ping_with_no_route_is_refused_at_connect_and_router_drops_with_the_reason():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0")
    t = lab.ping("x", "192.0.2.1")
    assert t.result.rc == 2 and "Network is unreachable" in t.result.stderr
    from labutil import router
    lab = router()
    t = lab.ping("west", "192.0.2.1")
    assert "Destination Net Unreachable" in t.result.stdout
    assert_path(t, func("fib_lookup", ns="r"), dropped("IP_INNOROUTES", ns="r"))


@pytest.mark.parametrize("key", ["all", "v0"])
def test_promote_secondaries_keeps_the_subnet_with_a_new_primary(key):
    lab = lab_of(*BASE, f"ip netns exec x sysctl -w net.ipv4.conf.{key}.promote_secondaries=1",
                 "ip -n x addr add 10.1.2.3/24 dev v0", "ip -n x addr add 10.1.2.4/24 dev v0",
                 "ip -n x addr add 10.1.2.5/24 dev v0", "ip -n x route add 10.99.0.0/16 dev v0 src 10.1.2.3")
    run(lab, "ip -n x addr del 10.1.2.3/24 dev v0")
    v0 = dev(lab, "x", "v0")
    assert [(str(a.local), a.secondary) for a in v0.addrs] == [("10.1.2.4", False), ("10.1.2.5", True)]
    assert routes(lab, "x") == ["unicast 10.1.2.0/24 dev v0 proto kernel scope link src 10.1.2.4"]
    assert routes(lab, "x", 255) == [
        "local 10.1.2.4 dev v0 proto kernel scope host src 10.1.2.4",
        "local 10.1.2.5 dev v0 proto kernel scope host src 10.1.2.4",
        "broadcast 10.1.2.255 dev v0 proto kernel scope link src 10.1.2.4"]
    assert "src 10.1.2.4" in get(lab, "10.1.2.77")


def test_rule_actions_throw_and_gateway_check_across_tables():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0", "ip -n x addr add 10.2.0.1/24 dev v1",
                 "ip -n x rule add to 10.60.0.0/16 unreachable prio 301",
                 "ip -n x rule add to 10.61.0.0/16 prohibit prio 302",
                 "ip -n x rule add from 10.1.0.1 to 10.62.0.0/16 blackhole prio 303",
                 "ip -n x rule add to 10.50.0.0/16 lookup 100 prio 100",
                 "ip -n x route add throw 10.50.1.0/24 table 100",
                 # 10.2.0.2 is not reachable in table 100: the kernel retries in all tables
                 "ip -n x route add 10.50.0.0/16 via 10.2.0.2 table 100",
                 "ip -n x route add 10.50.0.0/16 via 10.1.0.2")
    assert get(lab, "10.60.0.1") == "RTNETLINK answers: Network is unreachable"   # not "No route"
    assert get(lab, "10.61.0.1") == "RTNETLINK answers: Permission denied"
    assert get(lab, "10.62.0.1 from 10.1.0.1") == "RTNETLINK answers: Invalid argument"
    assert "via 10.2.0.2 dev v1 table 100" in get(lab, "10.50.2.1")
    assert "via 10.1.0.2 dev v0" in get(lab, "10.50.1.1")        # throw: on to the next rule
    # table dump order is the kernel's hash order: 100, then main, then local
    lines = lab.sh("ip -n x route show table all").stdout.splitlines()
    assert lines[0].endswith("table 100 ") and "table local" in lines[-1]


def test_ping_to_a_broadcast_address_needs_b():
    lab = lab_of(*BASE, "ip -n x addr add 10.1.0.1/24 dev v0")
    r = lab.sh("ip netns exec x ping -c 1 -W 1 10.1.0.255")
    assert r.rc == 2 and r.stderr.startswith("ping: Do you want to ping broadcast? Then -b.")


def test_route_get_of_a_subnet_broadcast_through_iif_and_of_0_0_0_0():
    """An input broadcast route is RTCF_BROADCAST|RTCF_LOCAL like the output one; a lookup
    for 0.0.0.0 goes to the source itself through lo (ip_route_output_key_hash_rcu)."""
    lab = lab_of(*BASE, "ip -n x addr add 10.1.2.3/24 dev v0", "ip -n x link set lo up")
    assert lab.sh("ip -n x route get 10.1.2.255 from 10.1.2.9 iif v0").stdout == (
        "broadcast 10.1.2.255 from 10.1.2.9 dev lo \n    cache <local,brd> iif v0 \n")
    assert lab.sh("ip -n x route get 0.0.0.0").stdout == (
        "local 0.0.0.0 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n")


def test_route_show_selectors_and_the_attributes_they_hide():
    """filter_nlmsg(): root takes longer prefixes, match the covering ones, via/src/metric
    select and, when they fix the value, are not printed (6.18 recording, d19)."""
    lab = lab_of(*BASE, "ip -n x addr add 10.5.1.1/24 dev v0",
                 "ip -n x route add 10.6.0.0/16 via 10.5.1.2",
                 "ip -n x route add 10.6.128.0/17 via 10.5.1.3 metric 30",
                 "ip -n x route add default via 10.5.1.254")
    show = lambda sel: lab.sh(f"ip -n x route show {sel}").stdout.splitlines()  # noqa: E731
    assert show("root 10.6.0.0/16") == ["10.6.0.0/16 via 10.5.1.2 dev v0 ",
                                        "10.6.128.0/17 via 10.5.1.3 dev v0 metric 30 "]
    assert show("match 10.6.200.1") == ["default via 10.5.1.254 dev v0 ",
                                        "10.6.0.0/16 via 10.5.1.2 dev v0 ",
                                        "10.6.128.0/17 via 10.5.1.3 dev v0 metric 30 "]
    assert show("via 10.5.1.2") == ["10.6.0.0/16 dev v0 "]
    assert show("metric 30") == ["10.6.128.0/17 via 10.5.1.3 dev v0 "]
    assert show("src 10.5.1.1") == ["10.5.1.0/24 dev v0 proto kernel scope link "]
    assert lab.sh("ip -n x route get 10.6.200.1 fibmatch").stdout == \
        "10.6.128.0/17 via 10.5.1.3 dev v0 metric 30 \n"
    run(lab, "ip -n x route flush root 10.6.0.0/16")
    assert show("root 10.0.0.0/8") == ["10.5.1.0/24 dev v0 proto kernel scope link src 10.5.1.1 "]


def test_rule_flush_keeps_only_priority_0_and_unknown_rule_words_are_types():
    lab = lab_of(*BASE, "ip -n x rule add from 10.1.0.0/16 table 7")
    r = lab.sh("ip -n x rule add from 10.2.0.0/16 tabel 7")
    assert (r.rc, r.stderr) == (255, 'Error: argument "tabel" is wrong: Failed to parse rule type\n')
    run(lab, "ip -n x rule flush")
    assert lab.sh("ip -n x rule show").stdout == "0:\tfrom all lookup local\n"


def test_route_metrics_are_kept_shown_and_copied_into_route_get():
    """RTA_METRICS: 'mtu [lock] N', advmss, initcwnd... after the flags, and in the cached
    route ``route get`` shows; a protocol given by number is named (6.18 recording, d20)."""
    lab = lab_of(*BASE, "ip -n x addr add 10.71.0.1/24 dev v0",
                 "ip -n x route add 10.72.0.0/16 via 10.71.0.2 mtu lock 1300 advmss 1200",
                 "ip -n x route add 10.77.0.0/16 via 10.71.0.2 proto 99 table 0")
    assert lab.sh("ip -n x route show 10.72.0.0/16").stdout == \
        "10.72.0.0/16 via 10.71.0.2 dev v0 mtu lock 1300 advmss 1200 \n"
    assert lab.sh("ip -n x -j route show 10.72.0.0/16").stdout == (
        '[{"dst":"10.72.0.0/16","gateway":"10.71.0.2","dev":"v0","flags":[],'
        '"metrics":[{"mtu":1300,"advmss":1200}]}]\n')
    assert lab.sh("ip -n x route get 10.72.1.1").stdout.splitlines()[1] == \
        "    cache mtu lock 1300 advmss 1200 "
    assert lab.sh("ip -n x route show 10.77.0.0/16").stdout == \
        "10.77.0.0/16 via 10.71.0.2 dev v0 proto openr \n"
