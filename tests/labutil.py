"""Small helpers shared by the behaviour tests: build a Lab from command lines."""
from __future__ import annotations

import netsim


def lab_of(*lines: str, seed: int = 0) -> netsim.Lab:
    """A simulated Lab after running ``lines`` (each must succeed)."""
    lab = netsim.Lab(seed=seed)
    run(lab, *lines)
    return lab


def run(lab, *lines: str) -> None:
    for line in lines:
        r = lab.sh(line)
        assert r.rc == 0, f"{line!r} failed: {r.stderr}"


def dev(lab, ns: str, name: str):
    return lab.kernel.namespaces[ns].by_name[name]


def routes(lab, ns: str, table: int = 254) -> list[str]:
    """The routes of a table as short strings: 'TYPE DST dev DEV proto P scope S src A'."""
    from netsim.kernel_model import SCOPE_NAMES
    t = lab.kernel.namespaces[ns].tables.get(table)
    out = []
    for r in (t.routes() if t is not None else []):
        s = f"{r.type} {r.dst_str}"
        if r.gateway is not None:
            s += f" via {r.gateway}"
        if r.dev is not None:
            s += f" dev {r.dev.name}"
        s += f" proto {r.proto} scope {SCOPE_NAMES[r.scope]}"
        if r.prefsrc is not None:
            s += f" src {r.prefsrc}"
        if r.metric:
            s += f" metric {r.metric}"
        out.append(s)
    return out


def two_hosts(seed: int = 0, lo_up: bool = False) -> netsim.Lab:
    """a(eth0 10.0.0.1/24) <-veth-> b(eth0 10.0.0.2/24)."""
    lines = ["ip netns add a", "ip netns add b",
             "ip -n a link add eth0 type veth peer name eth0 netns b",
             "ip -n a addr add 10.0.0.1/24 dev eth0", "ip -n b addr add 10.0.0.2/24 dev eth0",
             "ip -n a link set eth0 up", "ip -n b link set eth0 up"]
    if lo_up:
        lines += ["ip -n a link set lo up", "ip -n b link set lo up"]
    return lab_of(*lines, seed=seed)


def router(forward: bool = True, seed: int = 0) -> netsim.Lab:
    """west(10.1.0.10) -- r(10.1.0.1 | 10.2.0.1) -- east(10.2.0.10), default routes via r."""
    lines = ["ip netns add west", "ip netns add r", "ip netns add east",
             "ip -n r link add w0 type veth peer name eth0 netns west",
             "ip -n r link add e0 type veth peer name eth0 netns east",
             "ip -n r addr add 10.1.0.1/24 dev w0", "ip -n r addr add 10.2.0.1/24 dev e0",
             "ip -n west addr add 10.1.0.10/24 dev eth0", "ip -n east addr add 10.2.0.10/24 dev eth0",
             "ip -n r link set w0 up", "ip -n r link set e0 up",
             "ip -n west link set eth0 up", "ip -n east link set eth0 up",
             "ip -n west route add default via 10.1.0.1",
             "ip -n east route add default via 10.2.0.1"]
    if forward:
        lines.append("ip netns exec r sysctl -w net.ipv4.ip_forward=1")
    return lab_of(*lines, seed=seed)


def bridged(n: int = 3, seed: int = 0, br_addr: str | None = "10.0.0.254/24") -> netsim.Lab:
    """Namespace 'host' with bridge br0 and n containers c1..cn (eth0 10.0.0.i/24, vethi)."""
    lines = ["ip netns add host", "ip -n host link add br0 type bridge"]
    if br_addr:
        lines.append(f"ip -n host addr add {br_addr} dev br0")
    lines.append("ip -n host link set br0 up")
    for i in range(1, n + 1):
        lines += [f"ip netns add c{i}",
                  f"ip -n host link add veth{i} type veth peer name eth0 netns c{i}",
                  f"ip -n host link set veth{i} master br0", f"ip -n host link set veth{i} up",
                  f"ip -n c{i} addr add 10.0.0.{i}/24 dev eth0", f"ip -n c{i} link set eth0 up"]
    return lab_of(*lines, seed=seed)
