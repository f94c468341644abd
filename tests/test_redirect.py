"""ICMP redirects (net/ipv4/route.c): what a router sends and when, which redirects a host
believes (__ip_do_redirect), and the nexthop exception it keeps (find_exception,
update_or_create_fnhe): its gateway, its lifetime, and its tie to the route's fib_info."""
from ipaddress import IPv4Address as A

import pytest
from checkers import assert_path, func
from labutil import dev, lab_of, run

from netsim.kernel import route
from netsim.kernel_model import NUD, SkBuff
from netsim.packets import ICMP, ICMP_ECHO, IPPROTO_ICMP, IPv4

# a (10.0.0.1), r (10.0.0.2, forwarding) and b (10.0.0.3) on one bridge; a reaches b via r
LAN = ["ip netns add a", "ip netns add r", "ip netns add b", "ip netns add sw",
       "ip -n sw link add br0 type bridge", "ip -n sw link set br0 up"]
for _i, _h in enumerate("arb"):
    LAN += [f"ip -n sw link add p{_h} type veth peer name eth0 netns {_h}",
            f"ip -n sw link set p{_h} master br0", f"ip -n sw link set p{_h} up",
            f"ip -n {_h} addr add 10.0.0.{_i + 1}/24 dev eth0", f"ip -n {_h} link set eth0 up"]
LAN += ["ip netns exec r sysctl -w net.ipv4.ip_forward=1"]
VIA_R = "ip -n a route add 10.0.0.3/32 via 10.0.0.2"


def route_get(lab, dst="10.0.0.3", ns="a"):
    return lab.sh(f"ip -n {ns} route get {dst}").stdout


def neigh_state(lab, ns, ip):
    n = lab.kernel.namespaces[ns].neigh.get((dev(lab, ns, "eth0").ifindex, int(A(ip))))
    return NUD.NAMES[n.state] if n is not None else None


def redirect(lab, gw, frm="10.0.0.2", code=1, quoted_dst="10.0.0.3"):
    """Hand host a's __ip_do_redirect() a redirect from ``frm`` about a's echo to quoted_dst."""
    ns = lab.kernel.namespaces["a"]
    echo = IPv4(A("10.0.0.1"), A(quoted_dst), IPPROTO_ICMP, 64, 1, 0, True,
                payload=ICMP(ICMP_ECHO, 0, 7, 1))
    g = int(A(gw))
    ip = IPv4(A(frm), A("10.0.0.1"), IPPROTO_ICMP, 64, 1, 0, False,
              payload=ICMP.error(5, code, echo, id=g >> 16, seq=g & 0xFFFF))
    skb = SkBuff(ip, dev(lab, "a", "eth0"))
    skb.iif = skb.dev
    from netsim.kernel import fib
    rt = fib.route_output(ns, A(quoted_dst), A("10.0.0.1"))
    return route.ip_do_redirect(ns, rt, skb, A(quoted_dst), A("10.0.0.1"))


def known_b():
    """The LAN with a's route to b via r, after a learned b's MAC directly."""
    lab = lab_of(*LAN)
    assert lab.ping("a", "10.0.0.3").result.rc == 0
    run(lab, VIA_R)
    return lab


# ----------------------------------------------------------------------------- the exchange
def test_first_redirect_probes_the_new_gateway_the_next_one_is_taken():
    lab = lab_of(*LAN, VIA_R)
    t = lab.ping("a", "10.0.0.3")
    assert "Redirect Host(New nexthop: 10.0.0.3)" in t.result.stdout
    assert_path(t, func("ip_rt_send_redirect", ns="r", decision="ICMP redirect to 10.0.0.1"),
                func("__ip_do_redirect", ns="a", decision="not taken: no MAC for 10.0.0.3"))
    assert neigh_state(lab, "a", "10.0.0.3") == "REACHABLE"     # the probe neigh_event_send sent
    assert "via 10.0.0.2" in route_get(lab)
    lab.kernel.clock.advance(1.0)                                # past the redirect back-off
    t = lab.ping("a", "10.0.0.3")
    assert_path(t, func("__ip_do_redirect", ns="a", decision="accepted"))
    assert route_get(lab).startswith("10.0.0.3 via 10.0.0.3 dev eth0 src 10.0.0.1 uid 0 \n"
                                     "    cache <redirected> expires 29")
    # the next echo goes straight to b, and r sends nothing
    t = lab.ping("a", "10.0.0.3")
    assert "Redirect" not in t.result.stdout
    assert not any(s.ns == "r" for s in t.steps)


