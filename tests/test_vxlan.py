"""VXLAN behaviour (drivers/net/vxlan/vxlan_core.c): the tunnel socket per UDP port, learning,
the lower device's lifetime and the namespace the device was made in."""
from checkers import assert_no, assert_path, dropped, func
from labutil import dev, lab_of, run

_UNDERLAY = ["ip netns add h1", "ip netns add h2",
             "ip -n h1 link add ul type veth peer name ul netns h2",
             "ip -n h1 addr add 10.9.0.1/24 dev ul", "ip -n h2 addr add 10.9.0.2/24 dev ul",
             "ip -n h1 link set ul up", "ip -n h2 link set ul up"]


def _pair(vni1=7, vni2=7, port1=4789, port2=4789, extra2=""):
    """h1 vx (10.90.0.1/24) over the veth underlay to h2 vx (10.90.0.2/24)."""
    return lab_of(*_UNDERLAY,
                  f"ip -n h1 link add vx type vxlan id {vni1} remote 10.9.0.2 dstport {port1} "
                  "dev ul",
                  f"ip -n h2 link add vx type vxlan id {vni2} remote 10.9.0.1 dstport {port2} "
                  f"dev ul {extra2}",
                  "ip -n h1 addr add 10.90.0.1/24 dev vx", "ip -n h2 addr add 10.90.0.2/24 dev vx",
                  "ip -n h1 link set vx up", "ip -n h2 link set vx up")


def test_any_agreed_port_carries_the_overlay():
    lab = _pair(port1=8472, port2=8472)
    assert lab.sh("ip netns exec h1 ping -c 1 -W 1 10.90.0.2").rc == 0


def test_an_unknown_vni_on_an_open_port_is_dropped_without_an_icmp_error():
    lab = _pair(vni2=8)
    t = lab.ping("h1", "10.90.0.2")
    assert_path(t, func("vxlan_xmit", ns="h1"), dropped("VXLAN_VNI_NOT_FOUND"))
    assert_no(t, func("icmp_send", ns="h2"))


def test_a_port_no_vxlan_device_opened_is_plain_udp_port_unreachable():
    lab = _pair(port2=8472)
    t = lab.ping("h1", "10.90.0.2")
    assert_path(t, func("vxlan_xmit", ns="h1"), dropped("NO_SOCKET"))
    assert_path(t, func("icmp_send", ns="h2"))


def test_no_dstport_means_the_kernel_default_8472_with_a_warning():
    lab = lab_of(*_UNDERLAY)
    r = lab.sh("ip -n h1 link add vx type vxlan id 1 remote 10.9.0.2 dev ul")
    assert r.rc == 0 and r.stderr.startswith("vxlan: destination port not specified\n")
    assert dev(lab, "h1", "vx").dstport == 8472
    r = lab.sh("ip -n h1 link add vy type vxlan id 1 remote 10.9.0.2 dstport 0 dev ul")
    assert r.rc == 2 and r.stderr.endswith("A VXLAN device with the specified VNI already exists.\n")


def test_learning_and_nolearning_and_down_flushes_what_was_learned():
    lab = _pair(extra2="nolearning")
    run(lab, "ip netns exec h1 ping -c 1 -W 1 10.90.0.2")
    mac2, mac1 = dev(lab, "h2", "vx").mac, dev(lab, "h1", "vx").mac
    assert dev(lab, "h1", "vx").vxfdb == {mac2: dev(lab, "h2", "ul").addrs[0].local}
    assert mac1 not in dev(lab, "h2", "vx").vxfdb
    run(lab, "ip -n h1 link set vx down")
    assert dev(lab, "h1", "vx").vxfdb == {}


def test_deleting_or_moving_the_lower_device_deletes_the_vxlan():
    lab = _pair()
    run(lab, "ip netns add h3", "ip -n h2 link set ul netns h3")
    assert "vx" not in lab.kernel.namespaces["h2"].by_name
    run(lab, "ip -n h1 link del ul")
    assert "vx" not in lab.kernel.namespaces["h1"].by_name


def test_a_vxlan_moved_into_a_container_tunnels_from_where_it_was_made():
    lab = _pair()
    run(lab, "ip netns add c1", "ip -n h1 link set vx netns c1",
        "ip -n c1 addr add 10.90.0.1/24 dev vx", "ip -n c1 link set vx up")
    t = lab.ping("c1", "10.90.0.2")
    assert t.result.rc == 0
    assert_path(t, func("vxlan_xmit", ns="c1"), func("ip_finish_output2", ns="h1"))
    assert "link-netns h1" in lab.sh("ip -n c1 link show vx").stdout
    run(lab, "ip netns del h1")
    assert "vx" not in lab.kernel.namespaces["c1"].by_name
