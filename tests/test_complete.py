"""The shell's tab completion: programs, objects, keywords and the lab's own names."""
import doctest

import netsim.commands.complete as complete
from netsim import Lab
from netsim.commands.complete import Completer


def _lab_completer():
    lab = Lab()
    for line in ("ip netns add c1", "ip netns add c2",
                 "ip -n c1 link add eth0 type veth peer name veth1 netns c2",
                 "ip -n c1 link add br0 type bridge"):
        assert lab.sh(line).rc == 0, line
    state = lambda: {name: list(ns.by_name) for name, ns in lab.kernel.namespaces.items()}
    return Completer(state)


def test_programs_objects_and_abbreviations():
    c = _lab_completer()
    assert c.candidates("") == complete.PROGRAMS
    assert c.candidates("i") == ["ip", "iptables"]
    assert c.candidates("ip ro") == ["route"]
    assert c.candidates("ip r") == ["route", "rule"]
    assert c.candidates("bridge f") == ["fdb"]
    assert c.candidates("ip link ") == ["add", "set", "delete", "show"]


def test_names_come_from_the_lab():
    c = _lab_completer()
    assert c.candidates("ip -n ") == ["c1", "c2"]
    assert c.candidates("ip netns exec c") == ["c1", "c2"]
    assert c.candidates("ip -n c1 link set ") [:3] == ["br0", "eth0", "lo"]
    assert c.candidates("ip -n c2 addr add 10.0.0.1/24 dev ") == ["lo", "veth1"]
    assert c.candidates("ip -n c1 link set eth0 master ") == ["br0", "eth0", "lo"]
    # after `ip netns exec NS`, the programs and then their own completion
    assert "ping" in c.candidates("ip netns exec c1 ")
    assert c.candidates("ip netns exec c1 ip -n c2 link set v") == ["veth1"]


def test_keywords_and_values():
    c = _lab_completer()
    assert c.candidates("ip -n c1 link add x type ") == ["veth", "bridge", "dummy", "vxlan",
                                                         "macvlan"]
    assert c.candidates("ip -n c1 route add 10.0.0.0/8 v") == ["via"]
    assert c.candidates("ip -n c1 neigh add 10.0.0.9 lladdr 02:00:00:00:00:01 nud p") == \
        ["permanent"]
    assert c.candidates("ping -c 1 ") == []          # nothing to offer: no guessing


def test_module_examples_run():
    assert doctest.testmod(complete).failed == 0
