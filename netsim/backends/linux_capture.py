"""Where a packet was seen on a real kernel: AF_PACKET capture in every namespace of a lab.

``with capture(["lab-a", "lab-b"]) as cap: ping(...)`` opens one ``AF_PACKET``/``ETH_P_ALL``
socket *inside each namespace* (a packet socket bound to no device sees every device of its own
namespace, the devices added during the capture too, and names the device of each frame).  A
reader thread records each frame with the kernel's receive timestamp (``SO_TIMESTAMPNS``), the
namespace, the device, the direction (``out`` for ``PACKET_OUTGOING``, else ``in``) and its
bytes.  :meth:`Capture.trace` turns the frames into a :class:`netsim.trace.Trace` of ``kind``
"captured": the same type the simulator returns, so the same display works, but its steps say
only *where and when* a frame was seen; the real kernel does not tell which function handled it.

Frames are decoded with :mod:`netsim.packets` (transport checksums are not verified: an outgoing
frame may still carry a partial checksum left for the device to finish); anything it does not
model (IPv6, IGMP with options) stays ``Raw`` behind its Ethernet header.
"""
from __future__ import annotations

import select
import socket
import struct
import threading
import time
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..packets import ARP, ETH_P_ARP, ETH_P_IP, Ether, IPv4, Raw
from ..trace import Step, Trace
from .linux_netns import socket_in

__all__ = ["Frame", "Capture", "capture", "decode"]

ETH_P_ALL = 0x0003
SO_TIMESTAMPNS = 35               # asm-generic/socket.h (SCM_TIMESTAMPNS is the same number)
PACKET_OUTGOING = 4
PKTTYPES = {0: "host", 1: "broadcast", 2: "multicast", 3: "otherhost", 4: "outgoing"}
_RCVBUF = 4 << 20
_TICK = 0.05


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame seen by a packet socket: ``time`` in seconds since the capture started."""
    time: float
    ns: str
    dev: str
    direction: str               # "in" or "out"
    data: bytes
    pkttype: str = "host"


def decode(data: bytes):
    """An Ethernet frame as a :mod:`netsim.packets` value; what is not modelled stays Raw."""
    if len(data) < 14:
        return Raw(bytes(data))
    dst, src = data[0:6].hex(":"), data[6:12].hex(":")
    etype = int.from_bytes(data[12:14], "big")
    body = data[14:]
    try:
        if etype == ETH_P_IP:
            inner = IPv4.from_bytes(body, verify=False)
        elif etype == ETH_P_ARP:
            inner = ARP.from_bytes(body)
        else:
            inner = Raw(body)
    except ValueError:
        inner = Raw(body)
    try:
        return Ether(dst, src, etype, inner)
    except (ValueError, TypeError):
        return Raw(bytes(data))


def _identity(pkt) -> tuple:
    """Frames that are one packet seen in several places share an skb number in the trace."""
    inner = getattr(pkt, "payload", None)
    if isinstance(inner, IPv4):
        return ("ip", inner.src, inner.dst, inner.proto, inner.id)
    if isinstance(inner, ARP):
        return ("arp", inner.op, inner.sha, inner.spa, inner.tha, inner.tpa)
    return ("raw", pkt.to_bytes())


class Capture:
    """Packet sockets in several namespaces, read by one thread between ``start`` and ``stop``.

    ``namespaces`` are real names under /run/netns, or a mapping real name -> the name to show
    (a lab's user-facing name).
    """

    def __init__(self, namespaces: Iterable[str] | Mapping[str, str], settle: float = 0.02):
        if isinstance(namespaces, Mapping):
            self.names = dict(namespaces)
        else:
            self.names = {n: n for n in namespaces}
        self.settle = settle
        self.frames: list[Frame] = []
        self._socks: dict[socket.socket, str] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._t0 = 0.0

    # -- lifecycle ---------------------------------------------------------
    def start(self) -> Capture:
        try:
            for real, shown in self.names.items():
                s = socket_in(real, socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _RCVBUF)
                s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
                s.setblocking(False)
                self._socks[s] = shown
        except BaseException:
            self._close()
            raise
        self._t0 = time.time()
        self._thread = threading.Thread(target=self._run, name="netsim capture", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Let frames in flight arrive (``settle`` seconds), read what is queued, close."""
        if self._thread is None:
            return
        time.sleep(self.settle)
        self._stop.set()
        self._thread.join(timeout=5)
        self._thread = None
        self._drain(list(self._socks))
        self._close()
        self.frames.sort(key=lambda f: f.time)

    def __enter__(self) -> Capture:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _close(self) -> None:
        for s in self._socks:
            s.close()
        self._socks.clear()

    # -- reading -----------------------------------------------------------
    def _run(self) -> None:
        socks = list(self._socks)
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select(socks, [], [], _TICK)
            except (OSError, ValueError):
                return
            self._drain(ready)

    def _drain(self, socks) -> None:
        for s in socks:
            while True:
                try:
                    data, anc, _flags, addr = s.recvmsg(65535, 64)
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    break
                self._record(self._socks.get(s, "?"), data, anc, addr)

    def _record(self, ns: str, data: bytes, anc, addr) -> None:
        ts = None
        for level, typ, cdata in anc:
            if level == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS and len(cdata) >= 16:
                sec, nsec = struct.unpack("=qq", cdata[:16])
                ts = sec + nsec / 1e9
        if ts is None:
            ts = time.time()
        dev, pkttype = addr[0], addr[2]
        self.frames.append(Frame(ts - self._t0, ns, dev,
                                 "out" if pkttype == PACKET_OUTGOING else "in", bytes(data),
                                 PKTTYPES.get(pkttype, str(pkttype))))

    # -- the trace ---------------------------------------------------------
    def trace(self, title: str = "", result=None) -> Trace:
        """The frames as a Trace (``kind="captured"``): one step per frame, in time order,
        timed from the first frame."""
        steps = []
        skbs: dict[tuple, int] = {}
        frames = sorted(self.frames, key=lambda f: f.time)
        t0 = frames[0].time if frames else 0.0
        for f in frames:
            pkt = decode(f.data)
            key = _identity(pkt)
            skb = skbs.setdefault(key, len(skbs) + 1)
            how = "sent" if f.direction == "out" else f"received ({f.pkttype})"
            steps.append(Step(f.time - t0, f.ns, f.dev, "packet seen", pkt,
                              f"{how}: {pkt.summary()}", skb))
        return Trace(steps, [], title, result, kind="captured")


def capture(namespaces: Iterable[str] | Mapping[str, str], settle: float = 0.02) -> Capture:
    """``with capture(namespaces) as cap: ...`` then ``cap.trace()`` (see :class:`Capture`)."""
    return Capture(namespaces, settle)
