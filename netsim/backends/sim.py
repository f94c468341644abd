"""The simulated backend: the operations of :class:`~netsim.backends.base.Backend` as calls on
the pure-Python kernel model (``netsim.kernel``)."""
from __future__ import annotations

from ipaddress import IPv4Address

from ..commands._util import parse_prefix
from ..commands.shell import Shell
from ..errors import Invalid, NotFound
from ..kernel import devinet, fib, load
from ..kernel import rtnetlink as rl
from ..kernel_model import Kernel, Route

__all__ = ["SimBackend", "ROOT_NS"]

ROOT_NS = "root"


class SimBackend:
    kind = "simulated"

    def __init__(self, seed: int = 0):
        load()
        self.kernel = Kernel(seed=seed)
        rl.netns_add(self.kernel, ROOT_NS)
        self.shell = Shell(self.kernel, ROOT_NS)

    def ns(self, name: str | None):
        ns = self.kernel.namespaces.get(name or ROOT_NS)
        if ns is None:
            raise NotFound(2, f'namespace "{name}" does not exist')
        return ns

    def dev(self, ns: str | None, name: str):
        d = self.ns(ns).by_name.get(name)
        if d is None:
            raise NotFound(extack=f'Cannot find device "{name}"')
        return d

    def netns_add(self, name):
        return rl.netns_add(self.kernel, name)

    def netns_del(self, name):
        rl.netns_del(self.kernel, name)

    def veth_add(self, ns, name, peer, peer_ns=None):
        return rl.veth_add(self.ns(ns), name, peer, self.ns(peer_ns or ns))

    def link_add(self, ns, kind, name, **opts):
        return rl.link_add(self.ns(ns), kind, name, **opts)

    def link_set(self, ns, name, *, up=None, master=None, netns=None, new_name=None):
        d = self.dev(ns, name)
        if netns is not None:
            rl.link_set_netns(d, self.ns(netns))
        if master is not None:
            rl.link_set_master(d, self.dev(d.ns.name, master))
        if new_name is not None:
            rl.link_rename(d, new_name)
        if up is True:
            rl.link_set_up(d)
        elif up is False:
            rl.link_set_down(d)

    def addr_add(self, ns, dev, cidr):
        p = parse_prefix(cidr, allow_default=False)
        if p is None:
            raise Invalid(extack=f'any valid prefix is expected rather than "{cidr}"')
        devinet.addr_add(self.ns(ns), self.dev(ns, dev), IPv4Address(p[0]), p[1])

    def route_add(self, ns, dst, via=None, dev=None, metric=0):
        p = parse_prefix(dst)
        if p is None:
            raise Invalid(extack=f'any valid prefix is expected rather than "{dst}"')
        d = self.dev(ns, dev) if dev else None
        gw = IPv4Address(via) if via else None
        fib.route_add(self.ns(ns), Route(p[0], p[1], dev=d, gateway=gw, metric=metric,
                                         scope=0 if gw else 253))

    def sysctl(self, ns, key, value):
        self.shell._sysctl_set(self.ns(ns), key, str(value))

    def ping(self, ns, dst, count=1, timeout=1.0):
        from ..ping import ping
        return ping(self.kernel, self.ns(ns), dst, count=count, timeout=timeout)

    def sh(self, line):
        return self.shell.run(line)
