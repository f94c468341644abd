"""Behaviour of the simulated kernel: one module per subsystem, named after the Linux file it models.

Read in the packet's order: ``dev`` (dev_queue_xmit, netif_receive_skb) → ``veth`` / ``bridge`` →
``ip_input`` (ip_rcv) → ``fib`` (fib_lookup) → ``ip_forward`` / ``ip_output`` → ``neighbour`` /
``arp`` → back to ``dev``.  Configuration (rtnetlink) lives in ``rtnetlink`` (links), ``devinet``
(addresses) and ``fib`` (routes and rules).  State is in :mod:`netsim.kernel_model`.
"""


def load() -> None:
    """Import every path module so each registers its handlers (xmit, rx, protocols)."""
    from . import (arp, bridge, dev, icmp, ip_forward, ip_input, ip_output, macvlan,  # noqa: F401
                   veth, vxlan)
    from . import br_netfilter, conntrack, nf_path, tcp, udp  # noqa: F401  (netfilter, sockets)
