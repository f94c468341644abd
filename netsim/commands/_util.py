"""Small shared pieces of the command layer: results, errors, iproute2's argument helpers."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from ipaddress import IPv4Address

__all__ = ["Result", "CmdError", "matches", "parse_prefix", "parse_addr", "rtnl_error",
           "MAC_RE"]

MAC_RE = re.compile(r"^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$")


@dataclass
class Result:
    """What a command line gave: exit status, standard output, standard error."""
    rc: int
    stdout: str = ""
    stderr: str = ""

    def __iter__(self):
        return iter((self.rc, self.stdout, self.stderr))


class CmdError(Exception):
    """Ends a command with a status and a message on stderr (as the real tool would exit)."""

    def __init__(self, rc: int, stderr: str, stdout: str = ""):
        super().__init__(stderr)
        self.rc, self.stderr, self.stdout = rc, stderr, stdout


def matches(arg: str, keyword: str) -> bool:
    """iproute2's matches(): ``arg`` is a non-empty prefix of ``keyword``."""
    return bool(arg) and keyword.startswith(arg)


def rtnl_error(e) -> CmdError:
    """How iproute2 reports a refused netlink request: the extack text, else the errno text."""
    if getattr(e, "extack", None):
        return CmdError(2, f"Error: {e.extack}\n")
    return CmdError(2, f"RTNETLINK answers: {os.strerror(e.errno)}\n")


def _octets_ok(s: str) -> bool:
    parts = s.split(".")
    if not 1 <= len(parts) <= 4:
        return False
    return all(p.isdigit() and int(p) <= 255 for p in parts)


def parse_addr(s: str) -> IPv4Address | None:
    """get_addr_ipv4(): one to four dotted bytes, the missing ones zero ("10.17.0" is
    10.17.0.0, as iproute2 reads it)."""
    if not _octets_ok(s):
        return None
    parts = s.split(".")
    return IPv4Address(".".join(str(int(p)) for p in parts + ["0"] * (4 - len(parts))))


def parse_prefix(s: str, allow_default: bool = True) -> tuple[int, int] | None:
    """get_prefix(): ``A[/LEN]`` or ``default`` -> (network int, plen); None if invalid.
    Host bits are kept (the kernel, not iproute2, refuses them for routes)."""
    if allow_default and s in ("default", "all", "any"):
        return 0, 0
    if "/" in s:
        a, _, l = s.partition("/")
        if not l.isdigit() or int(l) > 32:
            return None
        plen = int(l)
    else:
        a, plen = s, 32
    addr = parse_addr(a)
    if addr is None:
        # iproute2 accepts short forms like 10/8 for prefixes
        parts = a.split(".")
        if "/" in s and _octets_ok(a):
            addr = IPv4Address(".".join(parts + ["0"] * (4 - len(parts))))
        else:
            return None
    return int(addr), plen
