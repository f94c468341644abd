"""Disagreements with the real kernel that tests/test_differential.py found, fixed in the
simulator and pinned here (simulator only: no root needed).  Each was checked on a real kernel."""
from labutil import lab_of

from netsim.kernel_model import NUD

WIRE = ("ip netns add h0", "ip netns add h1",
        "ip -n h0 link add s1 type veth peer name s1 netns h1",
        "ip -n h0 link set s1 up", "ip -n h1 link set s1 up")


def test_connect_looks_the_route_up_again_with_the_source_it_chose():
    # ip_route_connect(): the second lookup carries the chosen source, so a rule "from SRC
    # unreachable" refuses connect() (ENETUNREACH) instead of letting the echo vanish
    lab = lab_of(*WIRE, "ip -n h0 addr add 10.0.1.3/24 dev s1",
                 "ip -n h1 addr add 10.0.1.2/24 dev s1",
                 "ip -n h0 rule add from 10.0.1.3 unreachable")
    t = lab.ping("h0", "10.0.1.2")
    assert (t.result.rc, t.result.stderr) == (2, "ping: connect: Network is unreachable\n")
    assert lab.sh("ip -n h0 route get 10.0.1.2").rc == 0       # no source given: main table


def test_ping_without_any_address_sends_from_0_0_0_0():
    # inet_select_addr() finds no address of link scope for an on-link route (lo's 127.0.0.1
    # is host scope): the echo (and its ARP request, "tell 0.0.0.0") goes out from 0.0.0.0;
    # nobody answers such a probe with our address
    lab = lab_of(*WIRE, "ip -n h0 addr add 10.0.1.1/24 dev s1", "ip -n h1 link set lo up",
                 "ip -n h1 route add 10.0.0.0/24 dev s1")
    t = lab.ping("h1", "10.0.0.1")
    assert t.result.rc == 1 and "1 packets transmitted, 0 received" in t.result.stdout
    arp = [s for s in t.steps if s.func == "arp_send"]
    assert arp and "tell 0.0.0.0" in arp[0].decision


def test_a_namespace_without_a_local_table_broadcasts_to_its_neighbours():
    # arp_constructor() asks __inet_dev_addr_type(): with no local table yet (no address was
    # ever added, lo never up) every address is BROADCAST, so the neighbour is NOARP at
    # ff:ff:ff:ff:ff:ff and the echo goes to everyone; its source 0.0.0.0 is a martian there
    lab = lab_of(*WIRE, "ip -n h0 addr add 10.0.0.1/24 dev s1",
                 "ip -n h1 route add 10.0.0.0/24 dev s1")
    t = lab.ping("h1", "10.0.0.1")
    assert t.result.rc == 1
    n = next(iter(lab.kernel.namespaces["h1"].neigh.values()))
    assert (str(n.ip), n.state, n.lladdr) == ("10.0.0.1", NUD.NOARP, "ff:ff:ff:ff:ff:ff")
    assert [d.reason.name for d in t.drops] == ["IP_INVALID_SOURCE"]


def test_an_arp_probe_for_our_address_is_answered():
    # arp_process(): sip 0.0.0.0 is duplicate address detection; a request for one of our
    # addresses is answered, so a sender without an address still learns the neighbour
    lab = lab_of(*WIRE, "ip -n h0 addr add 10.0.0.1/24 dev s1", "ip -n h1 link set lo up",
                 "ip -n h1 route add 10.0.0.0/24 dev s1")
    t = lab.ping("h1", "10.0.0.1")
    assert t.result.rc == 1            # the echo from 0.0.0.0 is a martian in h0
    assert "10.0.0.1 dev s1 lladdr" in lab.sh("ip -n h1 neigh show").stdout
    assert lab.sh("ip -n h0 neigh show").stdout == ""        # nothing learned from a probe


def test_a_route_without_gateway_on_a_down_device_names_the_device():
    # fib_check_nh_nongw(): "Device for nexthop is not up" (the gateway case, in
    # fib_check_nh_v4_gw(), says "Nexthop device is not up")
    lab = lab_of("ip netns add h0", "ip -n h0 link add s0 type veth peer name s1")
    r = lab.sh("ip -n h0 route add 10.0.1.0/24 dev s0")
    assert (r.rc, r.stderr) == (2, "Error: Device for nexthop is not up.\n")
    r = lab.sh("ip -n h0 route add 10.0.1.0/24 via 10.0.0.1 dev s0 onlink")
    assert (r.rc, r.stderr) == (2, "Error: Nexthop device is not up.\n")
