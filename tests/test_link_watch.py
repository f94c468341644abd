"""netsim/kernel/link_watch.py: a veth's operstate is what linkwatch stored at its last carrier
event, not something recomputed when shown (behaviour measured on Linux 6.18, see the
scenarios b4, f4 and b6 in tests/conformance)."""
from netsim.kernel import load
from netsim.kernel import rtnetlink as rl
from netsim.kernel_model import Kernel

load()


def _two_namespaces():
    k = Kernel()
    return k, rl.netns_add(k, "a"), rl.netns_add(k, "b")


def test_peer_moved_right_after_creation_leaves_plain_down():
    # the creation event runs after the move: the peer's index is gone from "a"
    k, a, b = _two_namespaces()
    d, p = rl.veth_add(a, "v0", "v1")
    rl.link_set_netns(p, b)
    rl.link_set_up(d)
    assert d.operstate() == "DOWN"


def test_peer_moved_later_keeps_lowerlayerdown():
    # the creation event ran while the peer (no carrier) was still beside it
    k, a, b = _two_namespaces()
    d, p = rl.veth_add(a, "v0", "v1")
    rl.link_set_up(d)
    assert d.operstate() == "LOWERLAYERDOWN"
    rl.link_set_netns(p, b)
    rl.link_set_down(d)
    rl.link_set_up(d)
    assert d.operstate() == "LOWERLAYERDOWN"


def test_verdict_taken_when_the_bridge_had_carrier():
    # the veth's iflink names the bridge's index: the bridge had carrier at that time
    k, a, b = _two_namespaces()
    br = rl.link_add(a, "bridge", "br0")
    rl.link_set_up(br)
    port, _peer = rl.veth_add(a, "p0", "eth0", b)
    assert port.iflink() == br.ifindex
    rl.veth_add(a, "p1", "eth0", rl.netns_add(k, "c"))
    rl.link_set_master(port, br)          # the bridge loses its carrier now
    rl.link_set_up(port)
    assert port.operstate() == "DOWN"


def test_carrier_change_recomputes():
    k, a, b = _two_namespaces()
    d, p = rl.veth_add(a, "v0", "v1", b)
    rl.link_set_up(d)
    rl.link_set_up(p)
    assert d.operstate() == p.operstate() == "UP"
    rl.link_set_down(p)
    assert d.operstate() == "DOWN"      # the peer's index is not a device of "a"
    assert p.operstate() == "DOWN"      # admin down
