"""Random small networks for the differential tests: a topology is a list of command lines (the
same on every backend) and the addresses it gives out.

A topology has 2-4 host namespaces ``h0..h3`` and 1-3 segments, each a subnet ``10.0.S.0/24``:

* a *wire*: one veth pair between two hosts (ends ``sS`` in each);
* a *switch*: a bridge ``brS`` in namespace ``sw`` (or in one of the hosts, like docker0 in
  Docker's host) with one veth port ``pSX`` per attached host (the host's end is ``sS``); the
  bridge itself sometimes has an address too.

Then, each drawn independently: hosts that forward (``ip_forward=1``), default routes and
static routes via a neighbour on a segment, blackhole/unreachable routes, a policy rule with
its own table, ``lo`` up, and links left down.  Command lines that the kernel refuses (a
gateway not on a subnet of an up link ...) are part of the test: both backends must refuse
them the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

__all__ = ["Topology", "topologies"]


@dataclass
class Topology:
    lines: list[str] = field(default_factory=list)
    addrs: list[tuple[str, str]] = field(default_factory=list)    # (namespace, address)

    def namespaces(self) -> list[str]:
        return [line.split()[-1] for line in self.lines if line.startswith("ip netns add ")]

    def __str__(self) -> str:
        return "\n".join(self.lines)


@st.composite
def topologies(draw, max_hosts: int = 4, max_segments: int = 3) -> Topology:
    t = Topology()
    nhosts = draw(st.integers(2, max_hosts))
    hosts = [f"h{i}" for i in range(nhosts)]
    nsegs = draw(st.integers(1, max_segments))
    segs = []                     # (subnet index, [(host, dev, address or None)])
    bridges = []                  # (ns, bridge, [port devs])
    lines = t.lines
    lines += [f"ip netns add {h}" for h in hosts]
    if draw(st.booleans()):
        lines.append("ip netns add sw")
    have_sw = "ip netns add sw" in lines
    for s in range(nsegs):
        switch = draw(st.booleans())
        if switch:
            members = draw(st.lists(st.sampled_from(hosts), min_size=1, max_size=3, unique=True))
            where = "sw" if have_sw else draw(st.sampled_from(hosts))
            br = f"br{s}"
            lines.append(f"ip -n {where} link add {br} type bridge")
            ends, ports = [], []
            for h in members:
                port = f"p{s}{h}"
                if h == where:      # the bridge's own namespace: its address is on the bridge
                    continue
                lines.append(f"ip -n {where} link add {port} type veth peer name s{s} netns {h}")
                lines.append(f"ip -n {where} link set {port} master {br}")
                ends.append((h, f"s{s}"))
                ports.append(port)
            if where in hosts or draw(st.booleans()):
                ends.append((where, br))
            bridges.append((where, br, ports))
        else:
            a, b = draw(st.lists(st.sampled_from(hosts), min_size=2, max_size=2, unique=True))
            lines.append(f"ip -n {a} link add s{s} type veth peer name s{s} netns {b}")
            ends = [(a, f"s{s}"), (b, f"s{s}")]
        seg = []
        for i, (h, dev) in enumerate(ends):
            addr = None
            if draw(st.integers(0, 9)) > 0:
                addr = f"10.0.{s}.{i + 1}"
                lines.append(f"ip -n {h} addr add {addr}/24 dev {dev}")
                t.addrs.append((h, addr))
            seg.append((h, dev, addr))
        segs.append((s, seg))
    # links up (some left down), loopbacks
    for where, br, ports in bridges:
        for port in ports:
            if draw(st.integers(0, 9)) > 0:
                lines.append(f"ip -n {where} link set {port} up")
        lines.append(f"ip -n {where} link set {br} up")
    for s, seg in segs:
        for h, dev, _ in seg:
            if not dev.startswith("br") and draw(st.integers(0, 9)) > 0:
                lines.append(f"ip -n {h} link set {dev} up")
    for h in hosts:
        if draw(st.booleans()):
            lines.append(f"ip -n {h} link set lo up")
    # routers, routes, rules
    for h in hosts:
        if draw(st.integers(0, 2)) == 0:
            lines.append(f"ip netns exec {h} sysctl -w net.ipv4.ip_forward=1")
    gateways = [(s, h, a) for s, seg in segs for h, _, a in seg if a is not None]
    for h in hosts:
        mine = {s for s, seg in segs for hh, _, _ in seg if hh == h}
        near = [(s, a) for s, gh, a in gateways if s in mine and gh != h]
        far = [s for s, _ in segs if s not in mine]
        if near and draw(st.booleans()):
            lines.append(f"ip -n {h} route add default via {draw(st.sampled_from(near))[1]}")
        if near and far and draw(st.booleans()):
            dst = draw(st.sampled_from(far))
            lines.append(f"ip -n {h} route add 10.0.{dst}.0/24 via "
                         f"{draw(st.sampled_from(near))[1]}")
        kind = draw(st.sampled_from([None, None, None, "blackhole", "unreachable", "prohibit"]))
        if kind:
            host = draw(st.sampled_from([a for _, _, a in gateways] or ["10.0.0.1"]))
            lines.append(f"ip -n {h} route add {kind} {host}")
        if near and draw(st.integers(0, 3)) == 0:
            s, gw = draw(st.sampled_from(near))
            dst = draw(st.sampled_from([x for x, _ in segs]))
            lines.append(f"ip -n {h} route add 10.0.{dst}.0/24 via {gw} table 100")
            lines.append(f"ip -n {h} rule add to 10.0.{dst}.0/24 table 100")
        devs = [d for _, seg in segs for hh, d, _ in seg if hh == h]
        if far and devs and draw(st.integers(0, 4)) == 0:   # a far subnet "on link": ARP for it
            dev = draw(st.sampled_from(devs))
            lines.append(f"ip -n {h} route add 10.0.{draw(st.sampled_from(far))}.0/24 dev {dev}")
        if t.addrs and draw(st.integers(0, 5)) == 0:
            action = draw(st.sampled_from(["blackhole", "unreachable", "prohibit"]))
            src = draw(st.sampled_from([a for _, a in t.addrs]))
            lines.append(f"ip -n {h} rule add from {src} {action}")
        if draw(st.integers(0, 5)) == 0:               # strict reverse-path filtering
            lines.append(f"ip netns exec {h} sysctl -w net.ipv4.conf.all.rp_filter=1")
    # then some changes: links taken down, routes and addresses removed, ports unbridged
    changes = []
    for s, seg in segs:
        for h, dev, addr in seg:
            changes.append(f"ip -n {h} link set {dev} down")
            if addr:
                changes.append(f"ip -n {h} addr del {addr}/24 dev {dev}")
    for where, br, ports in bridges:
        changes += [f"ip -n {where} link set {p} nomaster" for p in ports]
    changes += [f"ip -n {h} route del default" for h in hosts]
    changes += [f"ip -n {h} neigh flush all" for h in hosts]
    if changes:
        lines += draw(st.lists(st.sampled_from(changes), max_size=2, unique=True))
    return t
