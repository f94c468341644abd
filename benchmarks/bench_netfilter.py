"""Netfilter benchmarks: connections through a Docker host with many published ports.

    python3 benchmarks/bench_netfilter.py [--quick]

A host publishes one port per container (DNAT in nat DOCKER, ACCEPT in filter DOCKER, as Docker
writes them), FORWARD policy DROP, br_netfilter on.  Measured: ``nc -z`` connections per second
from an outside namespace to the last published port (every rule of both DOCKER chains is
tested), with N = 10, 100 and 500 published ports.  Medians of repeated runs (noisy machine).
"""
from __future__ import annotations

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from netsim.lab import Lab  # noqa: E402


def host(n: int) -> Lab:
    lab = Lab()
    sh = lab.sh
    for line in ("ip netns add h", "ip netns add out", "ip -n h link add docker0 type bridge",
                 "ip -n h addr add 172.17.0.1/16 dev docker0", "ip -n h link set docker0 up",
                 "ip -n h link add eth0 type veth peer name eth0 netns out",
                 "ip -n h addr add 198.51.100.2/24 dev eth0", "ip -n h link set eth0 up",
                 "ip -n out addr add 198.51.100.1/24 dev eth0", "ip -n out link set eth0 up",
                 "ip netns exec h sysctl -w net.ipv4.ip_forward=1",
                 "ip netns exec h iptables -P FORWARD DROP", "ip netns exec h iptables -N DOCKER",
                 "ip netns exec h iptables -A FORWARD -o docker0 -m conntrack --ctstate "
                 "RELATED,ESTABLISHED -j ACCEPT",
                 "ip netns exec h iptables -A FORWARD -o docker0 -j DOCKER",
                 "ip netns exec h iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
                 "ip netns exec h iptables -t nat -N DOCKER",
                 "ip netns exec h iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER"):
        sh(line)
    for i in range(n):
        c, ip = f"c{i}", f"172.17.{(i + 2) // 256}.{(i + 2) % 256}"
        for line in (f"ip netns add {c}", f"ip -n h link add v{i} type veth peer name eth0 netns {c}",
                     f"ip -n h link set v{i} master docker0", f"ip -n h link set v{i} up",
                     f"ip -n {c} addr add {ip}/16 dev eth0", f"ip -n {c} link set eth0 up",
                     f"ip -n {c} route add default via 172.17.0.1",
                     f"ip netns exec {c} nc -lk 80 &",
                     f"ip netns exec h iptables -t nat -A DOCKER ! -i docker0 -p tcp --dport "
                     f"{10000 + i} -j DNAT --to-destination {ip}:80",
                     f"ip netns exec h iptables -A DOCKER -d {ip}/32 ! -i docker0 -o docker0 -p tcp "
                     f"--dport 80 -j ACCEPT"):
            sh(line)
    return lab


def main() -> None:
    quick = "--quick" in sys.argv
    for n in (10, 100) if quick else (10, 100, 500):
        lab = host(n)
        line = f"ip netns exec out nc -zn -w 1 198.51.100.2 {10000 + n - 1}"
        assert lab.sh(line).rc == 0
        rates = []
        for _ in range(3 if quick else 5):
            count, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < 0.5:
                lab.sh(line)
                count += 1
            rates.append(count / (time.perf_counter() - t0))
        print(f"{n:4d} published ports: {statistics.median(rates):8.0f} connections/s through DNAT")


if __name__ == "__main__":
    main()
