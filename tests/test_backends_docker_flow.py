"""The Docker flow typed as commands — masquerade out, a published port (DNAT 8080 -> 80) reached
with nc and curl, conntrack and the nat counters — gives the same session on the simulator and
on the real kernel (as root; the kernel half is skipped with the reason elsewhere)."""
import os
import re

import pytest

from netsim.backends.linux import unavailable_reason
from netsim.commands.runner import script_records

SCRIPT = os.path.join(os.path.dirname(__file__), "data", "docker_flow.sh")
REASON = unavailable_reason()


def _session(backend: str) -> list[tuple]:
    with open(SCRIPT) as fh:
        text = fh.read()
    out = []
    for rec in script_records(text, backend=backend):
        if rec["n"] == "dump":
            continue
        stdout = rec["stdout"]
        # what differs between any two runs of the same session: times, ports, ICMP ids
        stdout = re.sub(r"time[= ][0-9.]+ ?ms|rtt min.*\n", "", stdout)
        stdout = re.sub(r"(sport|dport|id)=\d+", r"\1=N", stdout)
        if rec["cmd"].endswith("conntrack -L"):
            # Known difference: the kernel also tracks the IGMP report docker0 sends after it
            # comes up ("unknown  2 ... dst=224.0.0.22"), sent after a random delay; netsim
            # does not put IGMP in conntrack.  The kernel lists entries in hash order.
            lines = [ln for ln in stdout.splitlines() if not ln.startswith("unknown  2 ")]
            stdout = "\n".join(sorted(lines))
            rec["stderr"] = re.sub(r"\d+ flow entries", "N flow entries", rec["stderr"])
        out.append((rec["cmd"], rec["rc"], stdout, rec["stderr"]))
    return out


def test_simulated_docker_flow_reaches_out_and_in():
    s = {cmd: (rc, out, err) for cmd, rc, out, err in _session("sim")}
    assert s["ip netns exec c1 ping -c 1 -W 1 198.51.100.2"][0] == 0
    assert s["ip netns exec outside nc -zvn -w 1 198.51.100.1 8080"] == (
        0, "", "Connection to 198.51.100.1 8080 port [tcp/*] succeeded!\n")
    assert "<h1>Directory listing for /</h1>" in s["ip netns exec outside curl -s "
                                                  "http://198.51.100.1:8080/"][1]
    nat = s["ip netns exec host iptables -t nat -L -n -v"][1]
    assert re.search(r"^\s+2\s+120 DNAT .* to:172.17.0.2:80", nat, re.M)
    assert re.search(r"^\s+1\s+84 MASQUERADE", nat, re.M)


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
@pytest.mark.skipif(not os.path.exists("/usr/sbin/conntrack") and
                    not os.path.exists("/usr/bin/conntrack"), reason="conntrack-tools missing")
def test_the_same_session_on_the_real_kernel():
    assert _session("kernel") == _session("sim")


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_a_command_traced_on_the_real_kernel_is_a_capture():
    import netsim
    with netsim.docker_demo(backend="kernel") as lab:
        t = lab.trace("ip netns exec c1 ping -c 1 -W 1 172.17.0.3")
    assert t.kind == "captured" and t.result.rc == 0
    seen = {(s.ns, s.dev) for s in t.steps if "echo request" in s.summary()}
    assert {("c1", "eth0"), ("host", "veth1"), ("host", "veth2"), ("c2", "eth0")} <= seen
