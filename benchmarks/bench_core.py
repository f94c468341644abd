"""Core benchmarks of the simulated kernel; prints medians of repeated runs.

    python3 benchmarks/bench_core.py [--quick]

* container-to-container ping round trips per second, tracing off and on;
* route lookups per second with 10, 1,000 and 100,000 routes in the table;
* time and memory to build N containers on one bridge (N = 100, 1,000, 10,000); the time
  is taken without tracemalloc (which triples it), the memory in a separate traced run, and
  the share of the time spent in the garbage collector is shown.
The machine is noisy (2 shared cores): each figure is the median of several runs.
"""
from __future__ import annotations

import gc
import os
import statistics
import sys
import time
import tracemalloc
from ipaddress import IPv4Address

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from netsim.kernel import devinet, fib, load  # noqa: E402
from netsim.kernel import rtnetlink as rl  # noqa: E402
from netsim.kernel_model import Kernel, Route  # noqa: E402
from netsim.ping import ping  # noqa: E402
from netsim.trace import Tracer  # noqa: E402

load()


def docker(n: int, seed: int = 0) -> Kernel:
    k = Kernel(seed=seed)
    host = rl.netns_add(k, "host")
    br = rl.link_add(host, "bridge", "docker0")
    devinet.addr_add(host, br, IPv4Address("172.17.0.1"), 16)
    rl.link_set_up(br)
    gw = IPv4Address("172.17.0.1")
    for i in range(n):
        c = rl.netns_add(k, f"c{i}")
        v, e = rl.veth_add(host, f"veth{i}", "eth0", c)
        rl.link_set_master(v, br)
        rl.link_set_up(v)
        devinet.addr_add(c, e, IPv4Address(int(gw) + 1 + i), 16)
        rl.link_set_up(e)
        fib.route_add(c, Route(0, 0, gateway=gw))
    return k


def bench_ping(traced: bool, rounds: int) -> float:
    k = docker(2)
    c0 = k.namespaces["c0"]
    ping(k, c0, "172.17.0.3", count=1)          # warm ARP/FDB
    k.tracer = Tracer() if traced else None
    t0 = time.perf_counter()
    r = ping(k, c0, "172.17.0.3", count=rounds, interval=0.001, timeout=1)
    dt = time.perf_counter() - t0
    assert r.received == rounds, r.stdout
    return rounds / dt


def bench_lookup(nroutes: int, lookups: int = 20000) -> float:
    k = Kernel()
    ns = rl.netns_add(k, "r")
    a, _ = rl.veth_add(ns, "a", "b")
    rl.link_set_up(a)
    rl.link_set_up(ns.by_name["b"])
    devinet.addr_add(ns, a, IPv4Address("192.168.0.1"), 16)
    table = ns.tables[254]
    gw = IPv4Address("192.168.0.2")
    for i in range(nroutes):
        table.insert(Route((10 << 24) | (i << 8), 24, gateway=gw, dev=a))
    dsts = [((10 << 24) | ((i * 7919 % max(nroutes, 1)) << 8) | 5) for i in range(lookups)]
    t0 = time.perf_counter()
    for d in dsts:
        fib.fib_lookup(ns, d)
    return lookups / (time.perf_counter() - t0)


def bench_build_time(n: int) -> tuple[float, float]:
    """Seconds to build ``n`` containers, and how many of them the garbage collector took.

    Timed without tracemalloc: tracing every allocation triples the time and would be what
    the figure measured."""
    gc.collect()
    in_gc, started = [0.0], [0.0]

    def on_gc(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            in_gc[0] += time.perf_counter() - started[0]

    gc.callbacks.append(on_gc)
    try:
        t0 = time.perf_counter()
        k = docker(n)
        dt = time.perf_counter() - t0
    finally:
        gc.callbacks.remove(on_gc)
    del k
    return dt, in_gc[0]


def bench_build_memory(n: int) -> float:
    """Peak MiB of traced allocations while building ``n`` containers (a separate run)."""
    gc.collect()
    tracemalloc.start()
    k = docker(n)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del k
    return peak / 2**20


def median(f, reps):
    return statistics.median(f() for _ in range(reps))


def main() -> None:
    quick = "--quick" in sys.argv
    reps = 3 if quick else 5
    print(f"netsim core benchmarks (median of {reps} runs, Python {sys.version.split()[0]})")
    for traced in (False, True):
        v = median(lambda: bench_ping(traced, 200 if quick else 1000), reps)
        print(f"  ping round trips/s, tracing {'on ' if traced else 'off'}: {v:10.0f}")
    for n in (10, 1000, 100000):
        v = median(lambda: bench_lookup(n), reps)
        print(f"  route lookups/s with {n:>6} routes:    {v:10.0f}")
    for n in (100, 1000) if quick else (100, 1000, 10000):
        runs = [bench_build_time(n) for _ in range(reps if n < 10000 else 3)]
        t = statistics.median(x[0] for x in runs)
        g = statistics.median(x[1] for x in runs)
        m = bench_build_memory(n)
        print(f"  build {n:>5} containers on one bridge: {t:8.3f} s ({t / n * 1e6:5.1f} us each, "
              f"garbage collector {g:.3f} s), peak {m:8.1f} MiB (traced allocations)")

if __name__ == "__main__":
    main()
