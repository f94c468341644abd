"""Step through a packet's life: a probe (``ping``...) advanced one trace step at a time on the
simulated clock, for notebooks and teaching.

>>> from netsim import docker_demo
>>> lab = docker_demo()
>>> s = lab.stepper("c1", "ping", "172.17.0.3")
>>> first = s.step()                  # runs exactly what happens up to this step
>>> first.func, first.ns
('fib_lookup', 'c1')
>>> s.step().func
'ip_finish_output2'
>>> [st.func for st in s.take(3)]
['neigh_resolve_output', 'arp_send', 'dev_queue_xmit']
>>> s.now == first.time                # simulated time stands still until an event is due
True
>>> trace = s.run()                   # ... or let the rest happen at once
>>> trace.delivered, s.done, s.result.rc
(True, True, 0)

How it works.  The simulated kernel is a discrete-event machine (:mod:`netsim.clock`): one event
is, for instance, a frame arriving on a device, and everything the kernel does with it then
(``netif_receive_skb`` → ``br_handle_frame`` → ``br_forward`` → ``dev_queue_xmit``...) happens
within that event.  The probe itself is a process (:func:`netsim.ping.ping_process`) that waits
for simulated time to pass.  :meth:`Stepper.step` hands out the steps one by one: when none is
left from the last event, it runs the next event (or resumes the probe) and collects the steps
that event made.  So after ``s.step()`` the model is exactly as it is once the event that made
that step has run; ``s.pending`` holds the steps of that event not yet handed out.

The tracer is installed only while the stepper runs, so between steps the lab can be inspected
(``lab.sh("ip -n c1 neigh")``).  The machine has one clock: another probe run between steps
(``lab.ping``...) also runs the stepped packet's pending events, whose steps then belong to
that probe's trace.
"""
from __future__ import annotations

from types import SimpleNamespace

from .ping import Wait, ping_process
from .trace import Step, Trace, Tracer

__all__ = ["Stepper", "stepper", "udp_probe", "tcp_probe"]

PROGRAMS = ("ping",)


class Stepper:
    """A probe run one trace step at a time.  Iterate over it, or call :meth:`step`, then
    :meth:`run` to finish; :attr:`trace` holds everything so far."""

    def __init__(self, kernel, process, title: str = ""):
        self.kernel = kernel
        self._proc = process
        self._wait: Wait | None = None
        self._tracer = Tracer()
        self._given = 0                      # steps handed out so far
        self._started = False
        self.done = False
        self.result = None
        self.trace = Trace(title=title)
        self.trace.steps, self.trace.dispositions = self._tracer.steps, self._tracer.dispositions

    # -- public ---------------------------------------------------------------------------
    @property
    def now(self) -> float:
        """The simulated time."""
        return self.kernel.clock.now

    @property
    def pending(self) -> list[Step]:
        """Steps that already happened (in the last event run) but were not handed out yet."""
        return self._tracer.steps[self._given:]

    def step(self) -> Step | None:
        """The next step of the trace, running exactly the events needed to produce it;
        None when the probe has finished and every step was handed out."""
        while self._given >= len(self._tracer.steps):
            if self.done:
                return None
            self._advance()
        st = self._tracer.steps[self._given]
        self._given += 1
        return st

    def take(self, n: int) -> list[Step]:
        """Up to ``n`` further steps."""
        out = []
        for _ in range(n):
            st = self.step()
            if st is None:
                break
            out.append(st)
        return out

    def run(self) -> Trace:
        """Run the probe to its end; returns the whole trace (its ``result`` is the probe's)."""
        while not self.done:
            self._advance()
        self._given = len(self._tracer.steps)
        return self.trace

    def __iter__(self):
        return self

    def __next__(self) -> Step:
        st = self.step()
        if st is None:
            raise StopIteration
        return st

    def close(self) -> None:
        """Abandon the probe (its socket is closed); the model keeps its state."""
        if not self.done:
            self._proc.close()
            self.done = True

    def _repr_html_(self) -> str:
        """In Jupyter: the steps handed out so far, as a table."""
        given = Trace(self._tracer.steps[:self._given], title=self.trace.title)
        return given._repr_html_()

    def __repr__(self) -> str:
        state = "done" if self.done else f"at {self.now:.6f}s"
        return f"<Stepper {self.trace.title!r} {state}, {self._given} steps given>"

    # -- driving ------------------------------------------------------------------------------
    def _advance(self) -> None:
        """Run one clock event, or resume the probe when it has nothing more to wait for."""
        k = self.kernel
        saved, k.tracer = k.tracer, self._tracer
        try:
            if not self._started:
                self._started = True
                self._resume(first=True)
                return
            clock, wait = k.clock, self._wait
            nxt = clock.next_time()
            if nxt is not None and nxt <= wait.until:
                clock.step()
                if wait.stop is not None and wait.stop():
                    self._resume()            # as Clock.run(stop=): no jump to `until`
                return
            if wait.until > clock.now:
                clock.now = wait.until
            self._resume()
        finally:
            k.tracer = saved

    def _resume(self, first: bool = False) -> None:
        try:
            self._wait = next(self._proc) if first else self._proc.send(None)
        except StopIteration as e:
            self.done = True
            self.result = e.value
            self.trace.result = e.value


