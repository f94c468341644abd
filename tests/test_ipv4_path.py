"""IPv4 receive, forward and local delivery: ip_forward, TTL, ICMP echo and errors, rp_filter,
local delivery through the local table and lo."""
from checkers import assert_no, assert_path, delivered_to, dropped, func, skb, via
from labutil import lab_of, router, run, two_hosts

from netsim.ping import ping
from netsim.trace import Trace, Tracer


def traced_ping(lab, ns, dst, **kw) -> Trace:
    """A ping with options Lab.ping does not take (ttl...), traced."""
    lab.kernel.tracer = tr = Tracer()
    try:
        res = ping(lab.kernel, lab.kernel.namespaces[ns], dst, **kw)
    finally:
        lab.kernel.tracer = None
    return Trace(tr.steps, tr.dispositions, result=res)


def test_ip_forward_is_off_in_a_new_namespace():
    lab = router(forward=False)
    assert lab.sh("ip netns exec r sysctl net.ipv4.ip_forward").stdout == "net.ipv4.ip_forward = 0\n"
    t = lab.ping("west", "10.2.0.10")
    assert t.result.rc == 1 and "Unreachable" not in t.result.stdout   # silently dropped
    assert_path(t, func("ip_rcv", ns="r"), func("fib_lookup", ns="r"),
                dropped("IP_INADDRERRORS", ns="r"))
    assert_no(t, func("ip_forward"))


def test_forwarding_decrements_ttl_and_the_reply_shows_the_hop():
    lab = router()
    t = lab.ping("west", "10.2.0.10")
    assert t.delivered and "ttl=63" in t.result.stdout
    assert_path(t, func("ip_forward", ns="r"), func("ip_forward_finish", decision="TTL 64 -> 63"),
                skb(lambda p: p.ttl == 63, "ttl 63") & via("e0"), delivered_to("east", "echo"),
                func("ip_forward", ns="r"), delivered_to("west", "ping socket"))


def test_ttl_exceeded_is_reported_by_the_router():
    lab = router()
    t = traced_ping(lab, "west", "10.2.0.10", ttl=1)
    assert t.result.stdout.splitlines()[1] == "From 10.1.0.1 icmp_seq=1 Time to live exceeded"
    assert_path(t, func("ip_forward", ns="r", decision="TTL 1"), func("icmp_send", ns="r"),
                dropped("IP_TTL_EXCEEDED", ns="r"), delivered_to("west", "(error)"))
    assert not t.find(ns="east")
    # ttl 2 is enough for one hop
    assert traced_ping(lab, "west", "10.2.0.10", ttl=2).result.rc == 0


def test_echo_request_and_reply():
    lab = two_hosts()
    t = lab.ping("a", "10.0.0.2")
    (req,) = [s for s in t.steps if s.func == "icmp_echo"]
    assert req.ns == "b" and req.packet.payload.type == 8
    assert_path(t, delivered_to("b", "echo"), func("icmp_reply", ns="b"),
                skb(lambda p: p.payload.type == 0 and str(p.dst) == "10.0.0.1", "echo reply"),
                delivered_to("a", "ping socket"))
    # echo_ignore_all silences the responder
    run(lab, "ip netns exec b sysctl -w net.ipv4.icmp_echo_ignore_all=1")
    assert not lab.ping("a", "10.0.0.2").delivered


def test_net_unreachable_from_a_router_without_a_route():
    lab = router()
    t = lab.ping("west", "198.51.100.1")
    assert "From 10.1.0.1 icmp_seq=1 Destination Net Unreachable" in t.result.stdout
    assert_path(t, func("fib_lookup", ns="r"), func("icmp_send", ns="r"),
                dropped("IP_INNOROUTES", ns="r"), delivered_to("west", "(error)"))


def test_host_unreachable_from_a_router_whose_neighbour_fails():
    lab = router()
    t = traced_ping(lab, "west", "10.2.0.99", timeout=5)
    assert "From 10.1.0.1 icmp_seq=1 Destination Host Unreachable" in t.result.stdout
    assert_path(t, func("ip_forward", ns="r"), func("neigh_resolve_output", ns="r"),
                dropped("NEIGH_FAILED", ns="r"), func("icmp_send", ns="r"),
                delivered_to("west", "(error)"))
    # ... and from an "unreachable" route
    run(lab, "ip -n r route add unreachable 10.77.0.0/16")
    t = lab.ping("west", "10.77.0.1")
    assert "From 10.1.0.1 icmp_seq=1 Destination Host Unreachable" in t.result.stdout


