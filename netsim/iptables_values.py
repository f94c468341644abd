"""Errors and option values of the ``iptables`` command (1.8.9, nf_tables): the messages and exit
statuses of ``xtables_error``/``nft_strerror``, and the value parsers of the extensions
(``xtables_parse_port``, libxt_multiport's ``parse_multi_ports_v1``, libxt_MARK, the NAT
targets' ranges).  Used by :mod:`netsim.iptables_cmd`."""
from __future__ import annotations

import ipaddress
from typing import Optional

from netsim import iptables_fmt as fmt
from netsim.kernel.netfilter import PROTO_NUMBERS, NatSpec

PROG = "iptables v1.8.9 (nf_tables)"
TRY = "Try `iptables -h' or 'iptables --help' for more information.\n"


class Fail(Exception):
    """An iptables failure: its exit status and what it prints on stderr."""

    def __init__(self, rc: int, text: str) -> None:
        self.rc, self.text = rc, text


def param(msg: str) -> Fail:
    """``xtables_error(PARAMETER_PROBLEM, ...)``: exit 2 with the Try line."""
    return Fail(2, f"{PROG}: {msg}\n{TRY}")


def kernel(msg: str) -> Fail:
    """``nft_strerror`` of a failed command: exit 1."""
    return Fail(1, f"iptables: {msg}.\n")


def batch(op: str, err: str, obj: str) -> Fail:
    """A rejected nf_tables batch (``nft_rule_... failed``): exit 4."""
    return Fail(4, f"{PROG}:  {op} failed ({err}): {obj}\n")


def rulenum(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise param(f"Invalid rule number `{text}'")
    return int(text)


def proto(text: str) -> int:
    low = text.lower()
    if low == "all":
        return 0
    if low.isdigit() and int(low) <= 255:
        return int(low)
    if low in PROTO_NUMBERS:
        return PROTO_NUMBERS[low]
    raise param(f'unknown protocol "{text}" specified')


def port(text: str, proto: str) -> int:
    if text.isdigit() and int(text) <= 65535:
        return int(text)
    num = fmt.SERVICE_PORTS.get((text, proto))
    if num is None:
        raise param(f"invalid port/service `{text}' specified")
    return num


def port_range(text: str, proto: str) -> tuple[int, int]:
    lo, colon, hi = text.partition(":")
    if not colon:
        p = port(text, proto)
        return (p, p)
    rng = (port(lo, proto) if lo else 0, port(hi, proto) if hi else 65535)
    if rng[0] > rng[1]:
        raise param("invalid portrange (min > max)")
    return rng


def icmp_type(text: str) -> tuple[int, tuple[int, int]]:
    for name, t, lo, hi in fmt.ICMP_CODES:
        if name == text:
            return t, (lo, hi)
    typ, slash, code = text.partition("/")
    if not (typ.isdigit() and int(typ) <= 255):
        raise param(f"Unknown ICMP type `{text}'")
    if slash and not (code.isdigit() and int(code) <= 255):
        raise param(f"Unknown ICMP code `{text}'")
    return int(typ), (int(code), int(code)) if slash else (0, 255)


def multiports(text: str, proto: str) -> tuple[tuple[int, int], ...]:
    """parse_multi_ports_v1(): up to 15 slots, a range taking two."""
    out, slots = [], 0
    for part in text.split(","):
        lo, colon, hi = part.partition(":")
        slots += 2 if colon else 1
        if slots > 15:
            raise param("too many ports specified")
        a = port(lo, proto)
        if colon:
            b = port(hi, proto)
            if a >= b:
                raise param("invalid portrange specified")
            out.append((a, b))
        else:
            out.append((a, a))
    return tuple(out)


def mark(o: dict) -> tuple[int, int]:
    """libxt_MARK (revision 2): every form becomes --set-xmark VALUE/MASK."""
    def num(text: str) -> int:
        try:
            v = int(text, 0)
        except ValueError:
            raise param(f'Bad MARK value "{text}"') from None
        if not 0 <= v <= 0xFFFFFFFF:
            raise param(f'Bad MARK value "{text}"')
        return v
    if not o:
        raise Fail(2, f"{PROG}: MARK target: Parameter --set/and/or/xor-mark is required"
                       f"\n\n{TRY}")
    key, val = next(iter(o.items()))
    v, slash, m = val.partition("/")
    if key in ("set-mark", "set-xmark"):
        value = num(v)
        mask = num(m) if slash else 0xFFFFFFFF
        return (value, mask if key == "set-xmark" else mask | value)
    bits = num(v)
    if key == "and-mark":
        return (0, ~bits & 0xFFFFFFFF)
    if key == "or-mark":
        return (bits, bits)
    return (bits, 0)


def nat_spec(kind: str, text: Optional[str]) -> NatSpec:
    if text is None:
        return NatSpec(kind)
    if kind in ("MASQUERADE", "REDIRECT"):
        return NatSpec(kind, ports=nat_ports(text))
    if text.count(":") > 1:
        raise param(f'Bad IP address "{text}"')
    addrs, colon, ports = text.partition(":")
    if not addrs and colon:                     # ":PORT": only the port changes
        return NatSpec(kind, ports=nat_ports(ports))
    lo, dash, hi = addrs.partition("-")
    try:
        a_lo = ipaddress.IPv4Address(lo)
        a_hi = ipaddress.IPv4Address(hi) if dash else None
    except ValueError:
        bad = hi if dash and is_addr(lo) else lo
        raise param(f'Bad IP address "{bad}"') from None
    return NatSpec(kind, a_lo, a_hi, nat_ports(ports) if colon else None)


def is_addr(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
        return True
    except ValueError:
        return False


def nat_ports(text: str) -> tuple[int, int]:
    lo, dash, hi = text.partition("-")
    for p in (lo, hi) if dash else (lo,):
        if not p.isdigit() or int(p) > 65535:
            raise param(f"Port `{p}' not valid")
    if dash and int(hi) < int(lo):
        raise param(f"Port range `{hi}' funky")
    return (int(lo), int(hi) if dash else int(lo))
