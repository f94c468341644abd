"""A deterministic discrete-event clock (simpy-style), so that nothing ever sleeps.

Every timer of the simulated kernel (ARP retransmits, NUD transitions, FDB ageing) and every
packet hop is an event ``(time, seq, callback)``.  ``step()`` runs one event, ``run(until=)``
runs them in order; ties are broken by insertion order, so a run is reproducible.
"""
from __future__ import annotations

import heapq
from typing import Callable

__all__ = ["Clock", "Timer"]


class Timer:
    """A scheduled callback; ``cancel()`` makes it a no-op (like ``del_timer``)."""

    __slots__ = ("when", "fn", "args", "cancelled")

    def __init__(self, when: float, fn: Callable, args: tuple):
        self.when, self.fn, self.args, self.cancelled = when, fn, args, False

    def cancel(self) -> None:
        self.cancelled = True


class Clock:
    """Simulated time in seconds, starting at 0.0."""

    def __init__(self) -> None:
        self.now = 0.0
        self._queue: list[tuple[float, int, Timer]] = []
        self._seq = 0

    def schedule(self, delay: float, fn: Callable, *args) -> Timer:
        """Run ``fn(*args)`` ``delay`` seconds from now."""
        timer = Timer(self.now + delay, fn, args)
        self._seq += 1
        heapq.heappush(self._queue, (timer.when, self._seq, timer))
        return timer

    def pending(self) -> int:
        return sum(1 for _, _, t in self._queue if not t.cancelled)

    def next_time(self) -> float | None:
        while self._queue and self._queue[0][2].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0][0] if self._queue else None

    def step(self) -> bool:
        """Run the next pending event; return False when there is none."""
        while self._queue:
            when, _, timer = heapq.heappop(self._queue)
            if timer.cancelled:
                continue
            self.now = max(self.now, when)
            timer.fn(*timer.args)
            return True
        return False

    def run(self, until: float | None = None, stop: Callable[[], bool] | None = None) -> None:
        """Run events in order up to time ``until`` (then set the clock to it), or until ``stop()``."""
        queue = self._queue
        while queue:
            when, _, timer = queue[0]
            if timer.cancelled:
                heapq.heappop(queue)
                continue
            if until is not None and when > until:
                break
            heapq.heappop(queue)
            self.now = max(self.now, when)
            timer.fn(*timer.args)
            if stop is not None and stop():
                return
        if until is not None and until > self.now:
            self.now = until

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of simulated time pass, running every timer due in them."""
        self.run(until=self.now + seconds)