def test_rp_filter_defaults_to_off_and_strict_mode_drops_asymmetric_sources():
    lab = router()
    for key in ("all", "default", "w0"):
        out = lab.sh(f"ip netns exec r sysctl net.ipv4.conf.{key}.rp_filter").stdout
        assert out.endswith("= 0\n"), out
    # r reaches west's host through east: traffic from west arrives on the "wrong" side
    run(lab, "ip -n r route add 10.1.0.10/32 via 10.2.0.10",
        "ip netns exec east sysctl -w net.ipv4.ip_forward=1")
    t = lab.ping("west", "10.2.0.10")
    assert_path(t, func("ip_forward", ns="r"), delivered_to("east", "echo"))
    run(lab, "ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1")
    t = lab.ping("west", "10.2.0.10")
    assert not t.delivered
    assert_path(t, func("ip_rcv", ns="r", dev="w0"), dropped("IP_RPFILTER", ns="r"))
    # loose mode (2) accepts: a route back exists, whatever the device
    run(lab, "ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=2")
    assert lab.ping("west", "10.2.0.10").find("icmp_echo", ns="east")


def test_local_delivery_goes_through_the_local_table_and_lo():
    lab = lab_of("ip netns add x", "ip -n x link add v0 type veth peer name v1",
                 "ip -n x addr add 10.3.0.1/24 dev v0", "ip -n x link set v0 up",
                 "ip -n x link set v1 up", "ip -n x link set lo up")
    t = lab.ping("x", "10.3.0.1")
    assert t.delivered
    first = t.find("fib_lookup")[0]
    assert "local" in first.decision and "table 255" in first.decision
    assert_path(t, func("ip_finish_output2", decision="lo"), func("dev_queue_xmit", dev="lo"),
                func("ip_rcv", dev="lo"), delivered_to("x", "echo"), delivered_to("x", "ping socket"))
    assert_no(t, via("v0"))
    # with lo down the same ping fails (its own address, but lo carries it)
    run(lab, "ip -n x link set lo down")
    t = lab.ping("x", "10.3.0.1")
    assert not t.delivered
    assert_path(t, dropped("DEV_READY", ns="x"))
    # 127.0.0.1 needs lo up too
    assert lab.sh("ip netns exec x ping -c 1 -W 1 127.0.0.1").rc != 0


def test_a_frame_for_another_mac_is_not_ip_received():
    lab = two_hosts()
    mac = "02:00:00:00:00:42"
    run(lab, f"ip -n a neigh add 10.0.0.2 lladdr {mac} dev eth0 nud permanent")
    t = lab.ping("a", "10.0.0.2")
    assert_path(t, func("netif_receive_skb", ns="b", decision="otherhost"),
                dropped("OTHERHOST", ns="b", where="ip_rcv"))


def test_a_packet_from_one_of_our_own_addresses_is_a_martian():
    lab = router()
    # rp_filter is 0, yet a received packet whose source is a local address is refused
    r = lab.sh("ip -n r route get 10.1.0.1 from 10.1.0.1 iif w0")
    assert (r.rc, r.stderr) == (2, "RTNETLINK answers: Invalid argument\n")
    r = lab.sh("ip -n r route get 10.2.0.10 from 10.2.0.1 iif w0")
    assert r.rc == 2
    # ... unless accept_local is set
    run(lab, "ip netns exec r sysctl -w net.ipv4.conf.w0.accept_local=1")
    assert lab.sh("ip -n r route get 10.1.0.1 from 10.2.0.1 iif w0").rc == 0