def test_redirect_with_the_mac_known_is_taken_at_once():
    lab = known_b()
    assert "Redirect" in lab.ping("a", "10.0.0.3").result.stdout
    assert "cache <redirected>" in route_get(lab)
    assert "cache \n" in route_get(lab, "10.0.0.4")              # only that destination


def test_router_rate_limits_redirects_per_host():
    lab = lab_of(*LAN, VIA_R, "ip netns exec a sysctl -w net.ipv4.conf.all.accept_redirects=0",
                 "ip netns exec a sysctl -w net.ipv4.conf.eth0.accept_redirects=0")
    got = ["Redirect" in lab.ping("a", "10.0.0.3").result.stdout for _ in range(2)]
    assert got == [True, False]                 # the second within redirect_load << 1 (40 ms)
    sent = 1
    for _ in range(12):
        lab.kernel.clock.advance(6.0)           # longer than any back-off, shorter than silence
        sent += "Redirect" in lab.ping("a", "10.0.0.3").result.stdout
    assert sent == route.IP_RT_REDIRECT_NUMBER  # then the host is taken to ignore them
    lab.kernel.clock.advance(route.IP_RT_REDIRECT_SILENCE + 1)
    assert "Redirect" in lab.ping("a", "10.0.0.3").result.stdout


# ----------------------------------------------------------------------------- accept / reject
@pytest.mark.parametrize("forwarding,all_,dev_,taken", [
    ("0", "1", "1", True), ("0", "0", "1", True), ("0", "1", "0", True), ("0", "0", "0", False),
    ("1", "1", "1", True), ("1", "0", "1", False), ("1", "1", "0", False)])
def test_accept_redirects_is_or_for_a_host_and_for_a_router(forwarding, all_, dev_, taken):
    lab = known_b()
    run(lab, f"ip netns exec a sysctl -w net.ipv4.conf.eth0.forwarding={forwarding}",
        f"ip netns exec a sysctl -w net.ipv4.conf.all.accept_redirects={all_}",
        f"ip netns exec a sysctl -w net.ipv4.conf.eth0.accept_redirects={dev_}")
    assert route.rx_redirects(lab.kernel.namespaces["a"], dev(lab, "a", "eth0")) is taken
    assert redirect(lab, "10.0.0.3") is taken


def test_ip_forward_turns_accept_redirects_off_for_all_and_back():
    lab = lab_of(*LAN)
    sysctl = lab.kernel.namespaces["r"].sysctl
    assert sysctl["net.ipv4.conf.all.accept_redirects"] == "0"
    assert sysctl["net.ipv4.conf.eth0.accept_redirects"] == "1"
    run(lab, "ip netns exec r sysctl -w net.ipv4.ip_forward=0")
    assert sysctl["net.ipv4.conf.all.accept_redirects"] == "1"


@pytest.mark.parametrize("frm,gw,code", [
    ("10.0.0.9", "10.0.0.3", 1),        # not our gateway for that destination
    ("10.0.0.2", "10.0.0.2", 1),        # new gateway == old one
    ("10.0.0.2", "224.0.0.5", 1),       # multicast
    ("10.0.0.2", "255.255.255.255", 1),  # limited broadcast
    ("10.0.0.2", "0.0.0.7", 1),         # zeronet
    ("10.0.0.2", "10.0.0.1", 1),        # one of our own addresses: not RTN_UNICAST
    ("10.0.0.2", "10.0.0.3", 4),        # no such redirect code
])
def test_nonsense_redirects_are_rejected(frm, gw, code):
    lab = known_b()
    assert redirect(lab, gw, frm=frm, code=code) is False
    assert "via 10.0.0.2" in route_get(lab)


