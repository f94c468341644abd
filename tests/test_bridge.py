"""The Linux bridge: FDB learning and ageing on the simulated clock, flooding, the bridge's own
local entries, hairpin, and the bridge device as an L3 interface."""
from checkers import assert_no, assert_path, delivered_to, dropped, func, via
from labutil import bridged, dev

from netsim.kernel.bridge import fdb_entries


def learned(lab, br="br0", ns="host"):
    b = dev(lab, ns, br)
    return {e.mac: e.port.name for e in fdb_entries(b) if not e.is_local and not e.static}


def test_fdb_learns_source_macs_on_their_ports():
    lab = bridged(3)
    assert learned(lab) == {}
    t = lab.ping("c1", "10.0.0.2")
    assert t.delivered
    c1, c2 = dev(lab, "c1", "eth0").mac, dev(lab, "c2", "eth0").mac
    assert learned(lab) == {c1: "veth1", c2: "veth2"}
    assert_path(t, via("veth1", ns="host"), func("br_fdb_update", decision=f"learned {c1}"),
                func("br_flood"), func("br_fdb_update", decision=f"learned {c2}"),
                delivered_to("c2", "echo"))


def test_broadcast_and_unknown_unicast_are_flooded_to_every_other_port():
    lab = bridged(3)
    t = lab.ping("c1", "10.0.0.2")
    # the ARP request (broadcast) goes to veth2 and veth3 and up to br0, never back to veth1
    flood = t.find("br_flood")[0]
    assert "veth2" in flood.decision and "veth3" in flood.decision
    assert "veth1" not in flood.decision and "up to br0" in flood.decision
    assert_path(t, func("br_flood"), func("arp_process", ns="c3"))
    assert t.find("arp_rcv", ns="c3") or t.find("netif_receive_skb", ns="c3")
    # c3 does not own 10.0.0.2: its copy ends there, ignored (consumed, not an error)
    assert [d.kind for d in t.dispositions if d.ns == "c3"] == ["consumed"]
    # unknown unicast: forget c2, the next echo request is flooded
    b = dev(lab, "host", "br0")
    del b.fdb[dev(lab, "c2", "eth0").mac]
    t2 = lab.ping("c1", "10.0.0.2")
    assert_path(t2, func("br_fdb_find", decision="FDB miss"), func("br_flood"),
                delivered_to("c2", "echo"))
    assert t2.find("netif_receive_skb", ns="c3")          # c3 saw the flooded copy
    assert_path(t2, dropped("OTHERHOST", ns="c3"))          # ... and dropped it (not its MAC)


def test_known_unicast_goes_out_of_one_port_only():
    lab = bridged(3)
    lab.ping("c1", "10.0.0.2")
    t = lab.ping("c1", "10.0.0.2")
    assert_path(t, func("br_fdb_find", decision="FDB hit"), func("br_forward", dev="veth2"),
                delivered_to("c2"))
    assert_no(t, func("br_flood"))
    assert not t.find(ns="c3")


def test_fdb_entries_age_out_after_300_seconds_of_simulated_time():
    lab = bridged(2)
    assert dev(lab, "host", "br0").ageing_time == 300.0
    lab.ping("c1", "10.0.0.2")
    # c2 learned c1 from the ARP request (STALE); answering it moves to DELAY and, 5 s later, a
    # unicast ARP probe: the last frames cross the bridge then.  Let the neighbours settle.
    lab.kernel.clock.advance(60)
    b = dev(lab, "host", "br0")
    t0 = max(e.updated for e in b.fdb.values() if not e.is_local)
    assert t0 > 1.0
    lab.kernel.clock.run(until=t0 + 299)
    assert len(learned(lab)) == 2
    out = lab.sh("bridge -n host fdb show br br0").stdout
    assert dev(lab, "c1", "eth0").mac in out
    lab.kernel.clock.run(until=t0 + 301)
    assert learned(lab) == {}
    assert dev(lab, "c1", "eth0").mac not in lab.sh("bridge -n host fdb show br br0").stdout


def test_traffic_refreshes_an_fdb_entry():
    lab = bridged(2)
    lab.ping("c1", "10.0.0.2")
    lab.kernel.clock.advance(200)
    lab.ping("c1", "10.0.0.2")           # frames from c1 refresh its entry
    lab.kernel.clock.advance(200)        # 400 s after learning, 200 s after the refresh
    assert dev(lab, "c1", "eth0").mac in learned(lab)


def test_the_bridge_has_local_entries_for_itself_and_its_ports():
    lab = bridged(2)
    b = dev(lab, "host", "br0")
    local = {e.mac: (e.port.name if e.port else None) for e in fdb_entries(b) if e.is_local}
    v1, v2 = dev(lab, "host", "veth1").mac, dev(lab, "host", "veth2").mac
    assert local[v1] == "veth1" and local[v2] == "veth2"
    assert b.mac == min(v1, v2)                       # the bridge takes its lowest port MAC
    lab.kernel.clock.advance(1000)                    # local entries never age
    assert {e.mac for e in fdb_entries(b) if e.is_local} >= {v1, v2}
    assert all(x.is_local for x in fdb_entries(b))   # ... while learned ones did
    # the bridge device's own MAC is a local entry: frames to it go up its stack
    assert b.fdb[b.mac].is_local


def test_hairpin_is_off_by_default_and_can_be_turned_on():
    lab = bridged(2)
    b = dev(lab, "host", "br0")
    assert all(not p.hairpin for p in b.ports.values())
    # c2's MAC is learned on veth1 (as behind a hairpinning device): frames to it would go back
    lab.ping("c1", "10.0.0.2")
    c2mac = dev(lab, "c2", "eth0").mac
    b.fdb[c2mac].port = dev(lab, "host", "veth1")
    t = lab.ping("c1", "10.0.0.2")
    assert_path(t, func("br_fdb_find", decision="FDB hit"), dropped("BR_NO_FORWARD_PORT", "host"))
    assert not t.delivered
    # `bridge link set dev veth1 hairpin on` (not in the command layer yet): the port flag
    b.ports[dev(lab, "host", "veth1").ifindex].hairpin = True
    b.fdb[c2mac].port = dev(lab, "host", "veth1")
    t = lab.ping("c1", "10.0.0.2")
    assert_path(t, func("br_forward", dev="veth1"), via("eth0", ns="c1"))


def test_the_bridge_is_an_l3_interface():
    lab = bridged(2)
    t = lab.ping("c1", "10.0.0.254")
    assert t.delivered and t.result.rc == 0
    assert_path(t, func("br_fdb_find", decision="own address"), func("ip_rcv", ns="host", dev="br0"),
                delivered_to("host", "echo"))
    # the host reaches a container through br0 (br_dev_xmit: FDB hit after learning)
    t = lab.ping("host", "10.0.0.2")
    assert t.delivered
    assert_path(t, func("dev_queue_xmit", ns="host", dev="br0"), func("br_forward", dev="veth2"),
                delivered_to("c2"))
    # the container's ARP entry for the gateway is the bridge's MAC
    n = lab.sh("ip -n c1 neigh show 10.0.0.254").stdout
    assert dev(lab, "host", "br0").mac in n


def test_a_port_that_is_down_does_not_forward():
    lab = bridged(2)
    lab.sh("ip -n host link set veth2 down")
    t = lab.ping("c1", "10.0.0.2")
    assert not t.delivered
    flood = t.find("br_flood")[0]
    assert "veth2" not in flood.decision
