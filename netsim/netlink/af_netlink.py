"""The netlink socket over the simulated kernel: models ``net/netlink/af_netlink.c``
(``netlink_rcv_skb``, ``netlink_ack``, ``netlink_dump_done``) and the dispatch of
``net/core/rtnetlink.c`` (``rtnetlink_rcv_msg``).

A request (bytes) goes in with ``send``/``sendto``; the answers (bytes) come out of
``recv``/``recvfrom``, one datagram at a time, as from a real ``AF_NETLINK`` socket.  State
changes are translated into the typed commands of :mod:`netsim.commands.model` and executed by
the backend's ``apply()`` (the path the command layer takes too); dumps are encoded from the
kernel model.  The object has the socket API pyroute2 needs, so
``pyroute2.IPRoute(use_socket=RtnlSocket(backend, "c1"))`` talks to the simulator (see
:mod:`netsim.netlink.iproute`).

>>> from netsim.backends.sim import SimBackend
>>> from netsim.netlink import wire as w
>>> sock = RtnlSocket(SimBackend())
>>> req = w.Message(w.RTM_GETLINK, w.NLM_F_REQUEST | w.NLM_F_DUMP, 1, 0, w.IfInfoMsg())
>>> sock.sendto(req.emit(), (0, 0)) > 0
True
>>> [m.type for m in w.parse(sock.recv(65536))]     # lo, then NLMSG_DONE
[16, 3]
"""
from __future__ import annotations

import errno
import socket
import struct
import threading
from collections import deque

from ..errors import NetsimError
from . import rtnl_addr, rtnl_link, rtnl_neigh, rtnl_route
from . import wire as w

__all__ = ["RtnlSocket", "Request"]

NETLINK_ROUTE = 0
AF_NETLINK = 16
_CHUNK = 16384          # a dump skb holds about this much (netlink_dump: max(PAGE, 16k))


class Request:
    """What a handler gets: the parsed message, the backend, the namespace name."""

    def __init__(self, sock: "RtnlSocket", msg: w.Message):
        self.msg, self.backend, self.ns_name = msg, sock.backend, sock.ns_name

    @property
    def ns(self):
        return self.backend.ns(self.ns_name)

    def reply(self, type_: int, header, attrs, flags: int = 0) -> w.Message:
        return w.Message(type_, flags, self.msg.seq, self.msg.pid, header, attrs)

    def apply(self, cmd) -> None:
        """A netlink request names devices by index: no RTM_GETLINK lookups before it."""
        getattr(self.backend, "apply_request", self.backend.apply)(cmd)


# (type) -> (handler, is a GET whose NLM_F_DUMP means dump)
_DOIT = {
    w.RTM_NEWLINK: rtnl_link.rtnl_newlink, w.RTM_SETLINK: rtnl_link.rtnl_setlink,
    w.RTM_DELLINK: rtnl_link.rtnl_dellink, w.RTM_GETLINK: rtnl_link.rtnl_getlink,
    w.RTM_NEWADDR: rtnl_addr.inet_rtm_newaddr, w.RTM_DELADDR: rtnl_addr.inet_rtm_deladdr,
    w.RTM_NEWROUTE: rtnl_route.inet_rtm_newroute, w.RTM_DELROUTE: rtnl_route.inet_rtm_delroute,
    w.RTM_GETROUTE: rtnl_route.inet_rtm_getroute,
    w.RTM_NEWRULE: rtnl_route.fib_nl_newrule, w.RTM_DELRULE: rtnl_route.fib_nl_delrule,
    w.RTM_NEWNEIGH: rtnl_neigh.neigh_add, w.RTM_DELNEIGH: rtnl_neigh.neigh_delete,
    w.RTM_GETNEIGH: rtnl_neigh.neigh_get,
}
_DUMPIT = {
    w.RTM_GETLINK: rtnl_link.rtnl_dump_ifinfo, w.RTM_GETADDR: rtnl_addr.inet_dump_ifaddr,
    w.RTM_GETROUTE: rtnl_route.inet_dump_fib, w.RTM_GETRULE: rtnl_route.fib_nl_dumprule,
    w.RTM_GETNEIGH: rtnl_neigh.neigh_dump_info,
}


