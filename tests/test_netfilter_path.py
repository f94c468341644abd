"""The netfilter path (conntrack, NAT, REJECT, br_netfilter) and TCP/UDP sockets, driven through
the kernel API, against the outputs recorded on a real kernel (conformance h1-h3, i1-i3)."""
import json
import re
import shlex
from ipaddress import IPv4Address as A
from pathlib import Path

import pytest

from netsim import conntrack_cmd, curl, httpd, iptables_cmd, nc, ping
from netsim.kernel import conntrack, devinet, fib, load
from netsim.kernel import rtnetlink as rl
from netsim.kernel.netfilter import Netfilter
from netsim.kernel_model import Kernel, Route
from netsim.packets import ICMP, IPv4, TCP
from netsim.trace import Tracer

load()

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "conformance"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/conformance")


# ----------------------------------------------------------------------------- a tiny driver
class Driver:
    """Just enough of the scenario language to build the topologies of h1-h3/i1-i3 through the
    kernel API and run the programs this module is about (iptables, ping, nc, sysctl)."""

    def __init__(self, seed=0):
        self.k = Kernel(seed=seed)
        self.ns = {}

    def run(self, line: str):
        argv = shlex.split(line)
        if argv[-1] == "&":
            argv = argv[:-1]
        if argv[:2] == ["ip", "netns"] and argv[2] == "add":
            self.ns[argv[3]] = rl.netns_add(self.k, argv[3])
            return 0, "", ""
        if argv[:3] == ["ip", "netns", "exec"]:
            return self.exec(self.ns[argv[3]], argv[4:])
        if argv[:2] == ["ip", "-n"]:
            return self.ip(self.ns[argv[2]], [a for a in argv[3:] if a not in ("-j", "-4")])
        raise AssertionError(f"driver cannot run {line!r}")

    def ip(self, ns, argv):
        obj, verb = argv[0], argv[1]
        if obj == "link" and verb == "add":
            name = argv[2]
            if argv[4] == "veth":
                peer_ns = self.ns[argv[argv.index("netns") + 1]] if "netns" in argv else None
                rl.veth_add(ns, name, argv[argv.index("name") + 1], peer_ns)
            else:
                rl.link_add(ns, argv[4], name)
        elif obj == "link" and verb == "set":
            dev = ns.by_name[argv[2]]
            if argv[3] == "up":
                rl.link_set_up(dev)
            elif argv[3] == "master":
                rl.link_set_master(dev, ns.by_name[argv[4]])
        elif obj == "addr" and verb == "add":
            a, plen = argv[2].split("/")
            devinet.addr_add(ns, ns.by_name[argv[4]], A(a), int(plen))
        elif obj == "route" and verb == "add" and argv[2] == "default":
            fib.route_add(ns, Route(0, 0, gateway=A(argv[4])))
        else:
            return None   # a show command: not this module's output
        return 0, "", ""

    def exec(self, ns, argv):
        prog = argv[0]
        if prog == "sysctl":
            key, val = argv[-1].split("=")
            ns.sysctl[key] = val
            if key == "net.ipv4.ip_forward":
                for k in list(ns.sysctl):
                    if k.endswith(".forwarding"):
                        ns.sysctl[k] = val
            return 0, f"{key} = {val}\n", ""
        if prog == "iptables":
            ns.netfilter = ns.netfilter or Netfilter()
            return iptables_cmd.iptables(ns.netfilter, argv[1:])
        if prog == "ping":
            count = int(argv[argv.index("-c") + 1])
            wait = float(argv[argv.index("-W") + 1])
            r = ping.ping(self.k, ns, argv[-1], count=count, timeout=wait)
            return r.rc, r.stdout, r.stderr
        if prog == "nc":
            if "-lk" in argv:
                nc.listen(self.k, ns, int(argv[-1]))
                return None, "", ""
            return nc.nc(self.k, ns, argv[1:])
        raise AssertionError(f"driver cannot exec {argv!r}")


