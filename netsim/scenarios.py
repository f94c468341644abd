"""Canned scenarios: small labs and one probe each, shared by the CLI (``python -m netsim trace
NAME``), the golden-trace tests (``tests/golden/NAME.txt``) and notebooks.

* ``docker``: Docker's default bridge; container c1 pings container c2 (ARP, FDB learning).
* ``router``: two hosts on either side of a router namespace with ``ip_forward=1``; the reply
  comes back with ``ttl=63``.
* ``arp-failure``: a container pings an address nobody owns on its bridge; after three ARP
  probes one second apart the neighbour fails and ping hears "Destination Host Unreachable".

>>> lab, trace = SCENARIOS["router"].run()
>>> trace.delivered, "ttl=63" in trace.result.stdout
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .lab import Lab, docker_demo
from .trace import Trace

__all__ = ["Scenario", "SCENARIOS"]


@dataclass(frozen=True)
class Scenario:
    """A lab to build, and the probe whose trace tells its story."""
    name: str
    title: str                          # what the lab is, in one line
    command: str                        # the probe as a user would type it (count filled in)
    build: Callable[..., Lab]           # (seed, backend="sim") -> lab
    probe: Callable[[Lab, int], Trace]  # (lab, count) -> trace

    def run(self, seed: int = 0, count: int = 1, backend: str = "sim") -> tuple[Lab, Trace]:
        lab = self.build(seed, backend=backend)
        return lab, self.probe(lab, count)


def _sh(lab: Lab, *lines: str) -> Lab:
    for line in lines:
        r = lab.sh(line)
        if r.rc != 0:
            lab.close()
            raise RuntimeError(f"scenario line failed: {line}: {r.stderr.strip()}")
    return lab


def _router(seed: int, backend: str = "sim") -> Lab:
    return _sh(Lab(backend=backend, seed=seed),
               "ip netns add west", "ip netns add router", "ip netns add east",
               "ip -n router link add w0 type veth peer name eth0 netns west",
               "ip -n router link add e0 type veth peer name eth0 netns east",
               "ip -n router addr add 10.1.0.1/24 dev w0", "ip -n router addr add 10.2.0.1/24 dev e0",
               "ip -n west addr add 10.1.0.10/24 dev eth0", "ip -n east addr add 10.2.0.10/24 dev eth0",
               "ip -n router link set w0 up", "ip -n router link set e0 up",
               "ip -n west link set eth0 up", "ip -n east link set eth0 up",
               "ip -n west route add default via 10.1.0.1",
               "ip -n east route add default via 10.2.0.1",
               "ip netns exec router sysctl -w net.ipv4.ip_forward=1")


def _arp_failure(seed: int, backend: str = "sim") -> Lab:
    # lo up in c1: the kernel's "host unreachable" error reaches the pinger through lo
    return _sh(docker_demo(seed=seed, backend=backend), "ip -n c1 link set lo up")


SCENARIOS: dict[str, Scenario] = {s.name: s for s in (
    Scenario("docker", "Docker's default bridge: host/docker0 172.17.0.1/16, "
             "c1 172.17.0.2, c2 172.17.0.3",
             "ip netns exec c1 ping -c {count} 172.17.0.3", docker_demo,
             lambda lab, count: lab.ping("c1", "172.17.0.3", count=count)),
    Scenario("router", "A router namespace between west 10.1.0.10/24 and east 10.2.0.10/24, "
             "ip_forward=1",
             "ip netns exec west ping -c {count} 10.2.0.10", _router,
             lambda lab, count: lab.ping("west", "10.2.0.10", count=count)),
    Scenario("arp-failure", "Docker's default bridge; c1 pings 172.17.0.99, which nobody owns",
             "ip netns exec c1 ping -c {count} -W 5 172.17.0.99", _arp_failure,
             lambda lab, count: lab.ping("c1", "172.17.0.99", count=count, timeout=5.0)),
)}