def stepper(lab, ns: str, program: str, *args, **kw) -> Stepper:
    """``lab.stepper(ns, "ping", dst, count=1, timeout=1.0, interval=1.0, ttl=64)``: a
    :class:`Stepper` over the program run in namespace ``ns`` (simulated backend only)."""
    if lab.kernel is None:
        raise ValueError("stepping needs the simulated backend (Lab(backend='sim'))")
    if program != "ping":
        raise ValueError(f"cannot step {program!r}: supported programs are {', '.join(PROGRAMS)}")
    ns_obj = lab.backend.ns(ns)
    (dst,) = args
    count = kw.get("count", 1)
    proc = ping_process(lab.kernel, ns_obj, dst, **kw)
    return Stepper(lab.kernel, proc, title=f"ping -c {count} {dst} from {ns}")


# ----------------------------------------------------------------------------- socket probes
def _nc_probe(lab, ns: str, argv: list[str], title: str) -> Trace:
    from . import nc
    if lab.kernel is None:
        raise ValueError("traced probes need the simulated backend (Lab(backend='sim'))")
    k = lab.kernel
    saved, k.tracer = k.tracer, Tracer()
    tracer = k.tracer
    try:
        rc, out, err = nc.nc(k, lab.backend.ns(ns), argv)
    finally:
        k.tracer = saved
    return Trace(tracer.steps, tracer.dispositions, title=title,
                 result=SimpleNamespace(rc=rc, stdout=out, stderr=err))


def tcp_probe(lab, ns: str, dst: str, port: int, timeout: float = 1.0) -> Trace:
    """``nc -zvn -w TIMEOUT DST PORT`` from ``ns``: a TCP connection attempt, traced.  The
    result says ``succeeded`` (rc 0) or why it failed (``Connection refused``, timeout...)."""
    w = f"{timeout:g}"
    return _nc_probe(lab, ns, ["-zvn", "-w", w, dst, str(port)], f"nc -zvn -w {w} {dst} {port} from {ns}")


def udp_probe(lab, ns: str, dst: str, port: int, timeout: float = 1.0) -> Trace:
    """``nc -zvnu -w TIMEOUT DST PORT`` from ``ns``: datagrams to a UDP port, traced.  A closed
    port answers with ICMP port unreachable (rc 1)."""
    w = f"{timeout:g}"
    return _nc_probe(lab, ns, ["-zvnu", "-w", w, dst, str(port)],
                     f"nc -zvnu -w {w} {dst} {port} from {ns}")
