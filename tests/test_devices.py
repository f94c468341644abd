"""Namespaces and devices: lo in a new namespace, veth carrier/delete/move, dummy, MACs."""
import re

import netsim
from checkers import assert_path, dropped, func
from labutil import dev, lab_of, routes, two_hosts

from netsim.kernel_model import NUD


def test_new_namespace_has_only_lo_and_it_is_down():
    lab = lab_of("ip netns add x")
    ns = lab.kernel.namespaces["x"]
    assert [d.name for d in ns.devices.values()] == ["lo"]
    lo = ns.by_name["lo"]
    assert (lo.ifindex, lo.kind, lo.admin_up, lo.operstate(), lo.mtu) == (1, "loopback", False,
                                                                       "DOWN", 65536)
    assert not lo.addrs and routes(lab, "x") == [] and 255 not in ns.tables
    assert lab.sh("ip -n x link show").stdout.startswith("1: lo: <LOOPBACK> mtu 65536")
    # up, lo gets 127.0.0.1/8 and the local routes, and is UNKNOWN (no carrier notion)
    lab.sh("ip -n x link set lo up")
    assert lo.operstate() == "UNKNOWN"
    assert [str(a.local) for a in lo.addrs] == ["127.0.0.1"]
    assert "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1" in routes(lab, "x", 255)


def test_veth_carrier_follows_the_peer():
    lab = lab_of("ip netns add x", "ip -n x link add v0 type veth peer name v1",
                 "ip -n x link set v0 up")
    v0, v1 = dev(lab, "x", "v0"), dev(lab, "x", "v1")
    assert (v0.operstate(), v0.running) == ("LOWERLAYERDOWN", False)
    assert "NO-CARRIER" in lab.sh("ip -n x link show v0").stdout
    lab.sh("ip -n x link set v1 up")
    assert (v0.operstate(), v1.operstate()) == ("UP", "UP") and v0.running and v1.running
    lab.sh("ip -n x link set v0 down")
    assert (v0.operstate(), v1.operstate()) == ("DOWN", "LOWERLAYERDOWN")


def test_veth_without_carrier_drops_what_is_sent():
    lab = two_hosts()
    lab.sh("ip -n b link set eth0 down")
    t = lab.ping("a", "10.0.0.2")
    assert not t.delivered
    assert_path(t, func("arp_send", ns="a"), dropped("DEV_READY", ns="a"))


def test_deleting_either_end_of_a_veth_deletes_both():
    for victim_ns, victim in (("a", "eth0"), ("b", "eth0")):
        lab = two_hosts()
        lab.sh(f"ip -n {victim_ns} link del {victim}")
        for ns in ("a", "b"):
            assert list(lab.kernel.namespaces[ns].by_name) == ["lo"], ns
            assert routes(lab, ns) == []
        # the peer's name is free again on both sides
        assert lab.sh("ip -n a link add eth0 type veth peer name eth0 netns b").rc == 0


def test_deleting_a_namespace_deletes_the_veth_peer_elsewhere():
    lab = two_hosts()
    lab.sh("ip netns del b")
    assert list(lab.kernel.namespaces["a"].by_name) == ["lo"]


def test_moving_a_veth_end_drops_its_addresses_and_routes():
    lab = lab_of("ip netns add x", "ip netns add y", "ip -n x link add v0 type veth peer name v1",
                 "ip -n x addr add 10.7.0.1/24 dev v1", "ip -n x link set v1 up",
                 "ip -n x link set v0 up")
    mac = dev(lab, "x", "v1").mac
    assert routes(lab, "x") == ["unicast 10.7.0.0/24 dev v1 proto kernel scope link src 10.7.0.1"]
    lab.sh("ip -n x link set v1 netns y")
    v1 = dev(lab, "y", "v1")
    assert v1.addrs == [] and not v1.admin_up and v1.mac == mac
    assert routes(lab, "x") == [] and routes(lab, "x", 255) == []
    assert 0x0A070001 not in lab.kernel.namespaces["x"].local_addrs
    # the end left behind lost its carrier
    assert dev(lab, "x", "v0").operstate() in ("LOWERLAYERDOWN", "DOWN")


