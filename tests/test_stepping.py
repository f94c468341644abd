"""Step-by-step probes (netsim.stepping) and the traced UDP/TCP probes of Lab."""
import pytest
from checkers import assert_path, delivered_to, dropped, func
from labutil import router

from netsim.kernel_model import NUD
from netsim.lab import docker_demo


def _same(a, b):
    assert [s.as_dict() for s in a.steps] == [s.as_dict() for s in b.steps]
    assert [d.as_dict() for d in a.dispositions] == [d.as_dict() for d in b.dispositions]


@pytest.mark.parametrize("dst,kw", [("172.17.0.3", {}), ("172.17.0.3", {"count": 3}),
                                    ("172.17.0.99", {"count": 2, "timeout": 5.0}),
                                    ("10.9.9.9", {})])
def test_stepping_gives_the_same_trace_and_output_as_running_at_once(dst, kw):
    ref = docker_demo()
    ref.sh("ip -n c1 link set lo up")
    whole = ref.ping("c1", dst, **kw)
    lab = docker_demo()
    lab.sh("ip -n c1 link set lo up")
    s = lab.stepper("c1", "ping", dst, **kw)
    steps = list(s)
    assert s.done and s.step() is None
    assert s.result.stdout == whole.result.stdout and s.result.rc == whole.result.rc
    _same(s.trace, whole)
    assert steps == s.trace.steps
    assert lab.kernel.clock.now == ref.kernel.clock.now


def test_each_step_runs_exactly_the_events_up_to_it():
    lab = docker_demo()
    s = lab.stepper("c1", "ping", "172.17.0.3")
    c2 = lab.kernel.namespaces["c2"]
    c2_eth0 = c2.by_name["eth0"]
    seen_request = False
    for st in s:
        assert st.time == s.now            # a step is handed out in the event that made it
        if st.func == "arp_send" and st.ns == "c1":
            # the request is on the wire: c2 has not heard of c1 yet
            assert not c2.neigh and not seen_request
            seen_request = True
        if st.func == "arp_process" and st.ns == "c2":
            n = c2.neigh[(c2_eth0.ifindex, 0xAC110002)]
            assert n.state == NUD.STALE     # ... and now it has, in the same event
            break
    assert seen_request and not s.done
    assert s.run().delivered


def test_the_lab_can_be_inspected_between_steps():
    lab = docker_demo()
    s = lab.stepper("c1", "ping", "172.17.0.3")
    s.take(4)                                            # ... up to the ARP request
    assert lab.kernel.tracer is None                     # the tracer is only on while stepping
    assert lab.sh("ip -n c1 neigh").stdout == "172.17.0.3 dev eth0 INCOMPLETE \n"
    c1_mac = lab.kernel.namespaces["c1"].by_name["eth0"].mac
    assert c1_mac not in lab.sh("bridge -n host fdb show br docker0").stdout   # not learned yet
    t = s.run()
    assert t.delivered
    assert "REACHABLE" in lab.sh("ip -n c1 neigh").stdout
    assert c1_mac in lab.sh("bridge -n host fdb show br docker0").stdout


def test_stepper_errors_are_clear():
    lab = docker_demo()
    with pytest.raises(ValueError, match="supported programs are ping"):
        lab.stepper("c1", "traceroute", "172.17.0.3")
    s = lab.stepper("host", "ping", "10.9.9.9")           # no route: refused at connect
    assert s.step() is None and s.result.rc == 2 and "Network is unreachable" in s.result.stderr


def test_close_abandons_the_probe_and_its_socket():
    lab = docker_demo()
    s = lab.stepper("c1", "ping", "172.17.0.3")
    s.take(3)
    assert any(k[0] == "icmp" for k in lab.kernel.namespaces["c1"].sockets)
    s.close()
    assert s.done and not any(k[0] == "icmp" for k in lab.kernel.namespaces["c1"].sockets)


def test_tcp_probe_traces_the_handshake_and_a_refusal():
    lab = router()
    lab.sh("ip netns exec east nc -lk 8080 &")
    t = lab.tcp("west", "10.2.0.10", 8080)
    assert t.result.rc == 0 and "succeeded" in t.result.stderr
    assert_path(t, func("tcp_v4_connect", ns="west"), func("ip_forward", ns="r"),
                func("tcp_v4_rcv", ns="east"))
    t = lab.tcp("west", "10.2.0.10", 8081)
    assert t.result.rc == 1 and "Connection refused" in t.result.stderr
    assert_path(t, func("tcp_v4_send_reset", ns="east"), func("ip_forward", ns="r"))


def test_udp_probe_traces_port_unreachable():
    lab = router()
    t = lab.udp("west", "10.2.0.10", 53)
    assert t.result.rc == 1
    assert_path(t, func("icmp_send", ns="east"), dropped("NO_SOCKET", ns="east"),
                delivered_to("west", "UDP"))


def test_stepping_doctest():
    import doctest

    import netsim.stepping
    assert doctest.testmod(netsim.stepping).failed == 0


def test_steps_and_steppers_display_briefly():
    lab = docker_demo()
    s = lab.stepper("c1", "ping", "172.17.0.3")
    st = s.step()
    # the lab's build took simulated time (docker0's IGMP report), so the step is not at 0
    assert st.time > 0
    assert repr(st).startswith(f"<Step {st.time:.6f}s c1/eth0 fib_lookup: output route")
    assert "fib_lookup" in s._repr_html_() and "ip_finish_output2" not in s._repr_html_()
    assert "1 steps given" in repr(s)
