"""netsim/kernel/link_watch.py: a device's operstate is what linkwatch stored when its last
carrier event ran, and events run when the kernel runs them: urgent ones at once, the others in
linkwatch's rounds, at most one a second machine-wide, or when RTM_GETLINK asks for the device.
Behaviour measured on Linux 6.18 (scenarios i2, b4, b6, f4, f5 in the corpora, and replays)."""
import json

from netsim.backends.sim import SimBackend
from netsim.kernel import load
from netsim.kernel import rtnetlink as rl
from netsim.kernel.link_watch import linkwatch_sync_dev
from netsim.kernel_model import Kernel

load()


def _two_namespaces():
    k = Kernel()
    return k, rl.netns_add(k, "a"), rl.netns_add(k, "b")


def test_first_event_after_a_quiet_second_runs_at_once():
    # the creation event ran while the peer (no carrier) was still beside it: LOWERLAYERDOWN,
    # and the verdict stays after the peer moved away (no new carrier change)
    k, a, b = _two_namespaces()
    d, p = rl.veth_add(a, "v0", "v1")
    assert d not in k.lw_pending
    rl.link_set_netns(p, b)
    rl.link_set_up(d)
    assert d.operstate() == "LOWERLAYERDOWN"


def test_events_within_the_second_wait_for_the_next_round():
    # a round ran just before (the first pair), so the second pair's creation events wait;
    # the peer is moved before they run: its index is gone from "a", the state is plain DOWN
    k, a, b = _two_namespaces()
    rl.veth_add(a, "x0", "x1")
    d, p = rl.veth_add(a, "v0", "v1")
    assert d in k.lw_pending and p in k.lw_pending
    rl.link_set_netns(p, b)
    k.clock.advance(1.0)                 # the round at linkwatch_nextevent
    assert not k.lw_pending
    rl.link_set_up(d)
    assert d.operstate() == "DOWN"


def test_getlink_runs_the_pending_event_of_that_device_only():
    k, a, b = _two_namespaces()
    rl.veth_add(a, "x0", "x1")
    d, p = rl.veth_add(a, "v0", "v1")
    linkwatch_sync_dev(d)
    assert d not in k.lw_pending and p in k.lw_pending
    rl.link_set_netns(p, b)
    rl.link_set_up(d)
    assert d.operstate() == "LOWERLAYERDOWN"


def test_empty_bridge_up_is_unknown_and_a_down_first_port_turns_carrier_off_later():
    # the bridge's own event is not urgent (its iflink is itself) and waits for the round
    k, a, b = _two_namespaces()
    br = rl.link_add(a, "bridge", "br0")
    rl.link_set_up(br)
    assert br.operstate() == "UNKNOWN" and br.has_carrier()
    port, _ = rl.veth_add(a, "p0", "eth0", b)          # a round runs: nextevent = now + 1 s
    rl.link_set_master(port, br)                        # first port: bridge id changes
    assert not br.has_carrier()
    assert br.operstate() == "UNKNOWN"                  # not written yet
    assert br.oper_up()                                 # so IFF_RUNNING: no NO-CARRIER shown
    k.clock.advance(1.0)
    assert br.operstate() == "DOWN" and not br.oper_up()


def test_carrier_back_before_the_round_leaves_the_bridge_unknown():
    # docker0 in i2: off when the down veth is enslaved, on again when the container's end
    # comes up; one event covers both and has not run when the scenario ends
    k, a, b = _two_namespaces()
    br = rl.link_add(a, "bridge", "docker0")
    rl.link_set_up(br)
    port, peer = rl.veth_add(a, "veth0", "eth0", b)
    rl.link_set_master(port, br)
    rl.link_set_up(port)
    rl.link_set_up(peer)
    assert br.has_carrier() and br.operstate() == "UNKNOWN"
    k.clock.advance(1.0)
    assert br.operstate() == "UP"


def test_carrier_back_after_a_processed_loss_is_urgent():
    # once carrier-off ran, the qdisc is deactivated and carrier-on is urgent (no wait)
    k, a, b = _two_namespaces()
    br = rl.link_add(a, "bridge", "br0")
    rl.link_set_up(br)
    port, peer = rl.veth_add(a, "p0", "eth0", b)
    rl.link_set_master(port, br)
    linkwatch_sync_dev(br)
    assert br.operstate() == "DOWN"
    rl.link_set_up(port)
    rl.link_set_up(peer)
    assert br.operstate() == "UP"


