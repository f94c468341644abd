"""The contract between the Lab (and the command layer) and a kernel implementation.

A backend executes typed commands (:mod:`netsim.commands.model`) and shows its state as a
:class:`netsim.kernel_model.Kernel` snapshot, which the command layer reads for iproute2's own
checks (``Cannot find device "x"``) and formats with :mod:`netsim.commands.show`.  Two
implementations: :class:`~netsim.backends.sim.SimBackend` (the pure-Python model) and the
pyroute2 backend (a real kernel, in namespaces the lab creates).
"""
from __future__ import annotations

from typing import Protocol

__all__ = ["Backend", "DEFAULT_NS"]

# The key under which snapshot().namespaces holds the backend's default namespace (the one a
# command with ``ns=None`` acts on: the lab's own "root" namespace, never the host's).
DEFAULT_NS = "root"


class Backend(Protocol):
    """What every backend provides.  Refusals raise ``NetsimError(errno, extack)`` with the
    errno (and extack text) the Linux kernel answers, so ``ip`` output is the same on both."""

    kind: str            # "simulated" | "kernel"
    default_ns: str      # == DEFAULT_NS

    def apply(self, cmd) -> None:
        """Execute one state-changing command (NetnsAdd, LinkAdd, RouteAdd, SysctlSet ...)."""

    def snapshot(self):
        """The current state as a ``netsim.kernel_model.Kernel``: namespaces by user-visible
        name (the default one under DEFAULT_NS), devices, addresses, routes, rules, neighbours,
        FDBs, sysctls.  May be a fresh object after each ``apply``: never keep it across one."""

    def route_get(self, q):
        """``ip route get`` (a ``RouteGet``): the decision ``show.route_get_*`` format
        (``netsim.kernel.fib.RouteDecision``), or NetsimError(errno) when the kernel refuses."""

    def route_cache(self, ns: str | None) -> list:
        """``ip route show cache``: the route exceptions (RTM_F_CLONED dump) in dump order, as
        (destination, ``RouteDecision`` with its gateway, device, table, redirected, expires)."""

    def ping(self, ns: str | None, dst: str, count: int = 1, timeout: float = 1.0,
             interval: float = 1.0, ttl: int | None = None, size: int = 56, quiet: bool = False,
             iface: str | None = None, source=None):
        """``ping -c COUNT -W TIMEOUT -i INTERVAL -t TTL [-s SIZE] [-q] [-I DEV|ADDR] DST`` from
        namespace ``ns``: a result with rc, stdout, stderr (as ``netsim.ping.ping`` returns)."""

    def program(self, ns: str | None, argv: list[str]) -> tuple[int, str, str]:
        """A user-space program in namespace ``ns`` (``iptables``, ``nc``, ``curl`` ...):
        (exit status, stdout, stderr) exactly as the real program prints them."""

    def background(self, ns: str | None, argv: list[str]):
        """Start a service in ``ns`` (``nc -lk PORT``, ``python3 -m http.server PORT``) that runs
        until the lab closes; a handle with ``stop()``, or None if it cannot run."""

    def sh(self, line: str):
        """Run one shell command line (``ip``, ``bridge``, ``sysctl``, ``ping`` ...): Result."""

    def close(self) -> None:
        """Release everything the backend made (namespaces, sockets); idempotent."""
