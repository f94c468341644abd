"""The real-kernel probes (``netsim.backends.linux_probes``) against the real programs.

Each kernel test runs one probe through netsim (sockets opened inside a namespace) and the same
command through the real program (``ip netns exec NS ping|nc|sysctl|iptables|curl``) and compares
them after the corpus's normalisations (compare.py: ping times, the rtt line).  The topology is
built with ``ip`` in namespaces named ``a3-<pid>-*`` and deleted afterwards, also on failure:

    a (10.31.0.1) ---- (10.31.0.2) r (10.32.0.1) ---- (10.32.0.2) b
    c1 (10.40.0.1) ---- [br0 in s] ---- c2 (10.40.0.2)

The tests without the ``kernel`` mark check the pure parts (shared ping text, frame decoding,
the trace's kind) and run everywhere.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest

from netsim import packets as P
from netsim.backends import linux_capture
from netsim.ping import PingReport
from netsim.trace import Step, Trace

PREFIX = f"a3-{os.getpid()}-"
ENV = {"LANG": "C", "LC_ALL": "C",
       "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}


def _kernel_reason() -> str | None:
    if sys.platform != "linux":
        return "needs Linux"
    if os.geteuid() != 0:
        return "needs root (creates network namespaces)"
    missing = [t for t in ("ip", "ping", "nc", "iptables", "sysctl") if shutil.which(t) is None]
    if missing:
        return "missing programs: " + ", ".join(missing)
    return None


REASON = _kernel_reason()


# ----------------------------------------------------------------------------- normalising
_REPLY = re.compile(r"^(\d+ bytes from [^:]+: icmp_seq=\d+ ttl=\d+) time=[\d.]+ ms$")
_SUMMARY = re.compile(r"^(\d+ packets transmitted, .*% packet loss)(, time \d+ms)?$")


def norm_ping(text: str) -> str:
    """compare.py's ping rule: no reply times, no total time, no rtt line."""
    out = []
    for line in text.splitlines():
        m = _REPLY.match(line) or _SUMMARY.match(line)
        if m:
            out.append(m.group(1))
        elif not line.startswith("rtt min/avg/max/mdev"):
            out.append(line.rstrip())
    return "\n".join(out)


def norm_ms(text: str) -> str:
    """curl reports how long it took: the number differs from run to run."""
    return re.sub(r"after \d+ (ms|milliseconds)", r"after N \1", text)


# ----------------------------------------------------------------------------- topology
def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, env=ENV, capture_output=True)


def real(ns: str, *argv: str, timeout: float = 30) -> tuple[int, str, str]:
    p = subprocess.run(["ip", "netns", "exec", ns, *argv], capture_output=True, text=True,
                       env=ENV, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def _ours() -> list[str]:
    p = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, env=ENV)
    return [line.split()[0] for line in p.stdout.splitlines() if line.startswith(PREFIX)]


@contextmanager
def namespaces(*names: str):
    """Create ``PREFIX+name`` namespaces (IPv6 off, lo up); delete them whatever happens."""
    real_names = [PREFIX + n for n in names]
    try:
        for n in real_names:
            ip("netns", "add", n)
            for key in ("all", "default"):
                real(n, "sysctl", "-qw", f"net.ipv6.conf.{key}.disable_ipv6=1")
            ip("-n", n, "link", "set", "lo", "up")
        yield real_names
    finally:
        for n in real_names:
            subprocess.run(["ip", "netns", "del", n], env=ENV, capture_output=True)


def veth(ns1: str, dev1: str, addr1: str | None, ns2: str, dev2: str, addr2: str | None):
    ip("-n", ns1, "link", "add", dev1, "type", "veth", "peer", "name", dev2, "netns", ns2)
    for ns, dev, addr in ((ns1, dev1, addr1), (ns2, dev2, addr2)):
        if addr:
            ip("-n", ns, "addr", "add", addr, "dev", dev)
        ip("-n", ns, "link", "set", dev, "up")
    for ns, dev in ((ns1, dev1), (ns2, dev2)):
        wait_up(ns, dev)


