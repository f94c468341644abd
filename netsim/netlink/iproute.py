"""``IPRoute(lab, ns)``: an unchanged pyroute2 program against the simulator.

pyroute2 can be handed a socket (``IPRoute(use_socket=...)``, as its own in-memory mock
``pyroute2.iproute.ipmock.IPEngine`` is); here that socket is a :class:`RtnlSocket` over one
namespace of a simulated lab, so ``ipr.link("add", ...)``, ``ipr.route("get", ...)`` and the
rest go through real netlink bytes to the simulated kernel, and a refusal raises pyroute2's
``NetlinkError`` with the errno the kernel would give.  pyroute2 is imported only here, when
called (it is an optional extra).
"""
from __future__ import annotations

from .af_netlink import RtnlSocket

__all__ = ["IPRoute"]


def IPRoute(lab, ns: str | None = None, ext_ack: bool = False):
    """A ``pyroute2.IPRoute`` talking to namespace ``ns`` (None: the lab's root) of a simulated
    ``lab`` (a :class:`netsim.Lab` or a ``SimBackend``).  ``ext_ack``: errors carry the
    kernel's extack message, as with ``NETLINK_EXT_ACK``."""
    try:
        from pyroute2 import IPRoute as _IPRoute
    except ImportError as e:                 # pragma: no cover - depends on the install
        raise RuntimeError("netsim: lab.pyroute2() needs pyroute2 "
                           "(pip install 'netsim[kernel]' or pip install pyroute2)") from e
    backend = getattr(lab, "backend", lab)
    if not hasattr(backend, "kernel"):
        raise RuntimeError("netsim: lab.pyroute2() talks to the simulator; on a kernel-backed "
                           "lab use pyroute2.IPRoute(netns=...) directly")
    return _IPRoute(use_socket=RtnlSocket(backend, ns, ext_ack=ext_ack))
