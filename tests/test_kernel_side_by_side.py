"""Facts whose truth could be in doubt, checked on this machine's kernel and in the simulator
side by side.

Each case is a small scenario in the conformance vocabulary (FORMAT.md) whose namespaces are
all named ``hd-...``.  The real kernel runs it through the corpus's own ``record.py`` (which
creates the namespaces, serialises with other users, waits for linkwatch and deletes the
namespaces afterwards); the simulator runs it with ``python -m netsim run --jsonl``; the corpus's
``compare.py`` then compares every output line (MAC addresses named after their owners).
Skipped, with the reason, where there is no root or no corpus.
"""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "conformance")
if not os.path.isdir(CORPUS):
    CORPUS = "/work/shared/conformance"


def _reason():
    if sys.platform != "linux":
        return "needs Linux"
    if os.geteuid() != 0:
        return "needs root (creates network namespaces)"
    if not os.path.exists(os.path.join(CORPUS, "record.py")):
        return "conformance corpus (record.py, compare.py) not found"
    missing = [t for t in ("ip", "ping", "bridge") if shutil.which(t) is None]
    return "missing programs: " + ", ".join(missing) if missing else None


pytestmark = [pytest.mark.kernel, pytest.mark.skipif(_reason() is not None, reason=str(_reason()))]

