"""The public surfaces: netsim.Lab, lab.sh, and `python -m netsim trace|run`."""
import json
import subprocess
import sys

import netsim
from netsim.lab import docker_demo


def test_lab_docker_demo_ping_is_delivered_with_a_readable_trace():
    lab = docker_demo(seed=7)
    t = lab.ping("c1", "172.17.0.3")
    assert t.result.rc == 0 and t.delivered
    assert t.disposition.to.startswith("ping socket")
    text = t.to_text()
    for f in ("fib_lookup", "arp_send", "br_fdb_update", "br_flood", "br_forward", "icmp_echo"):
        assert f in text
    # the second ping needs no ARP and hits the FDB
    t2 = lab.ping("c1", "172.17.0.3")
    assert "arp_send" not in t2.funcs() and t2.find("br_fdb_find")


def test_lab_no_route_on_router_drops_with_reason():
    lab = netsim.Lab()
    for n in ("a", "r"):
        lab.netns(n)
    lab.veth("eth0", "eth0", ns="a", peer_ns="r")
    lab.addr("eth0", "10.0.0.2/24", ns="a")
    lab.addr("eth0", "10.0.0.1/24", ns="r")
    lab.up("eth0", ns="a")
    lab.up("eth0", ns="r")
    lab.route("default", via="10.0.0.1", ns="a")
    lab.sysctl("net.ipv4.ip_forward", 1, ns="r")
    t = lab.ping("a", "192.0.2.1")
    assert t.result.rc == 1
    assert "From 10.0.0.1 icmp_seq=1 Destination Net Unreachable" in t.result.stdout
    drop = t.drops[0]
    assert drop.ns == "r" and drop.reason.name == "IP_INNOROUTES"


def test_lab_sh_errors_are_the_kernel_words():
    lab = netsim.Lab()
    assert lab.sh("ip netns add x").rc == 0
    r = lab.sh("ip -n x link set nosuch up")
    assert (r.rc, r.stderr) == (1, 'Cannot find device "nosuch"\n')
    r = lab.sh("ip -n x lnik show")
    assert (r.rc, r.stderr) == (1, 'Object "lnik" is unknown, try "ip help".\n')
    r = lab.sh("frobnicate --now")
    assert r.rc != 0 and "not supported yet" in r.stderr


def test_cli_trace_json():
    p = subprocess.run([sys.executable, "-m", "netsim", "trace", "--json"], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert set(d) == {"steps", "disposition"}
    assert {"time", "ns", "dev", "func", "packet", "decision"} <= set(d["steps"][0])
    assert d["disposition"]["kind"] == "delivered"
    funcs = {s["func"] for s in d["steps"]}
    assert {"br_handle_frame", "ip_rcv", "icmp_echo", "neigh_resolve_output"} <= funcs


def test_cli_trace_text():
    p = subprocess.run([sys.executable, "-m", "netsim", "trace"], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0
    assert "br_fdb_update" in p.stdout and "1 packets transmitted, 1 received" in p.stdout


def test_cli_run_missing_file_is_a_clear_error(tmp_path):
    p = subprocess.run([sys.executable, "-m", "netsim", "run", str(tmp_path / "nope.sh")],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "cannot read" in p.stderr and "Traceback" not in p.stderr
