"""NF_HOOK: models include/linux/netfilter.h and net/netfilter/core.c (``nf_hook_slow``).

``nf_hook(hook, ns, skb, in_dev, out_dev, okfn, *args)`` runs what is registered at that hook
— conntrack and the iptables tables, in the kernel's priority order — and then either calls
``okfn`` (the ``_finish`` half of the function that was split at the hook) or ends the packet.
A namespace where iptables was never used has no hooks registered and costs nothing here.
"""
from __future__ import annotations

__all__ = ["nf_hook", "HOOK_IMPL"]

HOOK_IMPL = [None]    # the netfilter path (netsim.kernel.nf_path.run_hook), once loaded


def nf_hook(hook: str, ns, skb, in_dev, out_dev, okfn, *args):
    """Returns False when a hook dropped the packet on the way (``-EPERM`` for a local sender),
    else what ``okfn`` returned."""
    if ns.netfilter is None or HOOK_IMPL[0] is None:
        return okfn(ns, skb, *args)
    return HOOK_IMPL[0](hook, ns, skb, in_dev, out_dev, okfn, args)
