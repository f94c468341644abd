"""Neighbours (ARP): every NUD state, the probe count and timing of a failed resolution, the
"Destination Host Unreachable" it gives the local sender, and packets queued while pending."""
from ipaddress import IPv4Address as A

from checkers import assert_path, delivered_to, dropped, func
from labutil import dev, lab_of, run, two_hosts

from netsim.kernel_model import NUD
from netsim.trace import Tracer


def entry(lab, ns, ip, devname="eth0"):
    d = dev(lab, ns, devname)
    return lab.kernel.namespaces[ns].neigh.get((d.ifindex, int(A(ip))))


def state(lab, ns, ip, devname="eth0"):
    n = entry(lab, ns, ip, devname)
    return NUD.NAMES[n.state] if n is not None else None


def test_resolution_queues_the_packet_and_sends_it_when_the_reply_comes():
    lab = two_hosts()
    t = lab.ping("a", "10.0.0.2")
    assert_path(t, func("neigh_resolve_output", ns="a", decision="packet queued"),
                func("arp_send", ns="a", decision="who-has 10.0.0.2"),
                func("arp_process", ns="b", decision="is ours"),
                func("arp_send", ns="b", decision="is-at"),
                func("arp_process", ns="a", decision="REACHABLE"),
                func("neigh_update", ns="a", decision="send the queued packet"),
                delivered_to("b", "echo"), delivered_to("a", "ping socket"))
    assert state(lab, "a", "10.0.0.2") == "REACHABLE"
    assert entry(lab, "a", "10.0.0.2").lladdr == dev(lab, "b", "eth0").mac
    # the responder learned the asker from its request: STALE, then used for the reply: DELAY
    assert state(lab, "b", "10.0.0.1") == "DELAY"


def test_delay_then_probe_then_reachable_on_the_responder():
    lab = two_hosts()
    lab.ping("a", "10.0.0.2")
    start = entry(lab, "b", "10.0.0.1").updated
    lab.kernel.clock.run(until=start + 4.9)
    assert state(lab, "b", "10.0.0.1") == "DELAY"
    lab.kernel.tracer = tr = Tracer()
    lab.kernel.clock.run(until=start + 5.0)                 # delay_first_probe_time = 5 s
    lab.kernel.tracer = None
    assert state(lab, "b", "10.0.0.1") == "PROBE"          # the answer is still on the wire
    # PROBE sent a unicast ARP request to the known MAC, the answer made it REACHABLE
    req = [s for s in tr.steps if s.func == "arp_send" and s.ns == "b"]
    assert req and req[0].packet.dst == dev(lab, "a", "eth0").mac
    lab.kernel.clock.run(until=start + 5.1)
    assert state(lab, "b", "10.0.0.1") == "REACHABLE"


def test_reachable_becomes_stale_after_the_reachable_time():
    lab = two_hosts()
    lab.ping("a", "10.0.0.2")
    assert state(lab, "a", "10.0.0.2") == "REACHABLE"
    lab.kernel.clock.advance(46)          # base_reachable_time 30 s: random in [15, 45] s
    assert state(lab, "a", "10.0.0.2") == "STALE"
    # using a STALE entry sends at once and enters DELAY
    t = lab.ping("a", "10.0.0.2")
    assert t.delivered
    assert_path(t, func("neigh_resolve_output", ns="a", decision="STALE"))
    assert state(lab, "a", "10.0.0.2") in ("DELAY", "REACHABLE")


def test_failed_after_three_probes_one_second_apart():
    lab = two_hosts()
    lab.kernel.tracer = tr = Tracer()
    t0 = lab.kernel.clock.now
    r = lab.sh("ip netns exec a ping -c 1 -W 1 10.0.0.99")
    assert r.rc == 1
    assert state(lab, "a", "10.0.0.99") == "INCOMPLETE"
    lab.kernel.clock.run(until=t0 + 2.999)
    assert state(lab, "a", "10.0.0.99") == "INCOMPLETE"
    lab.kernel.clock.run(until=t0 + 3.0)
    lab.kernel.tracer = None
    assert state(lab, "a", "10.0.0.99") == "FAILED"
    probes = [s.time - t0 for s in tr.steps if s.func == "arp_send" and s.ns == "a"]
    assert probes == [0.0, 1.0, 2.0]                       # mcast_solicit = 3, retrans 1 s
    assert "10.0.0.99 dev eth0 FAILED" in lab.sh("ip -n a neigh show").stdout
    # the queued packet fails; the ICMP error made for it dies at lo, which is down
    assert [d.reason.name for d in tr.dispositions if d.ns == "a" and d.kind == "dropped"] \
        == ["NEIGH_FAILED", "DEV_READY"]


