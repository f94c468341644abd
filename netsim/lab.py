"""``netsim.Lab``: one simulated machine, driven from Python or with shell command lines.

>>> lab = Lab()
>>> lab.netns("c1"); lab.netns("c2")
>>> lab.veth("eth0", "eth0", ns="c1", peer_ns="c2")
>>> lab.addr("eth0", "10.0.0.1/24", ns="c1"); lab.addr("eth0", "10.0.0.2/24", ns="c2")
>>> lab.up("eth0", ns="c1"); lab.up("eth0", ns="c2")
>>> t = lab.ping("c1", "10.0.0.2")
>>> t.delivered, t.result.rc
(True, 0)
>>> lab.sh("ip -n c1 route show").stdout
'10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \\n'
"""
from __future__ import annotations

from ipaddress import IPv4Address

from .backends import get_backend
from .commands import model as m
from .commands._util import parse_prefix
from .errors import Invalid
from .trace import Trace, Tracer

__all__ = ["Lab", "docker_demo"]


class Lab:
    """A machine with namespaces; ``backend="sim"`` (default, no root needed)."""

    def __init__(self, backend: str = "sim", seed: int = 0):
        self.backend = get_backend(backend, seed)
        self.kernel = getattr(self.backend, "kernel", None)
        self.shell = getattr(self.backend, "shell", None)

    # -- commands ----------------------------------------------------------
    def sh(self, line: str):
        """Run one command line (``ip``, ``bridge``, ``sysctl``, ``ping``, ``iptables``, ``nc``);
        returns a Result with ``rc``, ``stdout``, ``stderr``."""
        return self.backend.sh(line)

    def apply(self, cmd) -> None:
        """Execute a typed command (:mod:`netsim.commands.model`); NetsimError if refused."""
        self.backend.apply(cmd)

    def close(self) -> None:
        """Release what the backend made (namespaces of a real-kernel lab)."""
        self.backend.close()

    def __enter__(self) -> "Lab":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def trace(self, line: str) -> Trace:
        """Run one command line (``ip netns exec c1 curl http://...``) with the tracer on: the
        Trace holds every step of every packet it caused, and ``result`` the command's Result."""
        if self.kernel is None:
            return self._captured(line, lambda: self.sh(line))
        tracer = Tracer()
        self.kernel.tracer = tracer
        try:
            res = self.sh(line)
        finally:
            self.kernel.tracer = None
        return Trace(tracer.steps, tracer.dispositions, title=line, result=res)

    def pyroute2(self, ns: str | None = None, ext_ack: bool = False):
        """A ``pyroute2.IPRoute`` whose netlink socket is namespace ``ns`` of this simulated
        machine: an unchanged pyroute2 program runs here without root (errors raise pyroute2's
        NetlinkError with the kernel's errno).  Needs pyroute2, imported only now."""
        from .netlink.iproute import IPRoute
        return IPRoute(self, ns, ext_ack=ext_ack)

    # -- topology ----------------------------------------------------------
    def netns(self, name: str) -> None:
        self.backend.apply(m.NetnsAdd(name=name))

    def veth(self, name: str, peer: str, ns: str | None = None, peer_ns: str | None = None):
        self.backend.apply(m.LinkAdd(name=name, kind=m.Veth(peer=peer, peer_ns=peer_ns), ns=ns))

    def bridge(self, name: str, ns: str | None = None):
        self.backend.apply(m.LinkAdd(name=name, kind=m.Bridge(), ns=ns))

    def master(self, dev: str, bridge: str, ns: str | None = None):
        self.backend.apply(m.LinkSet(dev=dev, ns=ns, master=bridge))

    def up(self, dev: str, ns: str | None = None):
        self.backend.apply(m.LinkSet(dev=dev, ns=ns, up=True))

    def down(self, dev: str, ns: str | None = None):
        self.backend.apply(m.LinkSet(dev=dev, ns=ns, up=False))

    def addr(self, dev: str, cidr: str, ns: str | None = None):
        addr, plen = _prefix(cidr, allow_default=False)
        self.backend.apply(m.AddrAdd(dev=dev, local=addr, prefixlen=plen, ns=ns))

    def route(self, dst: str, via: str | None = None, dev: str | None = None,
              ns: str | None = None, metric: int = 0):
        addr, plen = _prefix(dst)
        self.backend.apply(m.RouteAdd(dst=addr, plen=plen, ns=ns, dev=dev, metric=metric or None,
                                      via=IPv4Address(via) if via else None))

    def sysctl(self, key: str, value, ns: str | None = None):
        self.backend.apply(m.SysctlSet(key=key, value=str(value), ns=ns))

    # -- probes --------------------------------------------------------------
    def ping(self, ns: str, dst: str, count: int = 1, timeout: float = 1.0,
             trace: bool = True) -> Trace:
        """Ping ``dst`` from namespace ``ns``; the Trace holds every step and the output."""
        if self.kernel is None:
            return self._captured_ping(ns, dst, count, timeout, trace)
        tracer = Tracer() if trace else None
        self.kernel.tracer = tracer
        try:
            res = self.backend.ping(ns, dst, count=count, timeout=timeout)
        finally:
            self.kernel.tracer = None
        t = Trace(title=f"ping -c {count} {dst} from {ns}", result=res)
        if tracer is not None:
            t.steps, t.dispositions = tracer.steps, tracer.dispositions
        return t

    def _captured_ping(self, ns: str, dst: str, count: int, timeout: float,
                       trace: bool) -> Trace:
        title = f"ping -c {count} {dst} from {ns}"
        return self._captured(title, lambda: self.backend.ping(ns, dst, count=count,
                                                               timeout=timeout), trace)

    def _captured(self, title: str, probe, trace: bool = True) -> Trace:
        """A probe on a real kernel: with ``trace``, a packet socket in every namespace of the
        lab records where each frame was seen (a Trace of kind "captured", the same display)."""
        names = getattr(self.backend, "namespaces", None)
        if not trace or names is None:
            return Trace(title=title, result=probe(), kind="captured")
        from .backends.linux_capture import capture
        where = {self.backend.real_name(n): n for n in names()}
        with capture(where) as cap:
            res = probe()
        return cap.trace(title, res)


def _prefix(text: str, allow_default: bool = True) -> tuple[IPv4Address, int]:
    p = parse_prefix(text, allow_default=allow_default)
    if p is None:
        raise Invalid(extack=f'any valid prefix is expected rather than "{text}"')
    return IPv4Address(p[0]), p[1]


def docker_demo(seed: int = 0, backend: str = "sim") -> Lab:
    """Docker's default network: host namespace with docker0 172.17.0.1/16 and two containers."""
    lab = Lab(backend=backend, seed=seed)
    lab.netns("host")
    lab.bridge("docker0", ns="host")
    lab.addr("docker0", "172.17.0.1/16", ns="host")
    lab.up("docker0", ns="host")
    for i in (1, 2):
        c = f"c{i}"
        lab.netns(c)
        lab.veth(f"veth{i}", "eth0", ns="host", peer_ns=c)
        lab.master(f"veth{i}", "docker0", ns="host")
        lab.up(f"veth{i}", ns="host")
        lab.addr("eth0", f"172.17.0.{i + 1}/16", ns=c)
        lab.up("eth0", ns=c)
        lab.route("default", via="172.17.0.1", ns=c)
    return lab


# Step-by-step probes and traced socket probes live in netsim/stepping.py.
from . import stepping as _stepping  # noqa: E402

Lab.stepper = _stepping.stepper
Lab.tcp = _stepping.tcp_probe
Lab.udp = _stepping.udp_probe