def test_dummy_device_is_up_unknown_noarp_and_discards():
    lab = lab_of("ip netns add x", "ip -n x link add d0 type dummy",
                 "ip -n x addr add 10.5.0.1/24 dev d0", "ip -n x link set d0 up",
                 "ip -n x link set lo up")
    d0 = dev(lab, "x", "d0")
    assert d0.operstate() == "UNKNOWN"
    assert "<BROADCAST,NOARP,UP,LOWER_UP>" in lab.sh("ip -n x link show d0").stdout
    t = lab.ping("x", "10.5.0.2")
    assert t.result.rc == 1
    assert_path(t, func("neigh_resolve_output", decision="NOARP"), func("dummy_xmit"))
    assert t.dispositions[-1].kind == "consumed" and not t.find("arp_send")
    n = lab.kernel.namespaces["x"].neigh[(d0.ifindex, 0x0A050002)]
    assert (n.state, n.lladdr) == (NUD.NOARP, d0.mac)
    assert lab.sh("ip -n x neigh show").stdout == ""       # iproute2 hides NOARP entries
    # its own address is local: delivered through lo
    assert lab.ping("x", "10.5.0.1").delivered


MAC = re.compile(r"^([0-9a-f]{2}):[0-9a-f]{2}(:[0-9a-f]{2}){4}$")


def _macs(seed):
    lab = lab_of("ip netns add x", "ip -n x link add v0 type veth peer name v1",
                 "ip -n x link add br0 type bridge", "ip -n x link add d0 type dummy", seed=seed)
    return [d.mac for d in lab.kernel.namespaces["x"].devices.values() if d.kind != "loopback"]


def test_macs_are_random_unicast_locally_administered_and_seeded():
    a = _macs(1)
    assert len(a) == 4 and len(set(a)) == 4
    for m in a:
        first = int(MAC.match(m).group(1), 16)
        assert first & 0x02 and not first & 0x01, m      # locally administered, unicast
    assert _macs(1) == a                                   # same seed, same MACs
    assert _macs(2) != a                                   # another seed, others
    assert netsim.Lab(seed=1).kernel.random_mac() != netsim.Lab(seed=2).kernel.random_mac()


def test_a_port_mtu_change_adjusts_the_bridge():
    lab = lab_of("ip netns add x", "ip -n x link add br0 type bridge",
                 "ip -n x link add v0 type veth peer name v0p", "ip -n x link add v1 type veth peer name v1p",
                 "ip -n x link set v0 master br0", "ip -n x link set v1 master br0")
    assert dev(lab, "x", "br0").mtu == 1500
    lab.sh("ip -n x link set v1 mtu 1400")
    assert dev(lab, "x", "br0").mtu == 1400
    lab.sh("ip -n x link set v1 mtu 9000")
    assert dev(lab, "x", "br0").mtu == 1500


def test_renaming_relabels_addresses_like_inetdev_changename():
    lab = lab_of("ip netns add x", "ip -n x link add v0 type veth peer name v1",
                 "ip -n x addr add 10.5.0.1/32 dev v0", "ip -n x addr add 10.6.0.1/31 dev v0",
                 "ip -n x addr add 10.7.0.1/24 dev v0 label v0:web", "ip -n x link set v0 name eth9")
    assert [a.label for a in dev(lab, "x", "eth9").addrs] == ["eth9", "eth9:2", "eth9:web"]


def test_a_macvlan_on_a_macvlan_sits_on_the_real_device_and_lo_is_refused():
    """macvlan_common_newlink(): the real lower device is used; macvlan_port_create() takes
    only an Ethernet device that is not a loopback (EINVAL)."""
    lab = lab_of("ip netns add m", "ip -n m link add p0 type veth peer name p1",
                 "ip -n m link add mva link p0 type macvlan mode bridge",
                 "ip -n m link add mvb link mva type macvlan mode bridge")
    assert lab.kernel.namespaces["m"].by_name["mvb"].lower_dev.name == "p0"
    assert lab.sh("ip -n m link show mvb").stdout.split(":")[1] == " mvb@p0"
    r = lab.sh("ip -n m link add mvc link lo type macvlan mode bridge")
    assert (r.rc, r.stderr) == (2, "RTNETLINK answers: Invalid argument\n")