def _norm_ping(text: str) -> str:
    text = re.sub(r" time=[0-9.]+ ms", "", text)
    text = re.sub(r", time \d+ms", "", text)
    return "\n".join(line for line in text.split("\n") if not line.startswith("rtt "))


def _scenario(name: str):
    script = next((CORPUS / "scenarios").glob(f"{name}_*.sh"))
    expected = next((CORPUS / "expected").glob(f"{name}_*.jsonl"))
    lines = script.read_text().splitlines()
    records = [json.loads(x) for x in expected.read_text().splitlines()]
    return lines, [r for r in records if r["n"] != "dump"]


def replay(name: str, seed=0):
    """Run a scenario; compare every iptables/ping/nc/sysctl record with the recording."""
    lines, records = _scenario(name)
    d = Driver(seed)
    checked = 0
    for rec in records:
        line = lines[rec["n"] - 1].strip()
        assert line == rec["cmd"]
        got = d.run(line)
        if got is None:
            continue
        rc, out, err = got
        if " ping " in line:
            out, want_out = _norm_ping(out), _norm_ping(rec["stdout"])
        else:
            want_out = rec["stdout"]
        assert (rc, out, err) == (rec["rc"], want_out, rec["stderr"]), f"line {rec['n']}: {line}"
        checked += 1
    return d, checked


@pytest.mark.skipif(not CORPUS.is_dir(), reason="conformance corpus not available")
@pytest.mark.parametrize("name", ["h1", "h2", "h3", "i1", "i2", "i3"])
def test_conformance_scenario(name):
    d, checked = replay(name)
    assert checked > 10


# ----------------------------------------------------------------------------- topologies
def two_hosts(seed=1):
    k = Kernel(seed=seed)
    a, b = rl.netns_add(k, "a"), rl.netns_add(k, "b")
    ea, eb = rl.veth_add(a, "eth0", "eth0", b)
    devinet.addr_add(a, ea, A("10.0.0.1"), 24)
    devinet.addr_add(b, eb, A("10.0.0.2"), 24)
    rl.link_set_up(ea)
    rl.link_set_up(eb)
    return k, a, b


def nat_router(seed=2):
    """inside (10.1.0.10) -- router (10.1.0.1 | 198.51.100.2, MASQUERADE) -- outside."""
    k = Kernel(seed=seed)
    ins, r, out = (rl.netns_add(k, n) for n in ("inside", "router", "outside"))
    a, b = rl.veth_add(r, "lan", "eth0", ins)
    c, d = rl.veth_add(r, "wan", "eth0", out)
    for ns, dev, ip in ((r, a, "10.1.0.1"), (ins, b, "10.1.0.10"), (r, c, "198.51.100.2"),
                        (out, d, "198.51.100.1")):
        devinet.addr_add(ns, dev, A(ip), 24)
        rl.link_set_up(dev)
    fib.route_add(ins, Route(0, 0, gateway=A("10.1.0.1")))
    for key in list(r.sysctl):
        if key.endswith(".forwarding") or key == "net.ipv4.ip_forward":
            r.sysctl[key] = "1"
    r.netfilter = Netfilter()
    assert iptables_cmd.iptables(r.netfilter, ["-t", "nat", "-A", "POSTROUTING", "-o", "wan",
                                               "-j", "MASQUERADE"])[0] == 0
    return k, ins, r, out


def ipt(ns, *argv):
    ns.netfilter = ns.netfilter or Netfilter()
    rc, out, err = iptables_cmd.iptables(ns.netfilter, list(argv))
    assert rc == 0, err
    return out


