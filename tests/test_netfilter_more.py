"""br_netfilter's DNAT re-routing and per-port copies, conntrack's TCP states and timeouts, LOG
and dmesg, the conntrack and curl programs: driven by shell command lines on a Lab.  Texts of
conntrack-tools 1.4.7 and curl 7.88.1 were checked against the real programs in namespaces."""
import re


from netsim import httpd
from netsim.lab import Lab


def run(lab, text):
    for line in text.strip().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            r = lab.sh(line)
            assert r.rc in (0, None), f"{line}: {r.stderr}"


BRIDGED_HOST = """
ip netns add h
ip netns add c1
ip netns add c2
ip netns add out
ip -n h link add br0 type bridge
ip -n h addr add 10.9.0.1/24 dev br0
ip -n h link set br0 up
ip -n h link add p1 type veth peer name eth0 netns c1
ip -n h link add p2 type veth peer name eth0 netns c2
ip -n h link set p1 master br0
ip -n h link set p2 master br0
ip -n h link set p1 up
ip -n h link set p2 up
ip -n c1 addr add 10.9.0.2/24 dev eth0
ip -n c2 addr add 10.9.0.3/24 dev eth0
ip -n c1 link set eth0 up
ip -n c2 link set eth0 up
ip -n c1 route add default via 10.9.0.1
ip -n c2 route add default via 10.9.0.1
ip -n h link add eth1 type veth peer name eth0 netns out
ip -n h addr add 10.8.0.1/24 dev eth1
ip -n h link set eth1 up
ip -n out addr add 10.8.0.2/24 dev eth0
ip -n out link set eth0 up
ip -n out route add default via 10.8.0.1
ip netns exec h sysctl -w net.ipv4.ip_forward=1
ip netns exec c2 nc -lk 80 &
ip netns exec out nc -lk 22 &
"""


def funcs(trace, ns="h"):
    return [(s.func, s.decision) for s in trace.steps if s.ns == ns]


def test_bridged_dnat_stays_on_the_bridge_and_resolves_the_mac():
    lab = Lab(seed=7)
    run(lab, BRIDGED_HOST + """
        ip netns exec h iptables -t nat -A PREROUTING -d 10.9.0.50 -p tcp -j DNAT --to-destination 10.9.0.3
        ip -n c1 route add 10.9.0.50/32 via 10.9.0.1
    """)
    t = lab.trace("ip netns exec c1 nc -zvn -w 1 10.9.0.50 80")
    assert (t.result.rc, t.result.stderr) == (0, "Connection to 10.9.0.50 80 port [tcp/*] succeeded!\n")
    steps = funcs(t)
    # the host had no MAC for 10.9.0.3: br_netfilter resolves it from br0, then bridges on
    assert ("br_nf_pre_routing_finish_bridge",
            "DNAT to 10.9.0.3 stays on br0: resolve its MAC first") in steps
    assert any(f == "br_nf_pre_routing_finish_bridge_slow" for f, _ in steps)
    # bridged, not routed: FORWARD with -i br0 -o br0, no ip_forward step
    assert not any(f == "ip_forward" for f, _ in steps)
    assert any(f == "nf_hook" and d == "NF_INET_FORWARD (in=br0 out=br0)" for f, d in steps)
    # the second time the neighbour is known: the destination MAC is rewritten at once
    t = lab.trace("ip netns exec c1 nc -zvn -w 1 10.9.0.50 80")
    assert t.result.rc == 0
    c2mac = lab.sh("ip -n c2 -j link show eth0").stdout.split('"address":"')[1][:17]
    assert any(f == "br_nf_pre_routing_finish_bridge" and d.endswith(f"-> {c2mac}")
               for f, d in funcs(t))


def test_dnat_of_a_bridged_frame_off_the_bridge_goes_to_the_ip_layer():
    lab = Lab(seed=8)
    run(lab, BRIDGED_HOST + """
        ip netns exec h iptables -t nat -A PREROUTING -d 10.9.0.60 -p tcp -j DNAT --to-destination 10.8.0.2:22
        ip -n c1 route add 10.9.0.60/32 via 10.9.0.1
    """)
    t = lab.trace("ip netns exec c1 nc -zvn -w 1 10.9.0.60 5000")
    assert (t.result.rc, t.result.stderr) == (0, "Connection to 10.9.0.60 5000 port [tcp/*] succeeded!\n")
    steps = funcs(t)
    assert ("br_nf_pre_routing_finish", "DNAT to 10.8.0.2: routed via eth1, not through br0: "
            "the frame goes up to br0's IP layer") in steps
    # up the stack without a second PREROUTING, then routed out of eth1
    assert any(f == "ip_sabotage_in" for f, _ in steps)
    assert any(f == "nf_hook" and d == "NF_INET_FORWARD (in=br0 out=eth1)" for f, d in steps)
    # without ip_forward the bridged-then-routed packet is dropped (ip_route_input fails)
    run(lab, "ip netns exec h sysctl -w net.ipv4.ip_forward=0")
    t = lab.trace("ip netns exec c1 nc -zvn -w 1 10.9.0.60 5000")
    assert t.result.rc == 1
    assert any(d.where == "br_nf_pre_routing_finish" for d in t.drops)