class RtnlSocket:
    """A ``NETLINK_ROUTE`` socket bound to one namespace of a simulated backend."""

    def __init__(self, backend, ns: str | None = None, ext_ack: bool = False):
        backend.ns(ns)                           # the namespace must exist (ENOENT)
        self.backend, self.ns_name = backend, ns
        self.ext_ack = ext_ack                   # NETLINK_EXT_ACK: extack TLVs in errors
        self.cap_ack = False                     # NETLINK_CAP_ACK: errors echo only the header
        self._queue: deque[bytes] = deque()
        self._lock = threading.Lock()            # pyroute2 looks for it (thread-safe socket)
        self._r, self._w = socket.socketpair()   # readiness for an event loop: 1 byte/datagram
        self._blocking = True
        self.groups = 0

    # -- netlink_rcv_skb ----------------------------------------------------------
    def handle(self, data: bytes) -> list[bytes]:
        """Process every message of a datagram; the answers, as datagrams."""
        try:
            msgs = w.parse(data)
        except ValueError:
            return []                            # the kernel drops a malformed skb
        out: list[bytes] = []
        for msg in msgs:
            out.extend(self._rcv_msg(msg))
        return out

    def _rcv_msg(self, msg: w.Message) -> list[bytes]:
        if not msg.flags & w.NLM_F_REQUEST or msg.type < w.RTM_NEWLINK:
            return [self._ack(msg, 0)] if msg.flags & w.NLM_F_ACK else []
        req = Request(self, msg)
        dump = msg.type in _DUMPIT and msg.flags & w.NLM_F_DUMP
        try:
            if dump:
                return self._dump(req, _DUMPIT[msg.type](req))
            handler = _DOIT.get(msg.type)
            if handler is None:
                raise NetsimError(errno.EOPNOTSUPP)
            replies = handler(req) or []
        except NetsimError as e:
            return [self._ack(msg, -e.errno, e.extack)]
        except ValueError as e:                  # a malformed attribute: nla_parse failed
            return [self._ack(msg, -errno.EINVAL, str(e) or None)]
        out = [_datagram(replies)] if replies else []
        if msg.flags & w.NLM_F_ACK:
            out.append(self._ack(msg, 0))
        return out

    def _dump(self, req: Request, entries) -> list[bytes]:
        """netlink_dump(): NLM_F_MULTI messages in skbs of about 16k, then NLMSG_DONE."""
        out, chunk, size = [], [], 0
        for m in entries:
            m = w.Message(m.type, m.flags | w.NLM_F_MULTI, m.seq, m.pid, m.header, m.attrs)
            raw = m.emit()
            if chunk and size + len(raw) > _CHUNK:
                out.append(b"".join(chunk))
                chunk, size = [], 0
            chunk.append(raw)
            size += len(raw)
        done = w.Message(w.NLMSG_DONE, w.NLM_F_MULTI, req.msg.seq, req.msg.pid, None, [],
                         struct.pack("=i", 0))
        chunk.append(done.emit())
        out.append(b"".join(chunk))
        return out

    def _ack(self, msg: w.Message, err: int, extack: str | None = None) -> bytes:
        """netlink_ack(): the errno and the request (only its header for a success or with
        NETLINK_CAP_ACK), then NLMSGERR_ATTR_MSG if the socket asked for extended acks."""
        req = msg.emit()
        flags, attrs = 0, []
        if err == 0 or self.cap_ack:
            req = req[:16]
            flags |= w.NLM_F_CAPPED
        if self.ext_ack and extack and err:
            attrs.append(w.string(w.NLMSGERR_ATTR_MSG, extack))
            flags |= w.NLM_F_ACK_TLVS
        return w.Message(w.NLMSG_ERROR, flags, msg.seq, msg.pid, w.NlMsgErr(err), attrs,
                         req).emit()

    # -- the socket API (what pyroute2 and asyncio call) ------------------------------
    def sendto(self, data, flags=0, address=None) -> int:
        if address is None and not isinstance(flags, int):
            address = flags
        for dgram in self.handle(bytes(data)):
            self._queue.append(dgram)
            self._w.send(b"x")
        return len(data)

    def send(self, data, flags=0) -> int:
        return self.sendto(data)

    sendall = send

    def recv(self, bufsize: int = 65536, flags: int = 0) -> bytes:
        if not self._queue:
            if not self._blocking:
                raise BlockingIOError(errno.EAGAIN, "no netlink message queued")
            return b""                           # nothing will ever arrive: do not hang
        self._r.recv(1)
        return self._queue.popleft()[:bufsize]

    def recvfrom(self, bufsize: int = 65536, flags: int = 0):
        return self.recv(bufsize, flags), (0, 0)

    def recv_into(self, buffer, nbytes: int = 0, flags: int = 0) -> int:
        data = self.recv(nbytes or len(buffer), flags)
        buffer[:len(data)] = data
        return len(data)

    def recvfrom_into(self, buffer, nbytes: int = 0, flags: int = 0):
        return self.recv_into(buffer, nbytes, flags), (0, 0)

    def fileno(self) -> int:
        return self._r.fileno()

    def setblocking(self, flag: bool) -> None:
        self._blocking = bool(flag)

    def getblocking(self) -> bool:
        return self._blocking

    def settimeout(self, value) -> None:
        self._blocking = value is None or value > 0

    def gettimeout(self):
        return None if self._blocking else 0.0

    def bind(self, address=None) -> None:
        if isinstance(address, tuple) and len(address) > 1:
            self.groups = address[1]

    def setsockopt(self, level, optname, value) -> None:
        if level == w.SOL_NETLINK and optname == w.NETLINK_EXT_ACK:
            self.ext_ack = bool(value)
        elif level == w.SOL_NETLINK and optname == w.NETLINK_CAP_ACK:
            self.cap_ack = bool(value)

    def getsockopt(self, level, optname, buflen=None):
        return 0

    def getsockname(self):
        return (0, self.groups)

    def getpeername(self):
        return (0, 0)

    def close(self) -> None:
        self._r.close()
        self._w.close()

    @property
    def type(self):
        return socket.SOCK_DGRAM

    @property
    def family(self):
        return AF_NETLINK

    @property
    def proto(self):
        return NETLINK_ROUTE


def _datagram(msgs) -> bytes:
    return b"".join(m.emit() for m in msgs)