# ----------------------------------------------------------------------------- sockets and nc
def test_tcp_handshake_and_refused():
    k, a, b = two_hosts()
    nc.listen(k, b, 80)
    assert nc.nc(k, a, ["-zvn", "-w", "1", "10.0.0.2", "80"]) == (
        0, "", "Connection to 10.0.0.2 80 port [tcp/*] succeeded!\n")
    assert nc.nc(k, a, ["-zvn", "-w", "1", "10.0.0.2", "81"]) == (
        1, "", "nc: connect to 10.0.0.2 port 81 (tcp) failed: Connection refused\n")
    assert nc.nc(k, a, ["-zn", "-w", "1", "10.0.0.2", "81"]) == (1, "", "")
    assert nc.nc(k, a, ["-zv", "-w", "1", "10.0.0.2", "80"])[2] == \
        "Connection to 10.0.0.2 80 port [tcp/http] succeeded!\n"
    assert nc.nc(k, a, ["-zvn", "-w", "1", "10.9.0.2", "80"]) == (
        1, "", "nc: connect to 10.9.0.2 port 80 (tcp) failed: Network is unreachable\n")
    # the client closed first: its sockets wait in TIME_WAIT for 60 s, then they are gone
    assert {s.state for key, s in a.sockets.items() if key[0] == 6} == {"TIME_WAIT"}
    k.clock.advance(60)
    assert not [key for key in a.sockets if key[0] == 6]


def test_tcp_segments_are_real_packets():
    k, a, b = two_hosts()
    nc.listen(k, b, 80)
    k.tracer = Tracer()
    nc.nc(k, a, ["-zn", "-w", "1", "10.0.0.2", "80"])
    segs = [s.packet[TCP] for s in k.tracer.steps
            if s.func == "veth_xmit" and s.packet is not None and TCP in s.packet]
    flags = [s.flags for s in segs]
    assert flags[:3] == [0x02, 0x12, 0x10]          # SYN, SYN-ACK, ACK
    assert 0x11 in flags                            # FIN+ACK on close
    assert segs[1].ack == segs[0].seq + 1 and segs[2].ack == segs[1].seq + 1