CASES = {
    # a new namespace: only lo, DOWN; up, it is UNKNOWN with 127.0.0.1/8 and its local routes
    "netns_lo": """
ip netns add hd-k1
ip -n hd-k1 link show
ip -n hd-k1 -j addr show
ip -n hd-k1 link set lo up
ip -n hd-k1 link show
ip -n hd-k1 route show table local
""",
    # veth carrier follows the peer (same namespace: LOWERLAYERDOWN, M-DOWN); deleting either end
    # deletes both; moving an end drops its addresses and its routes
    "veth_life": """
ip netns add hd-k2a
ip netns add hd-k2b
ip -n hd-k2a link add v0 type veth peer name v1
ip -n hd-k2a link set v0 up
ip -n hd-k2a link show
ip -n hd-k2a link set v1 up
ip -n hd-k2a link show
ip -n hd-k2a link set v0 down
ip -n hd-k2a -j link show
ip -n hd-k2a addr add 10.7.0.1/24 dev v1
ip -n hd-k2a route show table local
ip -n hd-k2a link set v1 netns hd-k2b
ip -n hd-k2b -j addr show
ip -n hd-k2a route show table local
ip -n hd-k2a route show
ip -n hd-k2b link del v1
ip -n hd-k2a link show
ip -n hd-k2a link add w0 type veth peer name w1 netns hd-k2b
ip -n hd-k2a link del w0
ip -n hd-k2b link show
""",
    # primary/secondary addresses and the kernel's routes for them; promote_secondaries
    # (set on the device only: conf/all OR conf/DEV counts)
    "addresses": """
ip netns add hd-k3
ip -n hd-k3 link add v0 type veth peer name v1
ip -n hd-k3 addr add 10.1.2.3/24 dev v0
ip -n hd-k3 route show table local
ip -n hd-k3 link set v0 up
ip -n hd-k3 link set v1 up
ip -n hd-k3 addr add 10.1.2.4/24 dev v0
ip -n hd-k3 addr add 10.9.0.1/16 dev v0
ip -n hd-k3 -j addr show dev v0
ip -n hd-k3 route show
ip -n hd-k3 route show table local
ip -n hd-k3 addr del 10.1.2.4/24 dev v0
ip -n hd-k3 route show table local
ip -n hd-k3 addr add 10.1.2.4/24 dev v0
ip -n hd-k3 addr del 10.1.2.3/24 dev v0
ip -n hd-k3 -j addr show dev v0
ip -n hd-k3 route show
ip -n hd-k3 route show table local
ip -n hd-k3 link set v0 down
ip -n hd-k3 route show table local
ip netns exec hd-k3 sysctl -w net.ipv4.conf.v1.promote_secondaries=1
ip -n hd-k3 addr add 10.3.0.1/24 dev v1
ip -n hd-k3 addr add 10.3.0.2/24 dev v1
ip -n hd-k3 addr add 10.3.0.3/24 dev v1
ip -n hd-k3 addr add 10.4.0.1/24 dev v1
ip -n hd-k3 route add 10.99.0.0/16 dev v1 src 10.3.0.1
ip -n hd-k3 addr del 10.3.0.1/24 dev v1
ip -n hd-k3 -j addr show dev v1
ip -n hd-k3 route show
ip -n hd-k3 route show table local
""",
    # rules, numbered tables, route types and attributes, LPM then metric, preferred source,
    # route get with from and iif
    "routing": """
ip netns add hd-k4
ip -n hd-k4 link add v0 type veth peer name v1
ip -n hd-k4 link set v0 up
ip -n hd-k4 link set v1 up
ip -n hd-k4 addr add 10.1.0.1/24 dev v0
ip -n hd-k4 addr add 10.1.0.9/24 dev v0
ip -n hd-k4 addr add 10.2.0.1/24 dev v1
ip -n hd-k4 rule show
ip -n hd-k4 route add default via 10.1.0.2
ip -n hd-k4 route add default via 10.2.0.2 table 100
ip -n hd-k4 rule add from 10.2.0.1 lookup 100
ip -n hd-k4 rule show
ip -n hd-k4 route get 198.51.100.1
ip -n hd-k4 route get 198.51.100.1 from 10.2.0.1
ip -n hd-k4 route show table 100
ip -n hd-k4 route add 10.50.0.0/16 via 10.1.0.2
ip -n hd-k4 route add 10.50.1.0/24 via 10.2.0.2
ip -n hd-k4 route add 10.60.0.0/16 via 10.1.0.2 metric 20
ip -n hd-k4 route add 10.60.0.0/16 via 10.2.0.2 metric 10
ip -n hd-k4 route get 10.50.1.9
ip -n hd-k4 route get 10.50.2.9
ip -n hd-k4 route get 10.60.0.1
ip -n hd-k4 route add 172.30.0.0/16 via 10.1.0.2 dev v0 metric 5 proto static
ip -n hd-k4 route add 172.31.0.0/16 dev v0 scope link src 10.1.0.9
ip -n hd-k4 route add 172.29.0.0/16 via 192.168.77.1 dev v0 onlink
ip -n hd-k4 route add 172.28.0.0/16 via 192.168.77.1 dev v0
ip -n hd-k4 route add 172.27.0.0/16 dev v0 src 10.1.0.77
ip -n hd-k4 route add blackhole 10.8.0.0/16
ip -n hd-k4 route add unreachable 10.9.0.0/16
ip -n hd-k4 route add prohibit 10.10.0.0/16
ip -n hd-k4 route show
ip -n hd-k4 route get 172.31.1.1
ip -n hd-k4 route get 172.29.0.1
ip -n hd-k4 route get 10.8.1.1
ip -n hd-k4 route get 10.9.1.1
ip -n hd-k4 route get 10.10.1.1
ip -n hd-k4 route get 10.1.0.255
ip -n hd-k4 route get 10.1.0.9
ip -n hd-k4 route get 10.2.0.5 from 10.1.0.77 iif v0
ip netns exec hd-k4 sysctl -w net.ipv4.ip_forward=1
ip -n hd-k4 route get 10.2.0.5 from 10.1.0.77 iif v0
ip -n hd-k4 route get 10.1.0.1 from 10.1.0.77 iif v0
ip -n hd-k4 route get 10.2.0.5 from 10.1.0.9
""",
    # neighbours: a failed resolution after 3 probes 1 s apart; "Destination Host Unreachable"
    # reaches the local sender only when lo is up (the ICMP error is delivered through lo)
    "neigh_failed": """
ip netns add hd-k5
ip -n hd-k5 link add v0 type veth peer name v1
ip -n hd-k5 addr add 10.9.0.1/24 dev v0
ip -n hd-k5 link set v0 up
ip -n hd-k5 link set v1 up
ip netns exec hd-k5 ping -c 1 -W 1 10.9.0.99
ip -n hd-k5 neigh show
sleep 4
ip -n hd-k5 neigh show
ip -n hd-k5 link set lo up
ip netns exec hd-k5 ping -c 1 -W 5 10.9.0.98
ip -n hd-k5 neigh show
""",
    # bridge: FDB learning, the bridge as the containers' gateway (L3), flooding reaches a third
    # port; hairpin off in bridge -j link
    "bridge": """
ip netns add hd-k6h
ip netns add hd-k6a
ip netns add hd-k6b
ip netns add hd-k6c
ip -n hd-k6h link add br0 type bridge
ip -n hd-k6h addr add 10.0.0.254/24 dev br0
ip -n hd-k6h link set br0 up
ip -n hd-k6h link add va type veth peer name eth0 netns hd-k6a
ip -n hd-k6h link add vb type veth peer name eth0 netns hd-k6b
ip -n hd-k6h link add vc type veth peer name eth0 netns hd-k6c
ip -n hd-k6h link set va master br0
ip -n hd-k6h link set vb master br0
ip -n hd-k6h link set vc master br0
ip -n hd-k6h link set va up
ip -n hd-k6h link set vb up
ip -n hd-k6h link set vc up
ip -n hd-k6a addr add 10.0.0.1/24 dev eth0
ip -n hd-k6b addr add 10.0.0.2/24 dev eth0
ip -n hd-k6c addr add 10.0.0.3/24 dev eth0
ip -n hd-k6a link set eth0 up
ip -n hd-k6b link set eth0 up
ip -n hd-k6c link set eth0 up
bridge -n hd-k6h -j link show
ip netns exec hd-k6a ping -c 1 -W 1 10.0.0.2
bridge -n hd-k6h -j fdb show br br0
ip netns exec hd-k6c ping -c 1 -W 1 10.0.0.254
ip -n hd-k6c neigh show
ip -n hd-k6h neigh show 10.0.0.3
""",
    # IPv4 forwarding: ip_forward defaults to 0 (the router answers nothing for others), then
    # TTL decrement (ttl=63 in the reply), time exceeded for ttl 1, net unreachable, rp_filter
    # defaults and strict mode
    "forwarding": """
ip netns add hd-k7w
ip netns add hd-k7r
ip netns add hd-k7e
ip -n hd-k7r link add w0 type veth peer name eth0 netns hd-k7w
ip -n hd-k7r link add e0 type veth peer name eth0 netns hd-k7e
ip -n hd-k7r addr add 10.1.0.1/24 dev w0
ip -n hd-k7r addr add 10.2.0.1/24 dev e0
ip -n hd-k7w addr add 10.1.0.10/24 dev eth0
ip -n hd-k7e addr add 10.2.0.10/24 dev eth0
ip -n hd-k7r link set w0 up
ip -n hd-k7r link set e0 up
ip -n hd-k7w link set eth0 up
ip -n hd-k7e link set eth0 up
ip -n hd-k7w route add default via 10.1.0.1
ip -n hd-k7e route add default via 10.2.0.1
ip netns exec hd-k7r sysctl net.ipv4.ip_forward
ip netns exec hd-k7r sysctl net.ipv4.conf.all.rp_filter
ip netns exec hd-k7r sysctl net.ipv4.conf.default.rp_filter
ip netns exec hd-k7r sysctl net.ipv4.conf.w0.rp_filter
ip netns exec hd-k7w ping -c 1 -W 1 10.2.0.10
ip netns exec hd-k7r sysctl -w net.ipv4.ip_forward=1
ip netns exec hd-k7w ping -c 1 -W 1 10.2.0.10
ip netns exec hd-k7w ping -c 1 -W 1 -t 1 10.2.0.10
ip netns exec hd-k7w ping -c 1 -W 1 198.51.100.1
ip netns exec hd-k7w ping -c 1 -W 1 10.1.0.1
ip netns exec hd-k7w ping -c 1 -W 1 10.2.0.1
ip -n hd-k7r route get 10.2.0.10 from 10.2.0.77 iif w0
ip netns exec hd-k7r sysctl -w net.ipv4.conf.all.rp_filter=1
ip -n hd-k7r route get 10.2.0.10 from 10.2.0.77 iif w0
ip -n hd-k7r route get 10.2.0.10 from 10.1.0.77 iif w0
""",
    # rules with to/iif/prio and the blackhole/unreachable/prohibit actions (each its errno),
    # throw, a gateway checked in a numbered table then in all tables, table dump order,
    # ping to a subnet broadcast refused without -b, append/prepend and delete
    "rules_tables": """
ip netns add hd-k8
ip -n hd-k8 link add v0 type veth peer name v1
ip -n hd-k8 link set v0 up
ip -n hd-k8 link set v1 up
ip -n hd-k8 addr add 10.1.0.1/24 dev v0
ip -n hd-k8 addr add 10.2.0.1/24 dev v1
ip -n hd-k8 rule add to 10.50.0.0/16 lookup 100 prio 100
ip -n hd-k8 rule add iif v0 lookup 200 prio 200
ip -n hd-k8 rule add from 10.9.0.0/16 blackhole prio 300
ip -n hd-k8 rule add to 10.60.0.0/16 unreachable prio 301
ip -n hd-k8 rule add to 10.61.0.0/16 prohibit prio 302
ip -n hd-k8 rule show
ip -n hd-k8 route add throw 10.50.1.0/24 table 100
ip -n hd-k8 route add 10.50.0.0/16 via 10.2.0.2 table 100
ip -n hd-k8 route add 10.50.0.0/16 via 10.1.0.2
ip -n hd-k8 route get 10.50.2.1
ip -n hd-k8 route get 10.50.1.1
ip -n hd-k8 route get 10.60.0.1
ip -n hd-k8 route get 10.61.0.1
ip -n hd-k8 route show table 100
ip -n hd-k8 route show table all
ip -n hd-k8 route get 127.0.0.1
ip -n hd-k8 route get 10.1.0.1
ip -n hd-k8 route get 10.1.0.0
ip netns exec hd-k8 ping -c 1 -W 1 10.1.0.255
ip netns exec hd-k8 ping -c 1 -W 1 10.60.0.1
ip netns exec hd-k8 ping -c 1 -W 1 10.61.0.1
ip -n hd-k8 route append 10.70.0.0/16 via 10.1.0.2
ip -n hd-k8 route append 10.70.0.0/16 via 10.2.0.2
ip -n hd-k8 route prepend 10.70.0.0/16 via 10.2.0.3
ip -n hd-k8 route show 10.70.0.0/16
ip -n hd-k8 route get 10.70.0.1
ip -n hd-k8 route del 10.70.0.0/16
ip -n hd-k8 route show 10.70.0.0/16
ip -n hd-k8 rule del prio 100
ip -n hd-k8 rule show
""",
    # a port's MTU change lowers the bridge's; the first of two ARP replies wins (locktime: the
    # bridge answers, and so does a veth in the same namespace); nomaster forgets the port's
    # FDB entries and the bridge takes its other port's MAC; /32 and /31 addresses; renaming
    # a device relabels its addresses (":2"); neighbour add/change/del/flush in every state
    "links_neigh": """
ip netns add hd-k9
ip netns add hd-k9c
ip -n hd-k9 link add br0 type bridge
ip -n hd-k9 link add v0 address 02:00:00:00:0a:01 type veth peer name eth0 netns hd-k9c
ip -n hd-k9 link add v1 address 02:00:00:00:0a:02 type veth peer name v1p
ip -n hd-k9 link set v0 master br0
ip -n hd-k9 link set v1 master br0
ip -n hd-k9 link set v1 mtu 1400
ip -n hd-k9 link show br0
ip -n hd-k9 link set br0 up
ip -n hd-k9 link set v0 up
ip -n hd-k9 link set v1 up
ip -n hd-k9 link set v1p up
ip -n hd-k9 addr add 10.0.0.254/24 dev br0
ip -n hd-k9c addr add 10.0.0.1/24 dev eth0
ip -n hd-k9c link set eth0 up
ip netns exec hd-k9c ping -c 1 -W 1 10.0.0.254
bridge -n hd-k9 -j fdb show br br0
ip -n hd-k9 link set v0 nomaster
bridge -n hd-k9 -j fdb show br br0
ip -n hd-k9 link show br0
ip -n hd-k9 -j link show
ip -n hd-k9 addr add 10.5.0.1/32 dev v1p
ip -n hd-k9 addr add 10.6.0.1/31 dev v1p
ip -n hd-k9 addr add 127.0.0.2/8 dev lo
ip -n hd-k9 route show table local
ip -n hd-k9 route show
ip -n hd-k9 link set v1p name v1q
ip -n hd-k9 -j addr show dev v1q
ip -n hd-k9c neigh add 10.0.0.50 lladdr 02:00:00:00:00:50 dev eth0
ip -n hd-k9c neigh add 10.0.0.51 lladdr 02:00:00:00:00:51 dev eth0 nud stale
ip -n hd-k9c neigh add 10.0.0.52 lladdr 02:00:00:00:00:52 dev eth0 nud reachable
ip -n hd-k9c neigh add 10.0.0.53 lladdr 02:00:00:00:00:53 dev eth0 nud noarp
ip -n hd-k9c neigh show 10.0.0.254
ip -n hd-k9c neigh show 10.0.0.50
ip -n hd-k9c neigh show 10.0.0.51
ip -n hd-k9c neigh show 10.0.0.52
ip -n hd-k9c neigh show 10.0.0.53
ip -n hd-k9c neigh change 10.0.0.51 lladdr 02:00:00:00:00:61 dev eth0
ip -n hd-k9c neigh show 10.0.0.51
ip -n hd-k9c neigh del 10.0.0.50 dev eth0
ip -n hd-k9c neigh del 10.0.0.50 dev eth0
ip -n hd-k9c neigh flush dev eth0
ip -n hd-k9c neigh show
ip -n hd-k9 link del br0
ip -n hd-k9 -j link show
""",
    # the bridge's own (permanent) FDB entries as text: the port's MAC, the bridge's, and the
    # multicast entries; bridge link states
    "bridge_local": """
ip netns add hd-ka
ip netns add hd-kaa
ip -n hd-ka link add br0 type bridge
ip -n hd-ka link add v0 address 02:00:00:00:0b:01 type veth peer name eth0 netns hd-kaa
ip -n hd-ka link set v0 master br0
ip -n hd-ka link set br0 up
ip -n hd-ka link set v0 up
ip -n hd-kaa link set eth0 up
bridge -n hd-ka fdb show br br0
bridge -n hd-ka link show
""",
    # two routers: TTL 2 reaches, TTL 1 dies at the first hop; which address answers ICMP
    # errors; host unreachable from the far router; rp_filter strict on all but loose on the
    # device (the larger wins); forwarding off on the first router; martian sources (127/8, one
    # of our own addresses) refused by ip route get with iif
    "multihop": """
ip netns add hd-kba
ip netns add hd-kbr1
ip netns add hd-kbr2
ip netns add hd-kbb
ip -n hd-kbr1 link add a0 type veth peer name eth0 netns hd-kba
ip -n hd-kbr1 link add r0 type veth peer name r0 netns hd-kbr2
ip -n hd-kbr2 link add b0 type veth peer name eth0 netns hd-kbb
ip -n hd-kba addr add 10.1.0.2/24 dev eth0
ip -n hd-kbr1 addr add 10.1.0.1/24 dev a0
ip -n hd-kbr1 addr add 10.12.0.1/24 dev r0
ip -n hd-kbr2 addr add 10.12.0.2/24 dev r0
ip -n hd-kbr2 addr add 10.2.0.1/24 dev b0
ip -n hd-kbb addr add 10.2.0.2/24 dev eth0
ip -n hd-kba link set eth0 up
ip -n hd-kbr1 link set a0 up
ip -n hd-kbr1 link set r0 up
ip -n hd-kbr2 link set r0 up
ip -n hd-kbr2 link set b0 up
ip -n hd-kbb link set eth0 up
ip -n hd-kba route add default via 10.1.0.1
ip -n hd-kbb route add default via 10.2.0.1
ip -n hd-kbr1 route add 10.2.0.0/24 via 10.12.0.2
ip -n hd-kbr2 route add 10.1.0.0/24 via 10.12.0.1
ip netns exec hd-kbr1 sysctl -w net.ipv4.ip_forward=1
ip netns exec hd-kbr2 sysctl -w net.ipv4.ip_forward=1
ip netns exec hd-kba ping -c 1 -W 1 10.2.0.2
ip netns exec hd-kba ping -c 1 -W 1 -t 2 10.2.0.2
ip netns exec hd-kba ping -c 1 -W 1 -t 1 10.2.0.2
ip netns exec hd-kba ping -c 1 -W 1 10.12.0.2
ip netns exec hd-kba ping -c 1 -W 1 10.2.0.1
ip netns exec hd-kba ping -c 1 -W 1 10.2.0.99
ip netns exec hd-kbr2 sysctl -w net.ipv4.conf.all.rp_filter=1
ip netns exec hd-kbr2 sysctl -w net.ipv4.conf.r0.rp_filter=2
ip netns exec hd-kba ping -c 1 -W 1 10.2.0.2
ip netns exec hd-kbr1 sysctl -w net.ipv4.ip_forward=0
ip netns exec hd-kba ping -c 1 -W 1 10.2.0.2
ip netns exec hd-kba ping -c 1 -W 1 10.12.0.1
ip netns exec hd-kbb ping -c 1 -W 1 10.12.0.1
ip -n hd-kbr1 route get 10.2.0.2 from 10.1.0.2 iif a0
ip -n hd-kbr1 route get 10.2.0.2 from 127.0.0.1 iif a0
ip -n hd-kbr1 route get 127.0.0.1 from 10.1.0.2 iif a0
ip -n hd-kbr1 route get 10.1.0.1 from 10.1.0.1 iif a0
ip -n hd-kba neigh show 10.1.0.1
""",
    # local delivery through the local table and lo: one's own addresses (on another device
    # too) answer only while lo is up; 127/8 all local; a down device keeps its local route
    "local_delivery": """
ip netns add hd-kc
ip -n hd-kc link add v0 type veth peer name v1
ip -n hd-kc link set v0 up
ip -n hd-kc link set v1 up
ip -n hd-kc addr add 10.1.0.1/24 dev v0
ip -n hd-kc addr add 10.1.0.2/24 dev v1
ip -n hd-kc route show
ip -n hd-kc route get 10.1.0.77
ip -n hd-kc route get 10.1.0.2
ip netns exec hd-kc ping -c 1 -W 1 10.1.0.2
ip -n hd-kc link set lo up
ip netns exec hd-kc ping -c 1 -W 1 10.1.0.2
ip netns exec hd-kc ping -c 1 -W 1 127.0.0.1
ip netns exec hd-kc ping -c 1 -W 1 127.1.2.3
ip -n hd-kc route get 127.1.2.3
ip -n hd-kc link set v0 down
ip -n hd-kc route show
ip -n hd-kc route show table local
ip -n hd-kc route get 10.1.0.1
ip netns exec hd-kc ping -c 1 -W 1 10.1.0.1
ip -n hd-kc addr flush dev v1
ip -n hd-kc route show table local
ip -n hd-kc link set lo down
ip -n hd-kc route show table local
ip netns exec hd-kc ping -c 1 -W 1 127.0.0.1
""",
}


def _run(cmd, out_path, cwd=None):
    with open(out_path, "w") as fh:
        p = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, text=True, cwd=cwd, timeout=300)
    assert p.returncode == 0, p.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_simulator_matches_kernel(name, tmp_path):
    scenario = tmp_path / f"{name}.sh"
    scenario.write_text(f"# {name}: recorded by tests/test_kernel_side_by_side.py\n"
                        + CASES[name].lstrip())
    kernel, sim = tmp_path / "kernel.jsonl", tmp_path / "sim.jsonl"
    _run([sys.executable, os.path.join(CORPUS, "record.py"), str(scenario)], kernel)
    _run([sys.executable, "-m", "netsim", "run", str(scenario), "--jsonl"], sim, cwd=ROOT)
    p = subprocess.run([sys.executable, os.path.join(CORPUS, "compare.py"), str(kernel), str(sim)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