def test_failure_reports_destination_host_unreachable_to_the_local_sender():
    lab = two_hosts(lo_up=True)
    lab.kernel.tracer = tr = Tracer()
    r = lab.sh("ip netns exec a ping -c 3 -W 5 10.0.0.99")
    lab.kernel.tracer = None
    lines = r.stdout.splitlines()
    # all three packets were queued while INCOMPLETE; the failure reports each one
    assert [x for x in lines if x.startswith("From")] == [
        f"From 10.0.0.1 icmp_seq={i} Destination Host Unreachable" for i in (1, 2, 3)]
    assert "3 packets transmitted, 0 received, +3 errors, 100% packet loss" in r.stdout
    from netsim.trace import Trace
    t = Trace(tr.steps, tr.dispositions)
    assert_path(t, dropped("NEIGH_FAILED", ns="a"), func("icmp_send", ns="a"),
                func("dev_queue_xmit", ns="a", dev="lo"), delivered_to("a", "ping socket"))


def test_without_lo_the_local_error_is_lost():
    lab = two_hosts(lo_up=False)          # a new namespace's lo is down (as on the kernel)
    r = lab.sh("ip netns exec a ping -c 1 -W 5 10.0.0.99")
    assert "Unreachable" not in r.stdout and r.rc == 1
    assert state(lab, "a", "10.0.0.99") == "FAILED"


def test_queue_holds_packets_while_pending():
    from netsim.ping import ping
    lab = two_hosts()
    lab.kernel.tracer = tr = Tracer()
    # two echo requests, 1 s apart, to an address nobody answers; stop 0.5 s after the second
    ping(lab.kernel, lab.kernel.namespaces["a"], "10.0.0.99", count=2, timeout=0.5)
    lab.kernel.tracer = None
    n = entry(lab, "a", "10.0.0.99")
    assert n.state == NUD.INCOMPLETE and [s.pkt.payload.seq for s in n.queue] == [1, 2]
    queued = [s.decision for s in tr.steps if s.func == "neigh_resolve_output"]
    assert "packet queued" in queued[0] and "pending (INCOMPLETE): packet queued" in queued[1]
    assert not [d for d in tr.dispositions if d.ns == "a"]    # both are still waiting


def test_permanent_entries_need_no_arp_and_never_change():
    lab = two_hosts()
    mac = dev(lab, "b", "eth0").mac
    run(lab, f"ip -n a neigh add 10.0.0.2 lladdr {mac} dev eth0 nud permanent")
    t = lab.ping("a", "10.0.0.2")
    assert t.delivered
    assert not [s for s in t.steps if s.func == "arp_send" and s.ns == "a"
                and s.decision.startswith("ARP request")]
    assert_path(t, func("neigh_resolve_output", ns="a", decision="PERMANENT"))
    lab.kernel.clock.advance(3600)
    assert state(lab, "a", "10.0.0.2") == "PERMANENT"
    # a wrong permanent MAC is used as given: the frame is for nobody
    run(lab, "ip -n a neigh replace 10.0.0.2 lladdr 02:00:00:00:00:99 dev eth0 nud permanent")
    t = lab.ping("a", "10.0.0.2")
    assert not t.delivered
    assert_path(t, dropped("OTHERHOST", ns="b"))


def test_noarp_state_on_a_noarp_device():
    lab = lab_of("ip netns add x", "ip -n x link add d0 type dummy",
                 "ip -n x addr add 10.5.0.1/24 dev d0", "ip -n x link set d0 up")
    lab.ping("x", "10.5.0.9")
    assert state(lab, "x", "10.5.0.9", "d0") == "NOARP"


def test_the_first_of_two_arp_replies_wins_within_locktime():
    from labutil import bridged
    # a veth in the bridge's namespace answers for br0's address too (arp_ignore=0: any local
    # address on any interface); its answer comes second and is ignored
    lab = bridged(1, br_addr="10.0.0.254/24")
    run(lab, "ip -n host link add v9 type veth peer name v9p", "ip -n host link set v9 master br0",
        "ip -n host link set v9 up", "ip -n host link set v9p up")
    t = lab.ping("c1", "10.0.0.254")
    assert t.delivered
    assert entry(lab, "c1", "10.0.0.254").lladdr == dev(lab, "host", "br0").mac
    assert_path(t, func("arp_process", ns="c1", decision="REACHABLE"),
                func("arp_process", ns="c1", decision="within locktime is ignored"))
    # after locktime a different answer replaces it
    n = entry(lab, "c1", "10.0.0.254")
    lab.kernel.clock.advance(2)
    from netsim.kernel.arp import arp_process
    from netsim.kernel_model import SkBuff
    from netsim.packets import ARP, ARPOP_REPLY, Ether
    c1 = dev(lab, "c1", "eth0")
    skb = SkBuff(Ether(c1.mac, "02:00:00:00:00:99", 0x0806,
                       ARP(ARPOP_REPLY, "02:00:00:00:00:99", A("10.0.0.254"), c1.mac, A("10.0.0.1"))))
    skb.pkt_type = "host"
    arp_process(skb, c1, skb.pkt.payload)
    assert n.lladdr == "02:00:00:00:00:99"


