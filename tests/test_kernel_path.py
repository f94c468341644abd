"""The simulated kernel's packet path, driven through the kernel modules directly."""
from ipaddress import IPv4Address as A

import pytest

from netsim import ping
from netsim.kernel import devinet, fib, load
from netsim.kernel import rtnetlink as rl
from netsim.kernel_model import NUD, Kernel, Route
from netsim.trace import Tracer

load()


def docker_like(seed=1):
    k = Kernel(seed=seed)
    host = rl.netns_add(k, "host")
    cs = [rl.netns_add(k, f"c{i}") for i in (1, 2)]
    br = rl.link_add(host, "bridge", "docker0")
    devinet.addr_add(host, br, A("172.17.0.1"), 16)
    rl.link_set_up(br)
    for i, c in enumerate(cs, 1):
        v, e = rl.veth_add(host, f"veth{i}", "eth0", c)
        rl.link_set_master(v, br)
        rl.link_set_up(v)
        devinet.addr_add(c, e, A(f"172.17.0.{i + 1}"), 16)
        rl.link_set_up(e)
        fib.route_add(c, Route(0, 0, gateway=A("172.17.0.1")))
    return k, host, cs, br


def test_container_to_container_ping_learns_arp_and_fdb():
    k, host, (c1, c2), br = docker_like()
    k.tracer = Tracer()
    r = ping.ping(k, c1, "172.17.0.3", count=2)
    assert r.rc == 0 and r.received == 2
    assert "64 bytes from 172.17.0.3: icmp_seq=2 ttl=64" in r.stdout
    funcs = [s.func for s in k.tracer.steps]
    for f in ("arp_send", "br_handle_frame", "br_fdb_update", "br_flood", "br_forward",
              "ip_rcv", "icmp_echo", "neigh_resolve_output", "veth_xmit"):
        assert f in funcs, f
    n = c1.neigh[(c1.by_name["eth0"].ifindex, int(A("172.17.0.3")))]
    assert n.state == NUD.REACHABLE and n.lladdr == c2.by_name["eth0"].mac
    learned = {e.mac: e.port.name for e in br.fdb.values() if not e.is_local}
    assert learned == {c1.by_name["eth0"].mac: "veth1", c2.by_name["eth0"].mac: "veth2"}


def test_no_route_fails_at_connect():
    k = Kernel()
    ns = rl.netns_add(k, "a")
    r = ping.ping(k, ns, "10.0.0.1")
    assert r.rc == 2 and r.stderr == "ping: connect: Network is unreachable\n"


def router_topology(forward: bool):
    k = Kernel(seed=3)
    w, r, e = (rl.netns_add(k, n) for n in ("west", "router", "east"))
    a, b = rl.veth_add(r, "w0", "eth0", w)
    c, d = rl.veth_add(r, "e0", "eth0", e)
    for ns, dev, ip in ((r, a, "10.1.0.1"), (r, c, "10.2.0.1"), (w, b, "10.1.0.10"),
                        (e, d, "10.2.0.10")):
        devinet.addr_add(ns, dev, A(ip), 24)
        rl.link_set_up(dev)
    fib.route_add(w, Route(0, 0, gateway=A("10.1.0.1")))
    fib.route_add(e, Route(0, 0, gateway=A("10.2.0.1")))
    if forward:
        r.sysctl["net.ipv4.ip_forward"] = "1"
        for key in list(r.sysctl):
            if key.endswith(".forwarding"):
                r.sysctl[key] = "1"
    return k, w, r, e


@pytest.mark.parametrize("forward", [False, True])
def test_router_forwards_only_with_ip_forward(forward):
    k, w, r, e = router_topology(forward)
    k.tracer = Tracer()
    res = ping.ping(k, w, "10.2.0.10")
    if forward:
        assert res.rc == 0 and "ttl=63" in res.stdout
    else:
        assert res.rc == 1
        drops = [d for d in k.tracer.dispositions if d.kind == "dropped"]
        assert drops and drops[0].reason.name == "IP_INADDRERRORS" and drops[0].ns == "router"


def test_arp_failure_goes_incomplete_then_failed():
    k, w, r, e = router_topology(False)
    res = ping.ping(k, w, "10.1.0.99")
    assert res.rc == 1
    key = (w.by_name["eth0"].ifindex, int(A("10.1.0.99")))
    assert w.neigh[key].state == NUD.INCOMPLETE
    k.clock.advance(4)
    assert w.neigh[key].state == NUD.FAILED
