"""Tracepoints: where the path functions report a step, a drop or a delivery.

Models include/trace/events/skb.h (``kfree_skb`` with its drop reason, ``consume_skb``) and
net/core/drop_monitor.c.  With no tracer installed on the kernel these cost one attribute test.
"""
from __future__ import annotations

from ..trace import Disposition
from .dropreason import DropReason

__all__ = ["step", "kfree_skb", "deliver", "consume_skb", "LINK_DELAY"]

LINK_DELAY = 1e-6   # one microsecond per wire/veth hop: keeps events ordered and readable


def step(ns, dev, func: str, skb, decision: str, details=()) -> None:
    tr = ns.kernel.tracer
    if tr is not None:
        tr.step(ns.kernel.clock.now, ns.name, dev.name if dev is not None else None, func,
                skb.pkt if skb is not None else None, decision, skb.id if skb is not None else 0,
                details)


def kfree_skb(ns, dev, func: str, skb, reason: DropReason, why: str = "") -> None:
    """A drop: the packet's life ends here, with a reason from dropreason-core.h."""
    tr = ns.kernel.tracer
    if tr is not None:
        now = ns.kernel.clock.now
        devname = dev.name if dev is not None else None
        tr.step(now, ns.name, devname, func, skb.pkt, f"DROP {reason.name}: {why or reason.value}",
                skb.id)
        tr.end(Disposition(now, ns.name, devname, "dropped", reason, func, "", skb.id, skb.pkt))


def deliver(ns, dev, func: str, skb, to: str) -> None:
    """consume_skb(): the packet reached its socket or responder."""
    tr = ns.kernel.tracer
    if tr is not None:
        now = ns.kernel.clock.now
        devname = dev.name if dev is not None else None
        tr.step(now, ns.name, devname, func, skb.pkt, f"delivered to {to}", skb.id)
        tr.end(Disposition(now, ns.name, devname, "delivered", None, func, to, skb.id, skb.pkt))


def consume_skb(ns, dev, func: str, skb, why: str) -> None:
    """consume_skb(): the packet was used up normally (not an error), e.g. by a dummy device."""
    tr = ns.kernel.tracer
    if tr is not None:
        now = ns.kernel.clock.now
        devname = dev.name if dev is not None else None
        tr.step(now, ns.name, devname, func, skb.pkt, f"consumed: {why}", skb.id)
        tr.end(Disposition(now, ns.name, devname, "consumed", None, func, why, skb.id, skb.pkt))