def wait_up(ns: str, dev: str) -> None:
    """Until linkwatch has run (operstate UP), frames sent on a new veth are dropped."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        p = subprocess.run(["ip", "-n", ns, "-j", "link", "show", "dev", dev], env=ENV,
                           capture_output=True, text=True)
        if '"operstate":"UP"' in p.stdout.replace(" ", ""):
            return
        time.sleep(0.02)
    raise AssertionError(f"{dev} in {ns} did not come up")


@pytest.fixture(scope="module")
def topo():
    if REASON:
        pytest.skip(REASON)
    with namespaces("a", "r", "b", "c1", "s", "c2") as (a, r, b, c1, s, c2):
        veth(a, "a0", "10.31.0.1/24", r, "r0", "10.31.0.2/24")
        veth(r, "r1", "10.32.0.1/24", b, "b0", "10.32.0.2/24")
        ip("-n", a, "route", "add", "default", "via", "10.31.0.2")
        ip("-n", b, "route", "add", "default", "via", "10.32.0.1")
        real(r, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        for kind, prefix in (("blackhole", "10.66.0.0/24"), ("unreachable", "10.67.0.0/24"),
                             ("prohibit", "10.68.0.0/24")):
            ip("-n", a, "route", "add", kind, prefix)
        ip("-n", r, "route", "add", "unreachable", "10.33.0.0/24")
        real(r, "iptables", "-A", "FORWARD", "-d", "10.32.0.3", "-p", "icmp", "-j", "REJECT",
             "--reject-with", "icmp-admin-prohibited")
        ip("-n", s, "link", "add", "br0", "type", "bridge")
        ip("-n", s, "link", "set", "br0", "up")
        veth(c1, "eth0", "10.40.0.1/24", s, "p1", None)
        veth(c2, "eth0", "10.40.0.2/24", s, "p2", None)
        for port in ("p1", "p2"):
            ip("-n", s, "link", "set", port, "master", "br0")
        yield dict(a=a, r=r, b=b, c1=c1, s=s, c2=c2)
    assert _ours() == [], "a namespace was left behind"


# ----------------------------------------------------------------------------- ping
PING_CASES = [
    ("a", "10.32.0.2", 2, "through the router: ttl 63"),
    ("a", "127.0.0.1", 1, "loopback"),
    ("a", "10.31.0.99", 1, "on-link, nobody answers ARP: no error within -W 1"),
    ("a", "10.66.0.1", 1, "blackhole route: connect: Invalid argument"),
    ("a", "10.67.0.1", 1, "unreachable route: connect: No route to host"),
    ("a", "10.68.0.1", 1, "prohibit route: the broadcast question"),
    ("c1", "10.99.0.1", 1, "no route at all: Network is unreachable"),
    ("a", "10.32.0.3", 1, "REJECT in the router's FORWARD: Packet filtered"),
    ("b", "10.33.0.1", 1, "unreachable route in the router: Destination Host Unreachable"),
]


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
@pytest.mark.parametrize("who,dst,count,why", PING_CASES, ids=[c[3] for c in PING_CASES])
def test_ping_prints_what_iputils_prints(topo, who, dst, count, why):
    from netsim.backends.linux_probes import ping
    if not dst.startswith("127."):
        ip("-n", topo[who], "neigh", "flush", "all")
    rc, out, err = ping(topo[who], dst, count=count, timeout=1.0)
    if not dst.startswith("127."):
        ip("-n", topo[who], "neigh", "flush", "all")
    want = real(topo[who], "ping", "-c", str(count), "-W", "1", dst)
    assert (rc, norm_ping(out), err) == (want[0], norm_ping(want[1]), want[2])



@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_ping_through_an_output_drop_is_silent_as_iputils(topo):
    """sendto() fails with EPERM; iputils counts the probe as sent and prints nothing."""
    from netsim.backends.linux_probes import ping
    a = topo["a"]
    rule = ["OUTPUT", "-d", "10.31.0.2", "-p", "icmp", "-j", "DROP"]
    real(a, "iptables", "-A", *rule)
    try:
        mine = tuple(ping(a, "10.31.0.2", count=2))
        want = real(a, "ping", "-c", "2", "-W", "1", "10.31.0.2")
    finally:
        real(a, "iptables", "-D", *rule)
    assert (mine[0], norm_ping(mine[1]), mine[2]) == (want[0], norm_ping(want[1]), want[2])


BAD_PING_ARGV = [["-c", "x", "10.31.0.2"], ["-c", "0", "10.31.0.2"], ["-t", "300", "10.31.0.2"],
                 ["-q"], ["-c", "1", "-I", "nodev", "10.31.0.2"],
                 ["-c", "1", "-q", "10.31.0.2"], ["-c", "1", "-s", "100", "10.31.0.2"],
                 ["-c", "1", "-s", "4", "10.31.0.2"], ["-c", "1", "-I", "a0", "10.31.0.2"],
                 ["-c", "1", "-W", "1x", "10.31.0.2"]]
# (host names: the real answer depends on the resolver; not compared)


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
@pytest.mark.parametrize("argv", BAD_PING_ARGV, ids=[" ".join(a) for a in BAD_PING_ARGV])
def test_ping_options_as_iputils(topo, argv):
    from netsim.backends.linux_probes import ping_argv
    rc, out, err = ping_argv(topo["a"], argv)
    t_rc, t_out, t_err = real(topo["a"], "ping", *argv)
    assert (rc, norm_ping(out), err) == (t_rc, norm_ping(t_out), t_err)


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_ping_result_counts_replies_and_errors(topo):
    from netsim.backends.linux_probes import ping
    ok = ping(topo["b"], "10.31.0.1", count=2)
    assert (ok.transmitted, ok.received, ok.errors) == (2, 2, 0)
    assert [r[0] for r in ok.replies] == [1, 2] and all(r[1] == 63 for r in ok.replies)
    bad = ping(topo["a"], "10.32.0.3", count=1)
    assert bad.rc == 1 and bad.icmp_errors == [(1, "10.31.0.2", "Packet filtered")]


# ----------------------------------------------------------------------------- nc, curl
def _nc_probe(ns, dst, port, udp=False):
    return ["nc", "-zvun" if udp else "-zvn", "-w", "1", dst, str(port)]


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_nc_probe_matches_netcat(topo):
    from netsim.backends.linux_probes import listen, nc
    a, b, c1 = topo["a"], topo["b"], topo["c1"]
    with listen(b, 8080) as lst:
        for ns, dst, port in ((a, "10.32.0.2", 8080),      # open: succeeded
                              (a, "10.32.0.2", 8081),      # closed: Connection refused
                              (a, "10.31.0.98", 80),       # nobody: timed out
                              (c1, "10.99.0.1", 80)):      # no route: Network is unreachable
            ip("-n", ns, "neigh", "flush", "all")
            mine = nc(ns, _nc_probe(ns, dst, port)[1:])
            ip("-n", ns, "neigh", "flush", "all")
            assert mine == real(ns, *_nc_probe(ns, dst, port)), (dst, port)
        assert lst.connections == 2          # our probe and the real one
    assert not lst.running
    # stopped: the port is closed again
    assert nc(a, ["-zvn", "-w", "1", "10.32.0.2", "8080"])[0] == 1


NC_ARGV = [[], ["-zvn"], ["-zvn", "10.32.0.2"], ["-zvn", "-w", "x", "10.32.0.2", "80"],
           ["-zvn", "10.32.0.2", "99999"], ["-zvn", "10.32.0.2", "0"], ["-zvn", "10.32.0.2", "abc"],
           ["-Q"], ["-zvn", "-w"], ["-l"],
           ["-zvn", "-w", "1", "-s", "10.99.0.9", "10.32.0.2", "80"],       # bind failed
           ["-zvn", "-w", "1", "10.32.0.2", "81-83"]]                         # a range, refused


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
@pytest.mark.parametrize("argv", NC_ARGV, ids=[" ".join(a) for a in NC_ARGV])
def test_nc_arguments_and_failures_as_netcat(topo, argv):
    from netsim.backends.linux_probes import nc
    assert nc(topo["a"], argv) == real(topo["a"], "nc", *argv)


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_listener_keeps_what_it_receives_and_real_nc_reaches_it(topo):
    from netsim.backends.linux_probes import listen_argv
    a, b = topo["a"], topo["b"]
    lst = listen_argv(b, ["-lk", "9000"])
    try:
        assert lst is not None and lst.running
        assert listen_argv(b, ["-lk", "9000"]) is None          # port in use: nc exits
        p = subprocess.run(["ip", "netns", "exec", a, "nc", "-N", "-w", "1", "10.32.0.2", "9000"],
                           input=b"hello kernel\n", capture_output=True, env=ENV, timeout=10)
        assert p.returncode == 0
        deadline = time.monotonic() + 2
        while b"hello kernel\n" not in lst.stdout and time.monotonic() < deadline:
            time.sleep(0.01)
        assert bytes(lst.stdout) == b"hello kernel\n"
    finally:
        lst.stop()
    assert not [t for t in threading.enumerate() if t.name.startswith("nc -l")]


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_nc_sends_its_stdin_to_a_real_listener(topo):
    from netsim.backends.linux_probes import nc
    a, b = topo["a"], topo["b"]
    srv = subprocess.Popen(["ip", "netns", "exec", b, "nc", "-l", "9100"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=ENV)
    try:
        deadline = time.monotonic() + 5        # until the real one listens
        while ":9100 " not in real(b, "ss", "-ltn")[1]:
            assert time.monotonic() < deadline, "the real nc -l did not start"
            time.sleep(0.02)
        assert nc(a, ["-w", "1", "10.32.0.2", "9100"], stdin=b"hello\n") == (0, "", "")
        out, _ = srv.communicate(timeout=5)    # it exits when we close
        assert out == b"hello\n"
    finally:
        if srv.poll() is None:
            srv.kill()
            srv.wait()


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_udp_probe_and_listener(topo):
    from netsim.backends.linux_probes import listen, nc
    a, b = topo["a"], topo["b"]
    with listen(b, 5353, udp_=True) as lst:
        assert nc(a, ["-zvun", "-w", "1", "10.32.0.2", "5353"]) == \
            real(a, *_nc_probe(a, "10.32.0.2", 5353, udp=True))
        assert bytes(lst.stdout).startswith(b"XX")
    with listen(b, 5354, udp_=True) as lst:
        # a datagram sent by our nc and one by the real nc (stdin -> datagram)
        assert nc(a, ["-u", "-w", "1", "10.32.0.2", "5354"], stdin=b"one\n") == (0, "", "")
        p = subprocess.run(["ip", "netns", "exec", a, "nc", "-u", "-w", "1", "10.32.0.2", "5354"],
                           input=b"two\n", capture_output=True, env=ENV, timeout=10)
        assert p.returncode == 0
        deadline = time.monotonic() + 2
        while len(lst.stdout) < 8 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert bytes(lst.stdout) == b"one\ntwo\n"
    # nothing listens: the ICMP port unreachable makes a write fail, silently, rc 1
    assert nc(a, ["-zvun", "-w", "1", "10.32.0.2", "5354"]) == \
        real(a, *_nc_probe(a, "10.32.0.2", 5354, udp=True))


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None or shutil.which("curl") is None,
                    reason=str(REASON or "curl is not installed"))
def test_curl_and_the_http_server(topo):
    from netsim.backends.linux_http import socket_curl
    from netsim.backends.linux_probes import curl, http_server, http_server_argv
    a, b = topo["a"], topo["b"]
    with http_server(b, 8000) as srv:
        assert http_server_argv(b, ["-m", "http.server", "8000"]) is None     # port taken
        rc, out, err = curl(a, ["-sS", "http://10.32.0.2:8000/"])
        assert rc == 0 and err == "" and "<title>Directory listing for /</title>" in out
        assert "<ul>\n</ul>" in out                          # an empty directory is served
        # the socket fallback (no curl program) gets the same bytes as the real curl
        for url in ("http://10.32.0.2:8000/", "http://10.32.0.2:8000/nope"):
            assert socket_curl(a, ["-sS", url]) == real(a, "curl", "-sS", url)
        assert srv.requests == ["GET / HTTP/1.1"] * 3 + ["GET /nope HTTP/1.1"] * 2
        # without -s the real curl's progress meter goes to stderr
        assert "% Total" in curl(a, ["http://10.32.0.2:8000/"])[2]
    assert not srv.running
    for url in ("http://10.32.0.2:8001/", "http://10.31.0.97:80/"):     # refused, timed out
        for argv in (["-sS", "-m", "1", url], ["-s", "-m", "1", url]):
            ip("-n", a, "neigh", "flush", "all")       # each starts with no ARP entry
            rc, out, err = socket_curl(a, argv)
            ip("-n", a, "neigh", "flush", "all")
            t_rc, t_out, t_err = real(a, "curl", *argv)
            assert (rc, out, norm_ms(err)) == (t_rc, t_out, norm_ms(t_err)), argv
    # the old call: a URL and a timeout
    assert curl(a, "http://10.32.0.2:8001/", timeout=1.0)[0] == 7


# ----------------------------------------------------------------------------- sysctl
SYSCTL_CASES = [
    ["net.ipv4.ip_forward"],
    ["net.ipv4.nope"],
    ["-w", "net.ipv4.ip_forward=1"],
    ["net.ipv4.ip_forward=0"],
    ["-w", "net.ipv4.ip_forward=abc"],
    ["-w", "net.ipv4.no_such_key=1"],
    ["-w", "net.ipv4.ip_forward"],
    ["-q", "-w", "net.ipv4.conf.all.rp_filter=1"],
    ["-n", "net.ipv4.ip_forward", "net.ipv4.ping_group_range"],
    ["net/ipv4/conf/all/rp_filter"],
    ["net.ipv4.conf.lo"],
    ["net.ipv4.route.flush"],
    ["-x"],
    [],
    ["-z", "net.ipv4.ip_forward"],
    ["--bogus"],
    ["-e", "net.ipv4.nope", "net.ipv4.ip_forward"],
    ["-e", "-w", "net.ipv4.nope=1"],
    ["-N", "net.ipv4.ip_forward"],
    ["-b", "net.ipv4.ip_forward"],
    ["-n", "-w", "net.ipv4.ip_forward=0"],
    ["-N", "-w", "net.ipv4.ip_forward=1"],
    ["-wq", "net.ipv4.ip_forward"],
]


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
@pytest.mark.parametrize("argv", SYSCTL_CASES, ids=[" ".join(c) for c in SYSCTL_CASES])
def test_sysctl_prints_what_procps_prints(topo, argv):
    from netsim.backends.linux_probes import sysctl
    b = topo["b"]
    before = real(b, "sysctl", "-a")[1]
    mine = sysctl(b, argv)
    after_mine = real(b, "sysctl", "-a")[1]
    theirs = real(b, "sysctl", *argv)
    after_theirs = real(b, "sysctl", "-a")[1]
    assert mine == theirs
    assert _values(after_mine) == _values(after_theirs)     # the same change, if any
    real(b, "sysctl", "-qw", "net.ipv4.ip_forward=0", "net.ipv4.conf.all.rp_filter=0")
    assert before  # sanity: sysctl -a printed something


def _values(text: str) -> list[str]:
    # counters and random seeds move by themselves; the keys this test writes do not
    keep = ("net.ipv4.ip_forward", "net.ipv4.conf.all.rp_filter")
    return [line for line in text.splitlines() if line.startswith(keep)]


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_sysctl_writes_only_its_own_namespace(topo):
    from netsim.backends.linux_probes import sysctl
    a, b = topo["a"], topo["b"]
    try:
        assert sysctl(a, ["-w", "net.ipv4.conf.all.rp_filter=2"])[0] == 0
        assert sysctl(a, ["-n", "net.ipv4.conf.all.rp_filter"]) == (0, "2\n", "")
        assert sysctl(b, ["-n", "net.ipv4.conf.all.rp_filter"]) == (0, "0\n", "")
    finally:
        sysctl(a, ["-qw", "net.ipv4.conf.all.rp_filter=0"])
    # keys outside net.* belong to the whole machine: never written.  (Each write asks for
    # the value the key already has, so a broken guard would still change nothing.)
    for key, path in (("kernel.hostname", "kernel/hostname"), ("vm.swappiness", "vm/swappiness"),
                      ("net/../kernel/hostname", "kernel/hostname")):
        with open(f"/proc/sys/{path}") as f:
            same = f.read().strip()
        rc, out, err = sysctl(a, ["-w", f"{key}={same}"])
        assert (rc, out) == (1, "") and "refusing" in err


# ----------------------------------------------------------------------------- iptables
@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_iptables_runs_the_real_program_in_the_namespace(topo):
    from netsim.backends.linux_probes import iptables
    r, b = topo["r"], topo["b"]
    for argv in (["-S"], ["-L", "-n", "-v", "-x"], ["-t", "nat", "-S"],
                 ["-A", "FORWARD", "-j", "NOPE"], ["-D", "INPUT", "9"], ["-X", "nochain"]):
        assert iptables(r, argv) == real(r, "iptables", *argv), argv
    assert "REJECT" in iptables(r, ["-S", "FORWARD"])[1]
    assert "REJECT" not in iptables(b, ["-S", "FORWARD"])[1]      # another namespace's rules


# ----------------------------------------------------------------------------- capture
@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_capture_sees_arp_and_echo_on_both_veth_ends_and_the_bridge_ports(topo):
    from netsim.backends.linux_probes import capture, ping
    c1, s, c2 = topo["c1"], topo["s"], topo["c2"]
    for ns in (c1, c2):
        ip("-n", ns, "neigh", "flush", "all")
    names = {c1: "c1", s: "s", c2: "c2"}
    with capture(names) as cap:
        res = ping(c1, "10.40.0.2")
    assert res.rc == 0
    t = cap.trace("ping c1 -> c2", result=res)
    assert t.kind == "captured" and t.to_dict()["kind"] == "captured"
    assert "captured on a real kernel" in t.to_text()

    def seen(kind: str) -> set:
        out = set()
        for st in t.steps:
            inner = st.packet.payload if isinstance(st.packet, P.Ether) else None
            if kind == "arp-request" and isinstance(inner, P.ARP) and inner.op == 1:
                out.add((st.ns, st.dev, st.decision.split(":")[0].split(" ")[0]))
            if kind.startswith("echo") and isinstance(inner, P.IPv4) \
                    and isinstance(inner.payload, P.ICMP) \
                    and inner.payload.type == (8 if kind == "echo-request" else 0):
                out.add((st.ns, st.dev, st.decision.split(":")[0].split(" ")[0]))
        return out

    request_path = {("c1", "eth0", "sent"), ("s", "p1", "received"), ("s", "p2", "sent"),
                    ("c2", "eth0", "received")}
    reply_path = {("c2", "eth0", "sent"), ("s", "p2", "received"), ("s", "p1", "sent"),
                  ("c1", "eth0", "received")}
    assert request_path <= seen("arp-request")          # broadcast: flooded out of p2
    assert request_path <= seen("echo-request")
    assert reply_path <= seen("echo-reply")
    # one packet seen in four places is one skb in the trace
    echo = [st for st in t.steps if "echo request" in st.decision]
    assert len({st.skb for st in echo}) == 1
    # frames come in time order, first sent by c1
    assert [st.time for st in t.steps] == sorted(st.time for st in t.steps)


@pytest.mark.kernel
@pytest.mark.skipif(REASON is not None, reason=str(REASON))
def test_nothing_is_left_behind_and_names_are_checked():
    from netsim.backends.linux_netns import NamespaceError, netns_path
    from netsim.backends.linux_probes import capture, listen, ping
    with namespaces("x", "y") as (x, y):
        veth(x, "v0", "10.50.0.1/24", y, "v1", "10.50.0.2/24")
        lst = listen(y, 7000)
        with capture([x, y]) as cap:
            assert ping(x, "10.50.0.2").rc == 0
        lst.stop()
        assert cap.frames and not cap._socks
    assert PREFIX + "x" not in _ours() and PREFIX + "y" not in _ours()
    for bad in ("../x", "a/b", "", ".."):
        with pytest.raises(NamespaceError):
            netns_path(bad)
    with pytest.raises(NamespaceError, match="No such file"):
        ping(PREFIX + "gone", "10.0.0.1")


# ----------------------------------------------------------------------------- pure parts
def test_ping_report_is_the_iputils_text():
    rep = PingReport("10.0.0.2", "10.0.0.2")
    rep.error(1, "10.0.0.1", "Destination Host Unreachable", transmitted=4)
    rep.error(2, "10.0.0.1", "Destination Host Unreachable", transmitted=4)
    res = rep.finish(5, 4002)
    assert res.stdout.splitlines()[-2:] == [
        "5 packets transmitted, 0 received, +2 errors, 100% packet loss, time 4002ms", "pipe 4"]
    assert tuple(res)[0] == 1
    ok = PingReport("10.0.0.2", "10.0.0.2")
    ok.reply(1, 64, 0.000054, "10.0.0.2", transmitted=1)
    ok.reply(2, 64, 0.0123, "10.0.0.2", transmitted=2)
    lines = ok.finish(2, 1001).stdout.splitlines()
    assert lines[1] == "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.054 ms"
    assert lines[2] == "64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=12.3 ms"
    assert lines[-1].startswith("rtt min/avg/max/mdev = 0.054/") and "pipe" not in lines[-1]


def test_ping_options_parse_as_iputils():
    from netsim.backends.linux_probes import parse_ping_argv
    assert parse_ping_argv(["-c", "2", "-W", "1", "-q", "10.0.0.1"]) == \
        ({"count": 2, "timeout": 1.0, "interval": 1.0, "ttl": None, "dst": "10.0.0.1",
          "quiet": True}, "")
    assert parse_ping_argv(["-c", "0", "10.0.0.1"])[0] == 1
    assert parse_ping_argv(["-W", "2x", "10.0.0.1"])[0]["timeout"] == 2.0


def test_decode_reads_frames_and_keeps_what_it_does_not_model():
    eth = P.Ether("02:00:00:00:00:02", "02:00:00:00:00:01") / \
        P.IPv4("10.0.0.1", "10.0.0.2", ttl=64) / P.ICMP(8, 0, 7, 1, P.Raw(b"x" * 56))
    assert linux_capture.decode(eth.to_bytes()) == eth
    v6 = bytes.fromhex("333300000001020000000001") + b"\x86\xdd" + bytes(40)
    got = linux_capture.decode(v6)
    assert isinstance(got, P.Ether) and isinstance(got.payload, P.Raw) and got.type == 0x86DD
    assert isinstance(linux_capture.decode(b"\x01\x02"), P.Raw)


def test_trace_says_which_kind_it_is():
    step = Step(0.0, "a", "eth0", "packet seen", None, "sent: x")
    assert "real kernel" in Trace([step], kind="captured").to_text()
    assert "real kernel" not in Trace([step]).to_text()
    assert Trace([step]).to_dict()["kind"] == "simulated"
    assert "<caption>captured" in Trace([step], kind="captured")._repr_html_()
    assert "<caption>" not in Trace([step])._repr_html_()
