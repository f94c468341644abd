"""rtnetlink over the simulated kernel: real netlink bytes in, real netlink bytes out.

Read first :mod:`netsim.netlink.af_netlink` (the socket and the dispatch of
``rtnetlink_rcv_msg``), then one ``rtnl_*`` module per object kind, named after the kernel
file that answers it:

* :mod:`~netsim.netlink.wire`        nlmsghdr, ifinfomsg/ifaddrmsg/rtmsg/ndmsg/fib_rule_hdr, NLAs
* :mod:`~netsim.netlink.rtnl_link`   RTM_*LINK   (net/core/rtnetlink.c)
* :mod:`~netsim.netlink.rtnl_addr`   RTM_*ADDR   (net/ipv4/devinet.c)
* :mod:`~netsim.netlink.rtnl_route`  RTM_*ROUTE, RTM_*RULE (net/ipv4/fib_frontend.c, route.c,
  net/core/fib_rules.c)
* :mod:`~netsim.netlink.rtnl_neigh`  RTM_*NEIGH and the bridge FDB (net/core/neighbour.c,
  net/bridge/br_fdb.c)
* :mod:`~netsim.netlink.iproute`     ``IPRoute(lab, ns)``: a pyroute2 IPRoute on that socket

Requests are executed as typed commands by the backend's ``apply()`` (the command layer's path);
nothing here imports pyroute2 except ``iproute.IPRoute`` when called.
"""
from .af_netlink import RtnlSocket
from .iproute import IPRoute

__all__ = ["RtnlSocket", "IPRoute"]
