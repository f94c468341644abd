"""Docker's bridge networking from shell commands alone, with the rules Docker (v27) writes:
a container reaches the outside through MASQUERADE, the outside reaches a published port
(DNAT 8080 -> container:80) with ``nc -z`` and with ``curl``, two bridge networks are isolated
by DOCKER-ISOLATION-STAGE-1/2.  Each test reads the trace and checks that it names the rule that
decided, every hook the packet crossed, the conntrack entry and each NAT rewrite."""
import re

import pytest

from netsim import httpd
from netsim.lab import Lab


def run(lab, *lines):
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        r = lab.sh(line)
        assert r.rc in (0, None), f"{line}: {r.stderr}"


def bridge_network(lab, host, br, subnet16, containers):
    """docker network create + docker run: a bridge with .1, one veth per container."""
    run(lab, f"ip -n {host} link add {br} type bridge",
        f"ip -n {host} addr add {subnet16}.0.1/16 dev {br}", f"ip -n {host} link set {br} up")
    for i, c in enumerate(containers, 2):
        v = f"veth{br[-1]}{i}"
        run(lab, f"ip netns add {c}", f"ip -n {host} link add {v} type veth peer name eth0 netns {c}",
            f"ip -n {host} link set {v} master {br}", f"ip -n {host} link set {v} up",
            f"ip -n {c} addr add {subnet16}.0.{i}/16 dev eth0", f"ip -n {c} link set eth0 up",
            f"ip -n {c} route add default via {subnet16}.0.1")


def docker_rules(lab, host, br, subnet):
    """The filter and nat rules Docker 27 writes for one bridge network (setup_ip_tables_linux.go)."""
    ipt = f"ip netns exec {host} iptables"
    run(lab, f"{ipt} -A DOCKER-ISOLATION-STAGE-1 -i {br} ! -o {br} -j DOCKER-ISOLATION-STAGE-2",
        f"{ipt} -A DOCKER-ISOLATION-STAGE-2 -o {br} -j DROP",
        f"{ipt} -A FORWARD -o {br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        f"{ipt} -A FORWARD -o {br} -j DOCKER",
        f"{ipt} -A FORWARD -i {br} ! -o {br} -j ACCEPT",
        f"{ipt} -A FORWARD -i {br} -o {br} -j ACCEPT",
        f"{ipt} -t nat -I DOCKER -i {br} -j RETURN",
        f"{ipt} -t nat -A POSTROUTING -s {subnet} ! -o {br} -j MASQUERADE")


@pytest.fixture
def docker_host():
    """host: docker0 172.17.0.0/16 with web (172.17.0.2) and app (172.17.0.3); eth0 to outside
    (198.51.100.0/24); Docker's chains, FORWARD policy DROP, bridge-nf-call-iptables=1."""
    lab = Lab(seed=3)
    run(lab, "ip netns add host", "ip netns add outside",
        "ip -n host link add eth0 type veth peer name eth0 netns outside",
        "ip -n host addr add 198.51.100.2/24 dev eth0", "ip -n host link set eth0 up",
        "ip -n outside addr add 198.51.100.1/24 dev eth0", "ip -n outside link set eth0 up",
        "ip netns exec host sysctl -w net.ipv4.ip_forward=1")
    bridge_network(lab, "host", "docker0", "172.17", ["web", "app"])
    ipt = "ip netns exec host iptables"
    run(lab, f"{ipt} -P FORWARD DROP", f"{ipt} -N DOCKER", f"{ipt} -N DOCKER-USER",
        f"{ipt} -N DOCKER-ISOLATION-STAGE-1", f"{ipt} -N DOCKER-ISOLATION-STAGE-2",
        f"{ipt} -A FORWARD -j DOCKER-USER", f"{ipt} -A FORWARD -j DOCKER-ISOLATION-STAGE-1",
        f"{ipt} -A DOCKER-USER -j RETURN",
        f"{ipt} -t nat -N DOCKER",
        f"{ipt} -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
        f"{ipt} -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER")
    docker_rules(lab, "host", "docker0", "172.17.0.0/16")
    run(lab, f"{ipt} -A DOCKER-ISOLATION-STAGE-1 -j RETURN", f"{ipt} -A DOCKER-ISOLATION-STAGE-2 -j RETURN")
    assert lab.sh("ip netns exec host sysctl net.bridge.bridge-nf-call-iptables").stdout == \
        "net.bridge.bridge-nf-call-iptables = 1\n"
    return lab


def publish(lab, port=8080, to="172.17.0.2:80"):
    """docker run -p 8080:80: the DNAT in nat DOCKER and the ACCEPT in filter DOCKER."""
    addr, cport = to.split(":")
    run(lab, f"ip netns exec host iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport {port} "
             f"-j DNAT --to-destination {to}",
        f"ip netns exec host iptables -A DOCKER -d {addr}/32 ! -i docker0 -o docker0 -p tcp -m tcp "
        f"--dport {cport} -j ACCEPT")