def test_an_icmp_error_is_not_a_delivery_of_the_probe():
    lab = router()
    t = traced_ping(lab, "west", "10.2.0.10", ttl=1)
    assert not t.delivered
    assert t.disposition.reason.name == "IP_TTL_EXCEEDED" and t.disposition.ns == "r"
    t = lab.ping("west", "198.51.100.1")
    assert not t.delivered and t.disposition.reason.name == "IP_INNOROUTES"
    t = lab.ping("west", "10.2.0.10")
    assert t.delivered and t.disposition.where == "ping_rcv"


def test_an_echo_to_a_remote_subnet_broadcast_is_ignored_or_answered_from_the_route_back():
    """A router receiving an echo for its subnet broadcast (a unicast frame) drops it while
    icmp_echo_ignore_broadcasts=1; with 0 it answers from fib_compute_spec_dst(): the preferred
    source towards the sender, and ping says so (checked on 6.18)."""
    lab = router()
    t = lab.ping("west", "10.2.0.255")
    assert t.result.rc == 1
    assert_path(t, func("ip_rcv", ns="r"), dropped("INVALID_PROTO", ns="r"))
    run(lab, "ip netns exec r sysctl -w net.ipv4.icmp_echo_ignore_broadcasts=0")
    r = lab.sh("ip netns exec west ping -c 1 -W 1 10.2.0.255")
    assert r.rc == 0
    assert r.stdout.splitlines()[1].startswith("64 bytes from 10.1.0.1: icmp_seq=1 ttl=64 time=")
    assert r.stdout.splitlines()[1].endswith(" ms (DIFFERENT ADDRESS!)")


def test_sysctl_goes_on_after_a_bad_key_and_default_reaches_untouched_devices():
    """procps sysctl reports a failing key and goes on (rc 1); proc_dointvec refuses text;
    a write to conf.default.rp_filter reaches every device whose own rp_filter was never
    written (devinet_copy_dflt_conf), forwarding excepted (checked on 6.18)."""
    lab = two_hosts()
    r = lab.sh("ip netns exec a sysctl -w net.ipv4.ip_forward=1 net.ipv4.nosuch=1 "
               "net.ipv4.conf.all.rp_filter=yes")
    assert r.rc == 1 and r.stdout == "net.ipv4.ip_forward = 1\n"
    assert r.stderr == ("sysctl: cannot stat /proc/sys/net/ipv4/nosuch: No such file or directory\n"
                        'sysctl: setting key "net.ipv4.conf.all.rp_filter": Invalid argument\n')
    run(lab, "ip netns exec a sysctl -w net.ipv4.conf.lo.rp_filter=0",
        "ip netns exec a sysctl -w net.ipv4.conf.default.rp_filter=2",
        "ip netns exec a sysctl -w net.ipv4.conf.default.forwarding=0")
    r = lab.sh("ip netns exec a sysctl net.ipv4.conf.eth0.rp_filter net.ipv4.conf.lo.rp_filter "
               "net.ipv4.conf.eth0.forwarding")
    assert r.stdout == ("net.ipv4.conf.eth0.rp_filter = 2\nnet.ipv4.conf.lo.rp_filter = 0\n"
                        "net.ipv4.conf.eth0.forwarding = 1\n")


def test_ttl_comes_from_the_route_hoplimit_or_ip_default_ttl():
    """ip4_dst_hoplimit(): echo replies and requests leave with net.ipv4.ip_default_ttl unless
    the route has a hoplimit metric; ``ping -t`` overrides (6.18 recording, g17)."""
    lab = router()
    run(lab, "ip netns exec east sysctl -w net.ipv4.ip_default_ttl=30")
    assert "ttl=29" in lab.sh("ip netns exec west ping -c 1 -W 1 10.2.0.10").stdout
    run(lab, "ip -n east route add 10.1.0.0/24 via 10.2.0.1 hoplimit 1")
    assert lab.sh("ip netns exec west ping -c 1 -W 1 10.2.0.10").rc == 1   # reply dies at r
    run(lab, "ip netns exec west sysctl -w net.ipv4.ip_default_ttl=1")
    r = lab.sh("ip netns exec west ping -c 1 -W 1 10.1.0.1")
    assert "ttl=64" in r.stdout                                          # r's own default
    assert "Time to live exceeded" in lab.sh("ip netns exec west ping -c 1 -W 1 10.2.0.10").stdout