def test_all_four_redirect_codes_count():
    for code in (0, 1, 2, 3, 8):         # code & 7: 8 reads as 0
        assert redirect(known_b(), "10.0.0.3", code=code) is True


def test_a_redirect_for_a_direct_route_is_rejected():
    lab = known_b()
    run(lab, "ip -n a route del 10.0.0.3/32")
    assert redirect(lab, "10.0.0.3") is False


def test_without_shared_media_the_gateway_must_be_on_link_and_with_secure_redirects_ours():
    lab = known_b()
    run(lab, "ip netns exec a sysctl -w net.ipv4.conf.all.shared_media=0",
        "ip netns exec a sysctl -w net.ipv4.conf.eth0.shared_media=0")
    assert redirect(lab, "10.0.0.3") is False               # 10.0.0.3 is no gateway of ours
    assert redirect(lab, "10.9.0.3") is False               # not on-link either
    run(lab, "ip netns exec a sysctl -w net.ipv4.conf.all.secure_redirects=0",
        "ip netns exec a sysctl -w net.ipv4.conf.eth0.secure_redirects=0")
    assert redirect(lab, "10.9.0.3") is False
    assert redirect(lab, "10.0.0.3") is True
    lab2 = known_b()
    run(lab2, "ip netns exec a sysctl -w net.ipv4.conf.all.shared_media=0",
        "ip netns exec a sysctl -w net.ipv4.conf.eth0.shared_media=0",
        "ip -n a route add 10.0.0.9/32 via 10.0.0.3")
    assert redirect(lab2, "10.0.0.3") is True               # now a gateway on eth0


def test_with_shared_media_an_off_link_unicast_gateway_is_taken_once_its_mac_is_known():
    lab = known_b()
    assert redirect(lab, "10.9.0.3") is False               # INCOMPLETE: probed
    assert neigh_state(lab, "a", "10.9.0.3") == "INCOMPLETE"


# ----------------------------------------------------------------------------- the exception
def test_the_exception_expires_after_ip_rt_gc_timeout():
    lab = known_b()
    assert redirect(lab, "10.0.0.3")
    lab.kernel.clock.advance(100.5)
    assert "cache <redirected> expires 199sec" in route_get(lab)
    lab.kernel.clock.advance(route.IP_RT_GC_TIMEOUT - 100)
    assert route_get(lab) == "10.0.0.3 via 10.0.0.2 dev eth0 src 10.0.0.1 uid 0 \n    cache \n"
    r = next(x for x in lab.kernel.namespaces["a"].tables[254].routes() if x.plen == 32)
    assert r.nh_exceptions == {}                 # find_exception() deleted it


def test_expires_left_counts_whole_seconds_below_the_remainder():
    ns = lab_of("ip netns add x").kernel.namespaces["x"]
    now = ns.kernel.clock.now
    assert route.expires_left(ns, now + 299.0) == 298
    assert route.expires_left(ns, now + 299.5) == 299
    assert route.expires_left(ns, now - 1) == 0


def test_the_exception_belongs_to_the_fib_info_routes_share():
    lab = known_b()
    run(lab, "ip -n a route add 10.0.0.4/32 via 10.0.0.2")
    assert redirect(lab, "10.0.0.3")
    run(lab, "ip -n a route del 10.0.0.3/32")
    assert "cache \n" in route_get(lab)
    run(lab, "ip -n a route add 10.0.0.3/32 via 10.0.0.2")           # same fib_info as .4's
    assert "redirected" in route_get(lab)
    run(lab, "ip -n a route del 10.0.0.3/32", "ip -n a route add 10.0.0.3/32 via 10.0.0.2 metric 7")
    assert "redirected" not in route_get(lab)                         # another fib_info
    run(lab, "ip -n a route del 10.0.0.3/32 metric 7", "ip -n a route del 10.0.0.4/32",
        VIA_R)
    assert "redirected" not in route_get(lab)           # the fib_info went with its last route


