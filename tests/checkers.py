"""Composable trace checkers (STYLE 12, after gVisor's checker package).

A checker is a small predicate over one event of a :class:`netsim.trace.Trace`: a step (one
kernel function at one place) or a disposition (the end of a packet's life).
:func:`assert_path` walks the trace once and requires the checkers to match *in order*, each
on a later event than the one before, so a test states only the landmarks it cares about::

    assert_path(trace, via("br0"), func("br_fdb_update"), delivered_to("c2"))
    assert_path(trace, func("ip_forward", ns="r"), dropped("IP_TTL_EXCEEDED"))

Checkers combine: ``func("br_flood", ns="host") & decision("veth2")``.  On failure the message
names the first checker that found no match and prints the trace.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from netsim.trace import Disposition, Step, Trace

__all__ = ["Checker", "via", "func", "decision", "in_ns", "skb", "delivered_to", "dropped",
           "assert_path", "assert_no", "events", "first"]


@dataclass(frozen=True)
class Checker:
    """A named predicate over one trace event (a Step or a Disposition)."""
    name: str
    pred: Callable[[object], bool]

    def __call__(self, event) -> bool:
        return self.pred(event)

    def __and__(self, other: "Checker") -> "Checker":
        return Checker(f"{self.name} & {other.name}", lambda e: self(e) and other(e))

    def __repr__(self) -> str:
        return self.name


def _is_step(e) -> bool:
    return isinstance(e, Step)


def via(dev: str, ns: str | None = None) -> Checker:
    """A step on device ``dev`` (in namespace ``ns`` if given)."""
    return Checker(f"via({dev!r}{', ns=' + repr(ns) if ns else ''})",
                   lambda e: _is_step(e) and e.dev == dev and (ns is None or e.ns == ns))


def func(name: str, ns: str | None = None, dev: str | None = None,
         decision: str | None = None) -> Checker:
    """A step that models kernel function ``name`` (optionally where, and what it decided)."""
    extra = "".join(f", {k}={v!r}" for k, v in (("ns", ns), ("dev", dev), ("decision", decision))
                    if v is not None)
    return Checker(f"func({name!r}{extra})",
                   lambda e: _is_step(e) and e.func == name and (ns is None or e.ns == ns)
                   and (dev is None or e.dev == dev)
                   and (decision is None or decision in e.decision))


def decision(text: str) -> Checker:
    """A step whose decision mentions ``text``."""
    return Checker(f"decision({text!r})", lambda e: _is_step(e) and text in e.decision)


def in_ns(ns: str) -> Checker:
    """Any step in namespace ``ns``."""
    return Checker(f"in_ns({ns!r})", lambda e: _is_step(e) and e.ns == ns)


def skb(pred: Callable[[object], bool], name: str = "skb(...)") -> Checker:
    """A step whose packet satisfies ``pred`` (e.g. ``lambda p: p.ttl == 63``)."""
    def check(e):
        if not _is_step(e) or e.packet is None:
            return False
        try:
            return bool(pred(e.packet))
        except AttributeError:
            return False
    return Checker(name, check)


def delivered_to(ns: str, to: str | None = None) -> Checker:
    """The packet's life ended by delivery in ``ns`` (to a responder/socket mentioning ``to``)."""
    return Checker(f"delivered_to({ns!r}{', ' + repr(to) if to else ''})",
                   lambda e: isinstance(e, Disposition) and e.kind == "delivered"
                   and e.ns == ns and (to is None or to in e.to))


def dropped(reason: str, ns: str | None = None, where: str | None = None) -> Checker:
    """The packet was dropped with DropReason ``reason`` (by name), optionally where."""
    return Checker(f"dropped({reason!r}{', ns=' + repr(ns) if ns else ''})",
                   lambda e: isinstance(e, Disposition) and e.kind == "dropped"
                   and getattr(e.reason, "name", e.reason) == reason
                   and (ns is None or e.ns == ns) and (where is None or e.where == where))


def events(trace: Trace) -> list:
    """Steps and dispositions in the order they happened (a disposition right after the step
    that ended the packet: the tracer records the two together)."""
    out: list = []
    pending = list(trace.dispositions)
    for s in trace.steps:
        out.append(s)
        if pending and s.skb == pending[0].skb and s.func == pending[0].where and \
                s.time == pending[0].time and s.ns == pending[0].ns and \
                s.decision.startswith(_END_WORDS[pending[0].kind]):
            out.append(pending.pop(0))
    return out + pending


# how the tracepoints word the step that ends a packet (kfree_skb, deliver, consume_skb)
_END_WORDS = {"dropped": "DROP ", "delivered": "delivered to ", "consumed": "consumed"}


def assert_path(trace: Trace, *checkers: Checker) -> list:
    """Each checker must match an event after the previous match; returns the matched events."""
    evs = events(trace)
    i, matched = 0, []
    for c in checkers:
        while i < len(evs) and not c(evs[i]):
            i += 1
        if i == len(evs):
            done = ", ".join(map(repr, checkers[:len(matched)])) or "nothing"
            raise AssertionError(f"no event matches {c!r} (after matching {done})\n"
                                 f"{trace.to_text()}")
        matched.append(evs[i])
        i += 1
    return matched


def assert_no(trace: Trace, checker: Checker) -> None:
    """No event of the trace matches ``checker``."""
    hits = [e for e in events(trace) if checker(e)]
    if hits:
        raise AssertionError(f"{checker!r} matched {hits[0]}\n{trace.to_text()}")


def first(trace: Trace, checker: Checker):
    """The first event matching ``checker`` (AssertionError if none)."""
    return assert_path(trace, checker)[0]