def test_bridge_created_with_an_address_loses_carrier_at_once():
    # br_dev_newlink(): IFLA_ADDRESS -> br_stp_change_bridge_id -> port state selection
    k, a, b = _two_namespaces()
    br = rl.link_add(a, "bridge", "br0", mac="02:00:00:00:00:01")
    assert not br.has_carrier()
    rl.link_set_up(br)
    linkwatch_sync_dev(br)
    assert br.operstate() == "DOWN"


def _link(sim, ns, name):
    r = sim.sh(f"ip -n {ns} -j link show")
    return next(d for d in json.loads(r.stdout) if d["ifname"] == name)


def test_ip_link_show_dev_syncs_but_a_dump_does_not():
    sim = SimBackend()
    for line in ("ip netns add h", "ip netns add c", "ip -n h link add br0 type bridge",
                 "ip -n h link set br0 up", "ip -n h link add v0 type veth peer name e0 netns c",
                 "ip -n h link set v0 master br0"):
        assert sim.sh(line).rc == 0
    dumped = _link(sim, "h", "br0")
    assert dumped["operstate"] == "UNKNOWN" and "LOWER_UP" not in dumped["flags"]
    assert "NO-CARRIER" not in dumped["flags"]
    shown = json.loads(sim.sh("ip -n h -j link show br0").stdout)[0]
    assert shown["operstate"] == "DOWN" and "NO-CARRIER" in shown["flags"]
    assert _link(sim, "h", "br0")["operstate"] == "DOWN"


def test_time_passing_in_a_ping_runs_the_round():
    sim = SimBackend()
    for line in ("ip netns add h", "ip netns add c", "ip -n h link add br0 type bridge",
                 "ip -n h link set br0 up", "ip -n h link add v0 type veth peer name e0 netns c",
                 "ip -n h link set v0 master br0", "ip -n c addr add 10.9.0.2/24 dev e0",
                 "ip -n c link set e0 up"):
        assert sim.sh(line).rc == 0
    assert _link(sim, "h", "br0")["operstate"] == "UNKNOWN"
    assert sim.sh("ip netns exec c ping -c 1 -W 1 10.9.0.9").rc == 1   # waits a second
    after = _link(sim, "h", "br0")                  # the round ran: v0 is down, no carrier
    assert after["operstate"] == "DOWN" and "NO-CARRIER" in after["flags"]
    assert sim.sh("ip -n h link set v0 up").rc == 0
    assert _link(sim, "h", "br0")["operstate"] == "UP"   # processed off: carrier-on is urgent


def test_settle_waits_for_a_lagging_up_device():
    # an up veth whose peer shares its ifindex: its carrier-on event is not urgent; the next
    # command waits (simulated time passes) until its operstate agrees with its carrier
    sim = SimBackend()
    for line in ("ip netns add a", "ip netns add b",
                 "ip -n a link add x0 type veth peer name x1",
                 "ip -n a link add v0 type veth peer name v0 netns b",
                 "ip -n a link set v0 up", "ip -n b link set v0 up"):
        assert sim.sh(line).rc == 0
    t = sim.kernel.clock.now
    assert _link(sim, "a", "v0")["operstate"] == "UP"
    assert _link(sim, "b", "v0")["operstate"] == "UP"
    assert sim.kernel.clock.now >= t


def test_route_linkdown_follows_the_processed_carrier_change():
    # ip route reads the dump, then looks the device up (RTM_GETLINK) to print its name: the
    # first show after the bridge lost carrier has no "linkdown", the next one has
    sim = SimBackend()
    for line in ("ip netns add h", "ip netns add c", "ip -n h link add br0 type bridge",
                 "ip -n h addr add 10.8.0.1/24 dev br0", "ip -n h link set br0 up",
                 "ip -n h link add v0 type veth peer name e0 netns c",
                 "ip -n h link set v0 master br0"):
        assert sim.sh(line).rc == 0
    first = sim.sh("ip -n h route show").stdout
    second = sim.sh("ip -n h route show").stdout
    assert "linkdown" not in first
    assert second.rstrip().endswith("src 10.8.0.1 linkdown")