def steps(trace, func, ns="host"):
    return [s for s in trace.steps if s.func == func and s.ns == ns]


def test_container_reaches_outside_through_masquerade(docker_host):
    lab = docker_host
    t = lab.trace("ip netns exec web ping -c 1 -W 1 198.51.100.1")
    assert t.result.rc == 0 and "1 received" in t.result.stdout
    # the nat POSTROUTING traversal names the MASQUERADE rule that matched, with its counter
    nat = [s for s in steps(t, "ipt_do_table") if s.decision.startswith("nat POSTROUTING")]
    assert nat[0].decision == "nat POSTROUTING: MASQUERADE (rule 1 of POSTROUTING)"
    assert "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE: match (1 pkts, 84 bytes)" \
        in nat[0].details
    setup, = steps(t, "nf_nat_setup_info")
    assert setup.decision == "MASQUERADE: source becomes 198.51.100.2"
    # the request leaves rewritten, the reply comes back un-NATed (before -> after)
    rewrites = [s.decision for s in steps(t, "nf_nat_ipv4_fn")]
    assert any("172.17.0.2 > 198.51.100.1" in r.split("->")[0] and "198.51.100.2 > 198.51.100.1"
               in r.split("->")[1] for r in rewrites)
    assert any("198.51.100.1 > 198.51.100.2" in r.split("->")[0] and "198.51.100.1 > 172.17.0.2"
               in r.split("->")[1] for r in rewrites)
    # FORWARD decided by Docker's rules: out of docker0 by "-i docker0 ! -o docker0 -j ACCEPT",
    # the reply by the conntrack rule
    fwd = [s for s in steps(t, "ipt_do_table") if s.decision.startswith("filter FORWARD")]
    assert fwd[0].decision == "filter FORWARD: ACCEPT (rule 5 of FORWARD)"
    assert "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT: match (1 pkts, 84 bytes)" in fwd[0].details
    assert fwd[1].decision == "filter FORWARD: ACCEPT (rule 3 of FORWARD)"
    # every hook the request crossed on the host, in order (br_netfilter's PREROUTING at docker0)
    hooks = [s.decision.split()[0] for s in steps(t, "nf_hook")]
    assert hooks[:3] == ["NF_INET_PRE_ROUTING", "NF_INET_FORWARD", "NF_INET_POST_ROUTING"]
    # the conntrack entry: created, confirmed, found for the reply
    assert steps(t, "nf_conntrack_in")[0].decision.startswith("new conntrack entry")
    assert any("ESTABLISHED (reply direction)" in s.decision for s in steps(t, "nf_conntrack_in"))
    out = lab.sh("ip netns exec host conntrack -L")
    assert re.fullmatch(r"icmp     1 29 src=172\.17\.0\.2 dst=198\.51\.100\.1 type=8 code=0 id=(\d+) "
                        r"src=198\.51\.100\.1 dst=198\.51\.100\.2 type=0 code=0 id=\d+ mark=0 use=1\n",
                        out.stdout), out.stdout
    assert out.stderr == "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n"
    # the outside saw only the host's address
    assert {str(s.packet.src) for s in steps(t, "ip_rcv", "outside")} == {"198.51.100.2"}


def test_published_port_nc_and_curl(docker_host):
    lab = docker_host
    assert lab.sh("ip netns exec outside nc -zvn -w 1 198.51.100.2 8080").rc == 1   # not yet
    run(lab, "ip netns exec web python3 -m http.server 80 &")
    publish(lab)
    t = lab.trace("ip netns exec outside nc -zvn -w 1 198.51.100.2 8080")
    assert (t.result.rc, t.result.stderr) == (
        0, "Connection to 198.51.100.2 8080 port [tcp/*] succeeded!\n")
    dnat = [s for s in steps(t, "ipt_do_table") if s.decision.startswith("nat PREROUTING")]
    assert dnat[0].decision == "nat PREROUTING: DNAT (rule 2 of DOCKER)"
    assert ("-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination "
            "172.17.0.2:80: match (1 pkts, 60 bytes)") in dnat[0].details
    setup, = steps(t, "nf_nat_setup_info")
    assert setup.decision == "DNAT: destination becomes 172.17.0.2:80"
    fwd = [s for s in steps(t, "ipt_do_table") if s.decision.startswith("filter FORWARD")]
    assert fwd[0].decision == "filter FORWARD: ACCEPT (rule 1 of DOCKER)"
    assert any(d.startswith("-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp "
                            "--dport 80 -j ACCEPT: match") for d in fwd[0].details)
    # the SYN-ACK is un-DNATed on its way out: the client talks to 198.51.100.2:8080 only
    assert {(str(s.packet.src), s.packet.payload.sport) for s in steps(t, "ip_rcv", "outside")} \
        == {("198.51.100.2", 8080)}
    # curl gets the page through the same rules
    r = lab.sh("ip netns exec outside curl -s http://198.51.100.2:8080/")
    assert (r.rc, r.stdout, r.stderr) == (0, httpd.LISTING.decode(), "")
    r = lab.sh("ip netns exec outside curl -sS http://198.51.100.2:8081/")
    assert (r.rc, r.stderr) == (7, "curl: (7) Failed to connect to 198.51.100.2 port 8081 after 0 ms: "
                                   "Couldn't connect to server\n")
    # an unpublished container port is not reachable: FORWARD's DROP policy decides
    run(lab, "ip -n outside route add 172.17.0.0/16 via 198.51.100.2")
    t = lab.trace("ip netns exec outside nc -zvn -w 1 172.17.0.3 80")
    assert t.result.rc == 1 and "timed out" in t.result.stderr
    drop = [d for d in t.drops if d.ns == "host"][0]
    assert drop.reason.name == "NETFILTER_DROP"
    assert [s.decision for s in steps(t, "nf_hook_slow")][0] == \
        "DROP NETFILTER_DROP: filter FORWARD: -P FORWARD DROP"
    last = [s for s in steps(t, "ipt_do_table") if s.decision.startswith("filter FORWARD")][0]
    assert last.decision == "filter FORWARD: DROP (policy of FORWARD)"
    assert "-P FORWARD DROP: match (1 pkts, 60 bytes)" in last.details


