"""Configuration errors, each carrying the errno the Linux kernel returns.

Models the way rtnetlink answers a bad request: an ``errno`` and, since kernel 4.12, an
optional *extack* message (``Error: Nexthop has invalid gateway.``).  The simulated backend
raises the same errno the real kernel returns through pyroute2, so the command layer can
print the very text ``ip`` prints (``RTNETLINK answers: File exists``).

Drops of packets are never errors: they are values (see :mod:`netsim.kernel.dropreason`).
"""
from __future__ import annotations

import errno as _errno
import os

__all__ = ["NetsimError", "NotFound", "Exists", "Invalid", "Unreachable", "Busy", "NotSupported"]


class NetsimError(Exception):
    """A refused configuration request: ``errno`` plus the kernel's extack text, if any."""

    default_errno = _errno.EINVAL

    def __init__(self, errno: int | None = None, extack: str | None = None):
        self.errno = errno if errno is not None else self.default_errno
        self.extack = extack
        super().__init__(extack or os.strerror(self.errno))

    @property
    def strerror(self) -> str:
        return os.strerror(self.errno)


class NotFound(NetsimError):
    default_errno = _errno.ENODEV


class Exists(NetsimError):
    default_errno = _errno.EEXIST


class Invalid(NetsimError):
    default_errno = _errno.EINVAL


class Unreachable(NetsimError):
    default_errno = _errno.ENETUNREACH


class Busy(NetsimError):
    default_errno = _errno.EBUSY


class NotSupported(NetsimError):
    default_errno = _errno.EOPNOTSUPP