def test_flooded_copies_are_independent():
    """A frame flooded to two ports: each copy crosses FORWARD/POSTROUTING as its own skb, so the
    SNAT of the first copy is not what the second copy's FORWARD rules see."""
    lab = Lab(seed=9)
    run(lab, BRIDGED_HOST + """
        ip netns add c3
        ip -n h link add p3 type veth peer name eth0 netns c3
        ip -n h link set p3 master br0
        ip -n h link set p3 up
        ip -n c3 addr add 10.9.0.4/24 dev eth0
        ip -n c3 link set eth0 up
        ip -n c1 neigh add 10.9.0.77 lladdr 02:00:00:00:00:77 dev eth0
        ip netns exec h iptables -A FORWARD -s 10.9.0.2 -j ACCEPT
        ip netns exec h iptables -t nat -A POSTROUTING -o br0 -s 10.9.0.2 -j SNAT --to-source 10.9.0.99
    """)
    t = lab.trace("ip netns exec c1 ping -c 1 -W 1 10.9.0.77")
    fwd = lab.sh("ip netns exec h iptables -L FORWARD -n -v -x").stdout
    assert "       2      168 ACCEPT     0    --  *      *       10.9.0.2 " in fwd   # both copies
    seen = {(s.ns, str(s.packet.payload.src)) for s in t.steps
            if s.func == "netif_receive_skb" and s.ns in ("c2", "c3")}
    assert seen == {("c2", "10.9.0.99"), ("c3", "10.9.0.99")}
    copies = [s for s in t.steps if s.ns == "h" and s.func == "nf_nat_ipv4_fn"]
    assert len(copies) == 2 and all("10.9.0.2 > 10.9.0.77" in s.details[0] for s in copies)