def test_taking_the_device_down_drops_the_exception():
    lab = known_b()
    assert redirect(lab, "10.0.0.3")
    run(lab, "ip -n a link set eth0 down", "ip -n a link set eth0 up", VIA_R)
    assert "redirected" not in route_get(lab)


def test_a_forwarding_host_forwards_along_the_exception_and_would_redirect():
    lab = known_b()
    run(lab, "ip netns exec a sysctl -w net.ipv4.ip_forward=1",
        "ip netns exec a sysctl -w net.ipv4.conf.all.accept_redirects=1")
    assert redirect(lab, "10.0.0.3")
    lab.kernel.clock.advance(2.0)
    out = lab.sh("ip -n a route get 10.0.0.3 from 10.0.0.5 iif eth0").stdout
    assert out == ("10.0.0.3 from 10.0.0.5 via 10.0.0.3 dev eth0 \n"
                   "    cache <redirected,redirect> expires 297sec iif eth0 \n")


def test_a_redirect_about_a_packet_no_socket_sent_changes_nothing():
    lab = known_b()
    ns = lab.kernel.namespaces["a"]
    echo = IPv4(A("10.0.0.1"), A("10.0.0.3"), IPPROTO_ICMP, 64, 1, 0, True,
                payload=ICMP(ICMP_ECHO, 0, 4242, 1))
    ip = IPv4(A("10.0.0.2"), A("10.0.0.1"), IPPROTO_ICMP, 64, 1, 0, False,
              payload=ICMP.error(5, 1, echo, id=0x0A00, seq=0x0003))
    skb = SkBuff(ip, dev(lab, "a", "eth0"))
    skb.iif = skb.dev
    from netsim.kernel.icmp import icmp_rcv
    icmp_rcv(ns, skb)
    assert "redirected" not in route_get(lab)


# ----------------------------------------------------------------------------- ip route show cache
def test_route_show_cache_lists_an_exception_once_a_lookup_went_through_it():
    lab = known_b()
    run(lab, "ip -n a route add 10.0.0.4/32 via 10.0.0.2")
    assert redirect(lab, "10.0.0.3")
    assert lab.sh("ip -n a route show cache").stdout == ""     # no route made through it yet
    route_get(lab)
    lab.kernel.clock.advance(2.0)
    line = "10.0.0.3 via 10.0.0.3 dev eth0 \n    cache <redirected> expires 297sec \n"
    assert lab.sh("ip -n a route show cache").stdout == line * 2   # once per route of the fib_info
    assert lab.sh("ip -n a route show cache 10.0.0.4").stdout == ""
    assert lab.sh("ip -n a route show table all cache 10.0.0.3").stdout == line * 2
    entry = '{"dst":"10.0.0.3","gateway":"10.0.0.3","flags":[],"cache":["redirected"],' \
            '"expires":297}'
    assert lab.sh("ip -n a -j route show cache dev eth0").stdout == f"[{entry},{entry}]\n"
    lab.kernel.clock.advance(route.IP_RT_GC_TIMEOUT)
    assert lab.sh("ip -n a route show cache").stdout == ""        # expired: not dumped


def test_route_flush_cache_is_silent():
    # IPv4 has no route cache to flush since 3.6: rc 0, nothing printed (checked on 6.18);
    # the redirect exceptions are not flushed by it
    r = lab_of("ip netns add x").sh("ip -n x route flush cache")
    assert (r.rc, r.stdout, r.stderr) == (0, "", "")