def test_timeout_when_dropped():
    k, a, b = two_hosts()
    nc.listen(k, b, 80)
    ipt(b, "-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "DROP")
    t0 = k.clock.now
    assert nc.nc(k, a, ["-zvn", "-w", "1", "10.0.0.2", "80"]) == (
        1, "", "nc: connect to 10.0.0.2 port 80 (tcp) timed out: Operation now in progress\n")
    assert k.clock.now == pytest.approx(t0 + 1.0)


@pytest.mark.parametrize("how,msg", [
    ("icmp-host-prohibited", "No route to host"), ("icmp-net-unreachable", "Network is unreachable"),
    ("icmp-admin-prohibited", "No route to host"), ("icmp-net-prohibited", "Network is unreachable"),
    ("icmp-port-unreachable", "Connection refused"), ("tcp-reset", "Connection refused")])
def test_reject_with_as_seen_by_nc(how, msg):
    # texts checked with netcat-openbsd 1.219 on Linux 6.18
    k, a, b = two_hosts()
    nc.listen(k, b, 81)
    ipt(b, "-A", "INPUT", "-p", "tcp", "--dport", "81", "-j", "REJECT", "--reject-with", how)
    assert nc.nc(k, a, ["-zvn", "-w", "1", "10.0.0.2", "81"]) == (
        1, "", f"nc: connect to 10.0.0.2 port 81 (tcp) failed: {msg}\n")


def test_udp_probe():
    k, a, b = two_hosts()
    # closed port: the ICMP port unreachable makes the second write fail (rc 1, silent)
    t0 = k.clock.now
    assert nc.nc(k, a, ["-zvnu", "-w", "1", "10.0.0.2", "81"]) == (1, "", "")
    assert k.clock.now - t0 < 0.1
    lst = nc.listen(k, b, 86, udp_=True)
    assert nc.nc(k, a, ["-zvnu", "-w", "1", "10.0.0.2", "86"]) == (
        0, "", "Connection to 10.0.0.2 86 port [udp/*] succeeded!\n")
    assert bytes(lst.stdout) == b"XXX"
    # host-prohibited is a hard error but not ECONNREFUSED: netcat still says succeeded,
    # after two datagrams in two seconds (as recorded on a real kernel)
    ipt(b, "-I", "INPUT", "-p", "udp", "-j", "REJECT", "--reject-with", "icmp-host-prohibited")
    t0 = k.clock.now
    assert nc.nc(k, a, ["-zvnu", "-w", "2", "10.0.0.2", "86"])[0] == 0
    assert k.clock.now - t0 == pytest.approx(2.0, abs=0.01)
    assert b.netfilter.chain("filter", "INPUT").rules[0].packets == 2


def test_curl_against_http_listener():
    k, a, b = two_hosts()
    httpd.http_server(k, b, 8000)
    assert curl.curl(k, a, ["-s", "http://10.0.0.2:8000/"]) == (0, httpd.LISTING.decode(), "")
    rc, _, err = curl.curl(k, a, ["-sS", "http://10.0.0.2:8001/"])
    assert (rc, err) == (7, "curl: (7) Failed to connect to 10.0.0.2 port 8001 after 0 ms: "
                            "Couldn't connect to server\n")


# ----------------------------------------------------------------------------- conntrack
def test_conntrack_states_for_tcp():
    k, a, b = two_hosts()
    nc.listen(k, b, 80)
    ipt(b, "-A", "INPUT", "-m", "conntrack", "--ctstate", "INVALID", "-j", "ACCEPT")
    k.tracer = Tracer()
    nc.nc(k, a, ["-zn", "-w", "1", "10.0.0.2", "80"])
    states = [s.decision.split()[1] for s in k.tracer.steps
              if s.func == "nf_conntrack_in" and s.ns == "b" and s.decision.startswith("ctstate")]
    assert states[0] == "ESTABLISHED"          # the SYN-ACK going out is a reply
    text = conntrack_cmd.conntrack_list(b)
    line, = text.splitlines()
    assert re.fullmatch(r"tcp      6 (119|120) TIME_WAIT src=10\.0\.0\.1 dst=10\.0\.0\.2 "
                        r"sport=\d+ dport=80 src=10\.0\.0\.2 dst=10\.0\.0\.1 sport=80 dport=\d+ "
                        r"\[ASSURED\] mark=0 use=1", line), line
    rc, out, err = conntrack_cmd.conntrack_cmd(b, ["-L"])
    assert err == "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n"
    # refused: the only reply is a RST, so the entry is deleted at once
    nc.nc(k, a, ["-zn", "-w", "1", "10.0.0.2", "81"])
    assert len(conntrack_cmd.conntrack_list(b).splitlines()) == 1
    # entries expire on the simulated clock
    k.clock.advance(121)
    assert conntrack_cmd.conntrack_list(b) == ""


def test_conntrack_only_when_a_rule_needs_it():
    k, a, b = two_hosts()
    ipt(b, "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "DROP")
    assert ping.ping(k, a, "10.0.0.2").rc == 0
    assert b.conntrack is None                 # plain filter rules: no conntrack (iptables-nft)


def test_conntrack_icmp_new_established_related_invalid():
    k, a, b = two_hosts()
    ipt(b, "-A", "INPUT", "-m", "conntrack", "--ctstate", "INVALID", "-j", "DROP")
    ipt(b, "-A", "OUTPUT", "-m", "conntrack", "--ctstate", "RELATED", "-j", "ACCEPT")
    ipt(b, "-A", "OUTPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED", "-j", "ACCEPT")
    assert ping.ping(k, a, "10.0.0.2").rc == 0
    line, = conntrack_cmd.conntrack_list(b).splitlines()
    assert re.fullmatch(r"icmp     1 29 src=10\.0\.0\.1 dst=10\.0\.0\.2 type=8 code=0 id=\d+ "
                        r"src=10\.0\.0\.2 dst=10\.0\.0\.1 type=0 code=0 id=\d+ mark=0 use=1", line)
    out = b.netfilter.chain("filter", "OUTPUT").rules
    assert (out[0].packets, out[1].packets) == (0, 1)      # the echo reply is ESTABLISHED
    # a UDP datagram to a closed port: the port unreachable going back is RELATED
    nc.nc(k, a, ["-zu", "-w", "1", "10.0.0.2", "9"])
    assert out[0].packets == 1
    # an echo reply nobody asked for is INVALID
    from netsim.kernel_model import SkBuff
    from netsim.kernel.ip_output import ip_local_out
    stray = IPv4("10.0.0.1", "10.0.0.2", 1, 64, 1, payload=ICMP(0, 0, 77, 1))
    ip_local_out(a, SkBuff(stray), fib.route_output(a, A("10.0.0.2")))
    k.clock.advance(0.01)
    assert b.netfilter.chain("filter", "INPUT").rules[0].packets == 1


# ----------------------------------------------------------------------------- NAT
def test_masquerade_and_reply_reversal():
    k, ins, r, out = nat_router()
    k.tracer = Tracer()
    res = ping.ping(k, ins, "198.51.100.1", count=2)
    assert res.rc == 0 and res.received == 2 and "ttl=63" in res.stdout
    # outside saw the router's address, never 10.1.0.10
    seen = {str(s.packet[IPv4].src) for s in k.tracer.steps
            if s.ns == "outside" and s.func == "ip_rcv"}
    assert seen == {"198.51.100.2"}
    rewrites = [s for s in k.tracer.steps if s.func == "nf_nat_ipv4_fn"]
    assert len(rewrites) == 4                  # 2 requests (SNAT) + 2 replies (un-SNAT)
    assert r.netfilter.chain("nat", "POSTROUTING").rules[0].packets == 1   # first packet only
    line, = conntrack_cmd.conntrack_list(r).splitlines()
    assert "src=10.1.0.10 dst=198.51.100.1 type=8" in line
    assert "src=198.51.100.1 dst=198.51.100.2 type=0" in line


def test_masquerade_port_clash_picks_another_port():
    k = Kernel()
    ns = rl.netns_add(k, "x")
    ct1 = conntrack.Conn([conntrack.Tuple(6, 1, 9, 5000, 80),
                          conntrack.Tuple(6, 9, 1, 80, 5000)], "x", 0.0, expires=100.0)
    conntrack.table(ns).insert(ct1)
    t = conntrack.Tuple(6, 2, 9, 5000, 80)
    ct2 = conntrack.Conn([t, conntrack.invert(t)], "x", 0.0, expires=100.0)
    reply = conntrack.nat_setup(ns, ct2, "SRC", A("0.0.0.1"), None)
    assert reply.dst == 1 and reply.dport != 5000 and ct2.snat


def test_dnat_tcp_and_icmp_error_reversal():
    """A published port (DNAT) to a server that REJECTs: the client's socket gets the error,
    because the router rewrites the quoted header back to what the client sent."""
    d, _ = replay("i2")
    k = d.k
    host, web, client = d.ns["dockerhost"], d.ns["web"], d.ns["client"]
    ipt(web, "-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "REJECT",
        "--reject-with", "icmp-host-prohibited")
    k.tracer = Tracer()
    assert nc.nc(k, client, ["-zvn", "-w", "1", "203.0.113.10", "8080"]) == (
        1, "", "nc: connect to 203.0.113.10 port 8080 (tcp) failed: No route to host\n")
    err = [s for s in k.tracer.steps if s.ns == "client" and s.func == "icmp_unreach"]
    pkt = err[0].packet[ICMP]
    q = pkt.quoted()
    assert (str(q.src), str(q.dst), q[TCP].dport) == ("203.0.113.20", "203.0.113.10", 8080)
    assert str(err[0].packet[IPv4].src) == "203.0.113.10"
    assert any(s.func == "nf_nat_icmp_reply_translation" for s in k.tracer.steps)
    # the DNAT rule counted one packet per connection, not per segment
    assert host.netfilter.chain("nat", "DOCKER").rules[0].packets == 2


def test_trace_shows_hooks_rules_and_conntrack():
    d, _ = replay("h1")
    k = d.k
    k.tracer = Tracer()
    ping.ping(k, d.ns["lan"], "172.16.20.5")
    steps = [s for s in k.tracer.steps if s.ns == "fw"]
    funcs = [s.func for s in steps]
    for f in ("nf_hook", "nf_conntrack_in", "ipt_do_table", "nf_conntrack_confirm"):
        assert f in funcs, f
    fwd = [s for s in steps if s.func == "ipt_do_table" and "FORWARD" in s.decision]
    assert fwd[0].decision == "filter FORWARD: ACCEPT (rule 1 of FORWARD)"
    assert "-A FORWARD -i lan0 -o dmz0 -j ACCEPT: match (3 pkts, 252 bytes)" in fwd[0].details
    assert fwd[1].decision == "filter FORWARD: ACCEPT (rule 2 of FORWARD)"


def test_bridge_netfilter_forward_uses_bridge_name():
    k = Kernel(seed=5)
    h = rl.netns_add(k, "h")
    br = rl.link_add(h, "bridge", "br0")
    rl.link_set_up(br)
    hosts = []
    for i in (1, 2):
        c = rl.netns_add(k, f"c{i}")
        v, e = rl.veth_add(h, f"v{i}", "eth0", c)
        rl.link_set_master(v, br)
        rl.link_set_up(v)
        devinet.addr_add(c, e, A(f"10.5.0.{i}"), 24)
        rl.link_set_up(e)
        hosts.append(c)
    ipt(h, "-A", "FORWARD", "-i", "br0", "-o", "br0", "-p", "icmp", "-j", "ACCEPT")
    ipt(h, "-P", "FORWARD", "DROP")
    assert ping.ping(k, hosts[0], "10.5.0.2").rc == 0
    assert h.netfilter.chain("filter", "FORWARD").rules[0].packets == 2
    h.sysctl["net.bridge.bridge-nf-call-iptables"] = "1"
    nc.listen(k, hosts[1], 80)
    assert nc.nc(k, hosts[0], ["-zn", "-w", "1", "10.5.0.2", "80"])[0] == 1   # FORWARD DROP
    h.sysctl["net.bridge.bridge-nf-call-iptables"] = "0"
    assert nc.nc(k, hosts[0], ["-zn", "-w", "1", "10.5.0.2", "80"])[0] == 0


@pytest.mark.parametrize("argv,err", [
    ([], "usage: nc [-46CDdFhklNnrStUuvZz]"),
    (["-zvn", "10.0.0.2"], "nc: missing port number\n"),
    (["-zvn", "10.0.0.2", "abc"], "nc: port number invalid: abc\n"),
    (["-zvn", "10.0.0.2", "0"], "nc: port number too small: 0\n"),
    (["-zvn", "10.0.0.2", "99999"], "nc: port number too large: 99999\n"),
    (["-zvn", "-w", "abc", "10.0.0.2", "80"], "nc: timeout invalid: abc\n"),
    (["-Q", "10.0.0.2", "80"], "nc: invalid option -- 'Q'\nusage: nc"),
    (["-zv", "nosuchhost", "80"],
     'nc: getaddrinfo for host "nosuchhost" port 80: Name or service not known\n'),
])
def test_nc_argument_errors(argv, err):
    # texts checked with netcat-openbsd 1.219
    k, a, b = two_hosts()
    rc, out, got = nc.nc(k, a, argv)
    assert rc == 1 and out == "" and got.startswith(err)