def test_conntrack_tcp_states_and_timeouts_on_the_clock():
    lab = Lab(seed=10)
    run(lab, BRIDGED_HOST + """
        ip netns exec h iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE
    """)
    # a full connection: SYN_SENT, SYN_RECV, ESTABLISHED [ASSURED], FIN_WAIT, LAST_ACK, TIME_WAIT
    t = lab.trace("ip netns exec c1 nc -zvn -w 1 10.8.0.2 22")
    states = [re.search(r"tcp (\w+) ", s.decision).group(1) for s in t.steps
              if s.ns == "h" and s.func == "nf_conntrack_in" and " tcp " in f" {s.decision}"]
    assert states == ["SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "LAST_ACK", "TIME_WAIT"]
    out = lab.sh("ip netns exec h conntrack -L -p tcp")
    assert re.fullmatch(r"tcp      6 119 TIME_WAIT src=10\.9\.0\.2 dst=10\.8\.0\.2 sport=(\d+) dport=22 "
                        r"src=10\.8\.0\.2 dst=10\.8\.0\.1 sport=22 dport=\1 \[ASSURED\] mark=0 use=1\n",
                        out.stdout), out.stdout
    # a SYN nobody answers: SYN_SENT [UNREPLIED], 120 s, counting down on the simulated clock
    run(lab, "ip netns exec out iptables -A INPUT -p tcp --dport 23 -j DROP")
    lab.sh("ip netns exec c1 nc -zvn -w 1 10.8.0.2 23")
    out = lab.sh("ip netns exec h conntrack -L -p tcp --dport 23").stdout
    assert re.fullmatch(r"tcp      6 11\d SYN_SENT src=10\.9\.0\.2 dst=10\.8\.0\.2 sport=\d+ dport=23 "
                        r"\[UNREPLIED\] src=10\.8\.0\.2 dst=10\.8\.0\.1 sport=23 dport=\d+ mark=0 use=1\n",
                        out), out
    lab.sh("sleep 10")
    assert " 10" in lab.sh("ip netns exec h conntrack -L -p tcp --dport 23").stdout.split("SYN_SENT")[0]
    assert lab.sh("ip netns exec h conntrack -C").stdout == "2\n"
    lab.kernel.clock.advance(130)
    assert lab.sh("ip netns exec h conntrack -C").stdout == "0\n"
    # refused: the only reply is a RST, the entry goes at once
    lab.sh("ip netns exec c1 nc -zvn -w 1 10.8.0.2 24")
    assert lab.sh("ip netns exec h conntrack -L").stdout == ""


def test_conntrack_program_filters_and_errors():
    lab = Lab(seed=11)
    run(lab, BRIDGED_HOST + "ip netns exec h iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE")
    lab.sh("ip netns exec c1 ping -c 1 -W 1 10.8.0.2")
    lab.sh("ip netns exec c2 nc -zvn -w 1 10.8.0.2 22")
    r = lab.sh("ip netns exec h conntrack -L -p icmp")
    assert r.stderr == "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n"
    assert r.stdout.startswith("icmp     1 29 src=10.9.0.2 dst=10.8.0.2 type=8 code=0 id=")
    assert lab.sh("ip netns exec h conntrack -L -s 10.9.0.3").stdout.startswith("tcp      6 ")
    assert lab.sh("ip netns exec h conntrack -L -d 10.8.0.1").stdout == ""
    assert lab.sh("ip netns exec h conntrack -L -o extended").stdout.startswith("ipv4     2 ")
    r = lab.sh("ip netns exec h conntrack -L -p foo")
    assert (r.rc, r.stderr) == (2, "conntrack v1.4.7 (conntrack-tools): `foo' unsupported protocol\n"
                                   "Try `conntrack -h' or 'conntrack --help' for more information.\n")
    r = lab.sh("ip netns exec h conntrack -X")
    assert (r.rc, r.stderr.splitlines()[0]) == (2, "conntrack v1.4.7 (conntrack-tools): unknown "
                                                   "option `-X'")
    r = lab.sh("ip netns exec h conntrack -D -p icmp")
    assert r.stderr == "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been deleted.\n"
    r = lab.sh("ip netns exec h conntrack -F")
    assert r.stderr == "conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\n"
    assert lab.sh("ip netns exec h conntrack -C").stdout == "0\n"


def test_log_target_writes_to_the_namespace_dmesg_and_the_trace():
    lab = Lab(seed=12)
    run(lab, BRIDGED_HOST + """
        ip netns exec h iptables -A INPUT -p icmp -j LOG --log-prefix "PING-IN: "
        ip netns exec h iptables -t mangle -A PREROUTING -p icmp -j MARK --set-mark 0x2a
        ip netns exec c2 iptables -A INPUT -p tcp --dport 80 -j LOG --log-prefix "WEB " --log-tcp-sequence
    """)
    t = lab.trace("ip netns exec c1 ping -c 1 -W 1 10.9.0.1")
    assert t.result.rc == 0
    line, = lab.sh("ip netns exec h dmesg").stdout.splitlines()
    c1mac = lab.sh("ip -n c1 -j link show eth0").stdout.split('"address":"')[1][:17]
    brmac = lab.sh("ip -n h -j link show br0").stdout.split('"address":"')[1][:17]
    assert re.fullmatch(
        rf"\[ +\d+\.\d{{6}}\] PING-IN: IN=br0 OUT= PHYSIN=p1 MAC={brmac}:{c1mac}:08:00 "
        r"SRC=10\.9\.0\.2 DST=10\.9\.0\.1 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=\d+ DF PROTO=ICMP "
        r"TYPE=8 CODE=0 ID=\d+ SEQ=1 MARK=0x2a ", line), line
    assert any(s.func == "nf_log_packet" and s.decision.startswith("LOG: PING-IN: IN=br0")
               for s in t.steps)
    lab.sh("ip netns exec c1 nc -zvn -w 1 10.9.0.3 80")
    syn = lab.sh("ip netns exec c2 dmesg").stdout.splitlines()[0]
    assert re.search(r"WEB IN=eth0 OUT= MAC=\S+ SRC=10\.9\.0\.2 DST=10\.9\.0\.3 LEN=60 .* PROTO=TCP "
                     r"SPT=\d+ DPT=80 SEQ=\d+ ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 $", syn), syn
    assert lab.sh("ip netns exec c1 dmesg").stdout == ""      # each namespace has its own ring


def test_curl_progress_meter_and_errors_as_curl_prints_them():
    lab = Lab(seed=13)
    run(lab, BRIDGED_HOST + "ip netns exec c2 python3 -m http.server 8000 &")
    r = lab.sh("ip netns exec c1 curl http://10.9.0.3:8000/")
    assert r.rc == 0 and r.stdout == httpd.LISTING.decode()
    head1, head2, meter = r.stderr.split("\n")[:3]
    assert head1 == "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current"
    assert head2 == "                                 Dload  Upload   Total   Spent    Left  Speed"
    first, final = meter.split("\r")[1:]
    assert first == "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"
    assert re.fullmatch(r"100   187  100   187    0     0  [ \d]{4}[\dkM]      0 --:--:-- --:--:-- "
                        r"--:--:-- [ \d]{4}[\dkM]", final), final
    r = lab.sh("ip netns exec c1 curl -si http://10.9.0.3:8000/missing")
    assert r.stdout.startswith("HTTP/1.0 404 File not found\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\n")
    assert r.stdout.endswith(httpd.NOT_FOUND.decode())
    r = lab.sh("ip netns exec c1 curl -sSf http://10.9.0.3:8000/missing")
    assert (r.rc, r.stdout, r.stderr) == (22, "", "curl: (22) The requested URL returned error: 404\n")
    # nc as a server never answers: curl's -m decides, with the meter ticking each second
    r = lab.sh("ip netns exec c1 curl -m 2 http://10.9.0.3:80/")
    assert r.rc == 28
    assert r.stderr.endswith("\ncurl: (28) Operation timed out after 2001 milliseconds with 0 bytes "
                             "received\n") or r.stderr.endswith("after 2000 milliseconds with 0 bytes "
                                                                "received\n")
    assert " 0:00:01 " in r.stderr and " 0:00:02 " in r.stderr
    r = lab.sh("ip netns exec c1 curl -sS --connect-timeout 1 http://10.9.0.33/")
    assert (r.rc, r.stderr) == (28, "curl: (28) Failed to connect to 10.9.0.33 port 80 after 1000 ms: "
                                    "Timeout was reached\n")
    for argv, rc, err in (
            ("", 2, "curl: try 'curl --help' or 'curl --manual' for more information\n"),
            ("--bogus http://x/", 2, "curl: option --bogus: is unknown\n"
                                     "curl: try 'curl --help' or 'curl --manual' for more information\n"),
            ("-m x http://x/", 2, "curl: option -m: expected a proper numerical parameter\n"
                                  "curl: try 'curl --help' or 'curl --manual' for more information\n"),
            ("-sS http://nohost/", 6, "curl: (6) Could not resolve host: nohost\n"),
            ("-sS ftp2://x/", 1, 'curl: (1) Protocol "ftp2" not supported or disabled in libcurl\n'),
            ("-sS http://10.9.0.3:99999/", 3, "curl: (3) URL using bad/illegal format or missing URL\n")):
        r = lab.sh(f"ip netns exec c1 curl {argv}".rstrip())
        assert (r.rc, r.stdout, r.stderr) == (rc, "", err), argv


def test_tcp_flags_match_only_the_opening_segment():
    """``-p tcp --syn -j DROP`` on the server stops new connections: the SYN matches
    (FIN,SYN,RST,ACK/SYN), a SYN-ACK or an ACK would not."""
    lab = Lab(seed=14)
    run(lab, BRIDGED_HOST + "ip netns exec c2 iptables -A INPUT -p tcp --syn -j DROP")
    r = lab.sh("ip netns exec c1 nc -zvn -w 1 10.9.0.3 80")
    assert (r.rc, r.stderr) == (1, "nc: connect to 10.9.0.3 port 80 (tcp) timed out: "
                                   "Operation now in progress\n")
    assert lab.sh("ip netns exec c2 iptables -S INPUT").stdout.splitlines()[1] == \
        "-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP"
    # the server's own outgoing connection: its SYN leaves, the SYN-ACK coming back is not --syn
    run(lab, "ip netns exec c1 nc -lk 81 &")
    assert lab.sh("ip netns exec c2 nc -zvn -w 1 10.9.0.2 81").rc == 0
    assert "    1    60 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0   " \
           "         tcp flags:0x17/0x02" in lab.sh("ip netns exec c2 iptables -L INPUT -n -v").stdout


def test_output_drop_fails_a_udp_send_with_eperm():
    """NF_DROP in OUTPUT makes sendmsg fail (EPERM): ``nc -zu`` gives up after its first write,
    so the rule counts one datagram (as on Linux 6.18 with netcat-openbsd)."""
    lab = Lab(seed=15)
    run(lab, BRIDGED_HOST + """
        ip netns exec c2 nc -lu 53 &
        ip netns exec c1 iptables -A OUTPUT -p udp -j DROP
    """)
    r = lab.sh("ip netns exec c1 nc -zvnu -w 1 10.9.0.3 53")
    assert (r.rc, r.stdout, r.stderr) == (1, "", "")
    assert "       1       29 DROP       17   --  *      *       0.0.0.0/0" in \
        lab.sh("ip netns exec c1 iptables -L OUTPUT -v -n -x").stdout