def test_two_bridge_networks_are_isolated(docker_host):
    lab = docker_host
    bridge_network(lab, "host", "br-a", "172.18", ["a1"])
    docker_rules(lab, "host", "br-a", "172.18.0.0/16")
    # STAGE-1/2's RETURN must stay last, as Docker inserts its rules before it
    run(lab, "ip netns exec host iptables -D DOCKER-ISOLATION-STAGE-1 -j RETURN",
        "ip netns exec host iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN",
        "ip netns exec host iptables -D DOCKER-ISOLATION-STAGE-2 -j RETURN",
        "ip netns exec host iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN")
    t = lab.trace("ip netns exec a1 ping -c 1 -W 1 172.17.0.2")
    assert t.result.rc == 1 and "0 received" in t.result.stdout
    drop = [d for d in t.drops if d.ns == "host"][0]
    assert (drop.reason.name, drop.where) == ("NETFILTER_DROP", "nf_hook_slow")
    # the drop step names the rule that decided
    said = [s.decision for s in steps(t, "nf_hook_slow")]
    assert said == ["DROP NETFILTER_DROP: filter FORWARD: "
                    "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP"]
    fwd = [s for s in steps(t, "ipt_do_table") if s.decision.startswith("filter FORWARD")][0]
    assert fwd.decision == "filter FORWARD: DROP (rule 1 of DOCKER-ISOLATION-STAGE-2)"
    assert "-A DOCKER-ISOLATION-STAGE-1 -i br-a ! -o br-a -j DOCKER-ISOLATION-STAGE-2: match " \
           "(1 pkts, 84 bytes)" in fwd.details
    assert "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP: match (1 pkts, 84 bytes)" in fwd.details
    # the other direction, and the gateway and the outside still work
    assert lab.sh("ip netns exec web ping -c 1 -W 1 172.18.0.2").rc == 1
    assert lab.sh("ip netns exec a1 ping -c 1 -W 1 172.18.0.1").rc == 0
    assert lab.sh("ip netns exec a1 ping -c 1 -W 1 198.51.100.1").rc == 0
    counters = lab.sh("ip netns exec host iptables -L DOCKER-ISOLATION-STAGE-2 -n -v -x").stdout
    assert "       1       84 DROP       0    --  *      docker0  0.0.0.0/0            0.0.0.0/0" \
        in counters
    assert "       1       84 DROP       0    --  *      br-a    0.0.0.0/0            0.0.0.0/0" \
        in counters


def test_direct_routing_to_a_container_is_dropped_in_raw(docker_host):
    """Docker 28's raw rule: a packet for the container's address that did not come in through
    docker0 is dropped before conntrack; a published port still works (DNAT happens later, in
    nat PREROUTING, so raw saw the host's address)."""
    lab = docker_host
    run(lab, "ip netns exec web nc -lk 80 &", "ip -n outside route add 172.17.0.0/16 via 198.51.100.2",
        "ip netns exec host iptables -t raw -A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP",
        "ip netns exec host iptables -P FORWARD ACCEPT")
    t = lab.trace("ip netns exec outside nc -zvn -w 1 172.17.0.2 80")
    assert t.result.rc == 1
    raw = [s for s in steps(t, "ipt_do_table") if s.decision.startswith("raw PREROUTING")][0]
    assert raw.decision == "raw PREROUTING: DROP (rule 1 of PREROUTING)"
    assert not any(s.func == "nf_conntrack_in" for s in steps(t, "nf_conntrack_in"))
    assert [s.decision for s in steps(t, "nf_hook_slow")][0] == \
        "DROP NETFILTER_DROP: raw PREROUTING: -A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP"
    publish(lab)
    assert lab.sh("ip netns exec outside nc -zvn -w 1 198.51.100.2 8080").rc == 0