# ----------------------------------------------------------------------------- admin entries
def test_an_add_without_lladdr_fails_but_leaves_a_none_entry_that_then_exists():
    """__neigh_update(): "No link layer address given"; the entry neigh_add() created stays
    (NONE, shown only with ``nud all``/``nud none``, printing no state), so the next add is
    EEXIST, and a flush without ``nud`` removes it (checked on 6.18)."""
    lab = two_hosts()
    r = lab.sh("ip -n a neigh add 10.0.0.9 dev eth0")
    assert (r.rc, r.stderr) == (2, "Error: No link layer address given.\n")
    assert state(lab, "a", "10.0.0.9") == "NONE"
    assert lab.sh("ip -n a neigh show").stdout == ""
    assert lab.sh("ip -n a neigh show nud all").stdout == "10.0.0.9 dev eth0 \n"
    assert lab.sh("ip -n a -j neigh show nud none").stdout == '[{"dst":"10.0.0.9","dev":"eth0"}]\n'
    r = lab.sh("ip -n a neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev eth0")
    assert (r.rc, r.stderr) == (2, "RTNETLINK answers: File exists\n")
    run(lab, "ip -n a neigh flush dev eth0")
    assert entry(lab, "a", "10.0.0.9") is None


def test_delay_or_probe_set_by_hand_probes_at_once_then_fails():
    """A hand-set DELAY runs its timer at once: never confirmed, it becomes PROBE (3 unicast
    probes, 1 s apart), then FAILED."""
    lab = two_hosts()
    run(lab, "ip -n a neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev eth0 nud delay")
    assert state(lab, "a", "10.0.0.7") == "PROBE"
    lab.sh("sleep 2")
    assert state(lab, "a", "10.0.0.7") == "PROBE"
    lab.sh("sleep 2")
    assert state(lab, "a", "10.0.0.7") == "FAILED"


def test_every_address_on_lo_shares_the_entry_keyed_0_0_0_0():
    """arp_constructor() rewrites a loopback device's key to 0.0.0.0."""
    lab = two_hosts()
    run(lab, "ip -n a neigh add 10.1.1.1 lladdr 02:00:00:00:00:01 dev lo",
        "ip -n a neigh add 10.1.1.2 lladdr 02:00:00:00:00:02 dev lo")
    assert lab.sh("ip -n a neigh show dev lo").stdout == "0.0.0.0 lladdr 02:00:00:00:00:02 PERMANENT \n"
    r = lab.sh("ip -n a neigh del 10.1.1.2 dev lo")
    assert (r.rc, r.stderr) == (2, "RTNETLINK answers: No such file or directory\n")


def test_proxy_arp_answers_for_an_address_routed_out_of_another_device():
    """arp_process() -> arp_fwd_proxy(): with forwarding and proxy_arp on the asking side,
    the router answers with its own MAC (6.18 recording)."""
    lab = lab_of("ip netns add a", "ip netns add r", "ip netns add b",
                 "ip -n a link add e0 type veth peer name e0 netns r",
                 "ip -n r link add e1 type veth peer name e0 netns b",
                 "ip -n a addr add 10.30.0.1/16 dev e0", "ip -n r addr add 10.30.0.2/24 dev e0",
                 "ip -n r addr add 10.30.5.2/24 dev e1", "ip -n b addr add 10.30.5.3/16 dev e0",
                 "ip -n a link set e0 up", "ip -n r link set e0 up", "ip -n r link set e1 up",
                 "ip -n b link set e0 up")
    assert lab.sh("ip netns exec a ping -c 1 -W 1 10.30.5.3").rc == 1
    assert state(lab, "a", "10.30.5.3", "e0") == "INCOMPLETE"
    run(lab, "ip netns exec r sysctl -w net.ipv4.conf.e0.proxy_arp=1",
        "ip netns exec r sysctl -w net.ipv4.ip_forward=1", "ip -n a neigh flush dev e0")
    # the echo gets there; b's answer does not (b asks for 10.30.0.1 on r's e1, no proxy)
    assert lab.sh("ip netns exec a ping -c 1 -W 1 10.30.5.3").rc == 1
    assert entry(lab, "a", "10.30.5.3", "e0").lladdr == dev(lab, "r", "e0").mac
    assert lab.sh("ip -n a neigh get 10.30.5.3 dev e0").stdout.endswith(" REACHABLE \n")
    r = lab.sh("ip -n a neigh get 10.30.9.9 dev e0")
    assert (r.rc, r.stderr) == (2, "Error: Neighbour entry not found.\n")


def test_deleting_a_pending_entry_reports_its_packets_back_through_lo():
    """neigh_delete() makes the entry FAILED first: neigh_invalidate() sends ICMP host
    unreachable to the local sender, through lo, whose 0.0.0.0 NOARP entry appears."""
    lab = two_hosts()
    lab.sh("ip netns exec a ping -c 1 -W 1 10.0.0.99")
    run(lab, "ip -n a neigh flush dev eth0")
    assert lab.sh("ip -n a neigh show nud noarp").stdout == \
        "0.0.0.0 dev lo lladdr 00:00:00:00:00:00 NOARP \n"
