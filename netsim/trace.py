"""The trace: every step of a packet's life as plain data; rendering is separate.

A :class:`Step` says *when* (simulated time), *where* (namespace, device), *which kernel function*
the step models (``ip_rcv``, ``fib_lookup``, ``br_fdb_find``...), the packet as it is at that step,
and *what was decided and why*.  A :class:`Disposition` closes the life of each packet:
delivered (to which socket or responder), forwarded out of the model, or dropped with a
:class:`~netsim.kernel.dropreason.DropReason`.

Nothing here imports rich or matplotlib; ``Trace`` renders itself as text, JSON, or HTML in Jupyter.
"""
from __future__ import annotations

import html
import json
import textwrap
from dataclasses import dataclass, field

__all__ = ["Step", "Disposition", "Trace", "Tracer"]


@dataclass(frozen=True, slots=True)
class Step:
    time: float
    ns: str
    dev: str | None
    func: str
    packet: object | None
    decision: str
    skb: int = 0                    # which packet (skb) this step belongs to
    details: tuple = ()             # extra lines: candidates, rules tested, FDB entries...

    def summary(self) -> str:
        return self.packet.summary() if self.packet is not None else ""

    def __str__(self) -> str:
        where = f"{self.ns}/{self.dev}" if self.dev else self.ns
        return f"{self.time:.6f}s {where} {self.func}: {self.decision}"

    def __repr__(self) -> str:        # short, for notebooks stepping through a trace
        return f"<Step {self}>"

    def as_dict(self) -> dict:
        d = {"time": round(self.time, 9), "ns": self.ns, "dev": self.dev, "func": self.func,
             "packet": self.summary(), "decision": self.decision}
        if self.details:
            d["details"] = list(self.details)
        return d


@dataclass(frozen=True, slots=True)
class Disposition:
    """How one packet's life ended: ``delivered``, ``dropped`` or ``consumed``."""
    time: float
    ns: str
    dev: str | None
    kind: str
    reason: object = None           # DropReason for drops
    where: str = ""                 # function that decided
    to: str = ""                    # for deliveries: socket/responder
    skb: int = 0
    packet: object = None

    def __str__(self) -> str:
        if self.kind == "dropped":
            name = getattr(self.reason, "name", str(self.reason))
            expl = getattr(self.reason, "value", "")
            return f"dropped in {self.ns} at {self.where} ({name}: {expl})"
        if self.kind == "consumed":
            return f"consumed in {self.ns} at {self.where} ({self.to})"
        return f"{self.kind} in {self.ns} to {self.to or self.where}"

    def as_dict(self) -> dict:
        d = {"kind": self.kind, "ns": self.ns, "dev": self.dev, "where": self.where,
             "time": round(self.time, 9)}
        if self.reason is not None:
            d["reason"] = getattr(self.reason, "name", str(self.reason))
        if self.to:
            d["to"] = self.to
        if self.packet is not None:
            d["packet"] = self.packet.summary()
        return d


class Tracer:
    """Collects steps while installed on a kernel (``kernel.tracer``); None there means off."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.dispositions: list[Disposition] = []

    def step(self, time, ns, dev, func, packet, decision, skb=0, details=()) -> None:
        self.steps.append(Step(time, ns, dev, func, packet, decision, skb, tuple(details)))

    def end(self, disp: Disposition) -> None:
        self.dispositions.append(disp)


def _wrap(head: str, text: str, width: int | None) -> list[str]:
    """``head + text``, the text wrapped to ``width`` and continued under its own column."""
    if width is None or len(head) + len(text) <= width:
        return [head + text]
    room = max(width - len(head), 20)
    parts = textwrap.wrap(text, room, break_long_words=True, break_on_hyphens=False) or [""]
    return [head + parts[0]] + [" " * len(head) + p for p in parts[1:]]


# deliveries that are not the probe's own packets arriving: ARP, and errors about them
_NOT_THE_PROBE = frozenset({"arp_process", "icmp_unreach"})


@dataclass
class Trace:
    """What happened during one probe (a ping, a connection...): steps and dispositions."""
    steps: list[Step] = field(default_factory=list)
    dispositions: list[Disposition] = field(default_factory=list)
    title: str = ""
    result: object = None           # what the probe reported (e.g. the ping's output)
    kind: str = "simulated"         # "simulated" (kernel functions named) or "captured"

    @property
    def disposition(self) -> Disposition | None:
        """The disposition that decided the probe: the last delivery of the probe's traffic
        (ARP exchanges and ICMP errors handed to a socket do not count: a ping answered by
        "Time to live exceeded" was not delivered), else the first drop."""
        for d in reversed(self.dispositions):
            if d.kind == "delivered" and d.where not in _NOT_THE_PROBE:
                return d
        for d in self.dispositions:
            if d.kind == "dropped":
                return d
        return self.dispositions[-1] if self.dispositions else None

    @property
    def delivered(self) -> bool:
        d = self.disposition
        return d is not None and d.kind == "delivered"

    @property
    def drops(self) -> list[Disposition]:
        return [d for d in self.dispositions if d.kind == "dropped"]

    def funcs(self) -> list[str]:
        return [s.func for s in self.steps]

    def find(self, func: str | None = None, ns: str | None = None, dev: str | None = None):
        return [s for s in self.steps if (func is None or s.func == func)
                and (ns is None or s.ns == ns) and (dev is None or s.dev == dev)]

    # -- rendering ----------------------------------------------------------
    def to_text(self, details: bool = True, width: int | None = None) -> str:
        """Plain text, one line per step; with ``width``, long decisions and details wrap under
        their own column so that no line is longer than ``width`` (golden files use this)."""
        lines = [self.title] if self.title else []
        if self.kind != "simulated":
            # a capture knows where and when a frame was seen, not which kernel function ran
            lines.append(f"({self.kind} on a real kernel: where each frame was seen; "
                         "kernel functions are not known)")
        for s in self.steps:
            where = f"{s.ns}/{s.dev}" if s.dev else s.ns
            head = f"{s.time:11.6f}s  {where:<18} {s.func:<22} "
            lines.extend(_wrap(head, s.decision, width))
            if details:
                for d in s.details:
                    lines.extend(_wrap(f"{'':50}· ", d, width))
        for d in self.dispositions:
            lines.extend(_wrap("=> ", str(d), width))
        return "\n".join(line.rstrip() for line in lines)

    def __str__(self) -> str:
        return self.to_text()

    def to_dict(self) -> dict:
        disp = self.disposition
        return {"steps": [s.as_dict() for s in self.steps],
                "disposition": disp.as_dict() if disp else None,
                "dispositions": [d.as_dict() for d in self.dispositions],
                "kind": self.kind}

    def to_json(self, **kw) -> str:
        return json.dumps(self.to_dict(), **kw)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{s.time * 1e6:.1f}µs</td><td>{html.escape(s.ns)}</td>"
            f"<td>{html.escape(s.dev or '')}</td><td><code>{s.func}</code></td>"
            f"<td>{html.escape(s.summary())}</td><td>{html.escape(s.decision)}</td></tr>"
            for s in self.steps)
        disp = "".join(f"<li>{html.escape(str(d))}</li>" for d in self.dispositions)
        caption = "" if self.kind == "simulated" else \
            f"<caption>{html.escape(self.kind)} on a real kernel</caption>"
        return (f"<table>{caption}<tr><th>time</th><th>ns</th><th>dev</th><th>function</th>"
                f"<th>packet</th><th>decision</th></tr>{rows}</table><ul>{disp}</ul>")
