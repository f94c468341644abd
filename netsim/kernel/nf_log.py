"""The LOG target's kernel messages: models net/netfilter/nf_log_syslog.c
(``nf_log_ip_packet``: ``nf_log_dump_packet_common`` + ``dump_mac_header`` +
``dump_ipv4_packet``) and the per-namespace kernel ring that ``dmesg`` prints.

A line reads as the kernel writes it, e.g.::

    [    5.000123] IN-DROP: IN=eth0 OUT= MAC=<dst>:<src>:08:00 SRC=10.0.0.1 DST=10.0.0.2 LEN=84
    TOS=0x00 PREC=0x00 TTL=64 ID=12 DF PROTO=ICMP TYPE=8 CODE=0 ID=7 SEQ=1

Difference from Linux, on purpose: the real kernel writes LOG lines of a non-initial network
namespace only when ``net.netfilter.nf_log_all_netns=1``; netsim keeps one ring per namespace
and always writes, so a student sees what each namespace's rules logged.
"""
from __future__ import annotations

from ..packets import ICMP, TCP, UDP, IPv4, Raw

__all__ = ["nf_log_ip_packet", "dmesg"]

_ECHO = (0, 8)
_ERRORS = (3, 4, 5, 11, 12)
_TCP_FLAGS = ((0x80, "CWR"), (0x40, "ECE"), (0x20, "URG"), (0x10, "ACK"), (0x08, "PSH"),
              (0x04, "RST"), (0x02, "SYN"), (0x01, "FIN"))


def _mac(skb, in_dev) -> str:
    """dump_mac_header(): ``MAC=`` and the 14 header bytes (dst, src, EtherType)."""
    hdr = getattr(skb, "mac_header", None)
    if in_dev is None:
        return ""
    if hdr is None:
        return "MAC= "
    dst, src, etype = hdr
    return f"MAC={dst}:{src}:{etype >> 8:02x}:{etype & 0xFF:02x} "


def _tcp(th, flags: int, data: bytes | None) -> str:
    s = "PROTO=TCP "
    if th is None:
        return s + f"INCOMPLETE [{len(data or b'')} bytes] "
    s += f"SPT={th.sport} DPT={th.dport} "
    if flags & 0x01:
        s += f"SEQ={th.seq} ACK={th.ack} "
    s += f"WINDOW={th.window} RES=0x00 "
    s += "".join(f"{name} " for bit, name in _TCP_FLAGS if th.flags & bit)
    s += "URGP=0 "
    if flags & 0x02 and th.options:
        s += "OPT (" + th.options.hex().upper() + ") "
    return s


def _ip(ip: IPv4, flags: int, inner: bool = False) -> str:
    """dump_ipv4_packet()."""
    length = ip.tot_len if ip.tot_len is not None else len(ip.to_bytes())
    s = (f"SRC={ip.src} DST={ip.dst} LEN={length} TOS=0x{ip.tos & 0x1E:02X} "
         f"PREC=0x{ip.tos & 0xE0:02X} TTL={ip.ttl} ID={ip.id} ")
    if ip.df:
        s += "DF "
    p = ip.payload
    if ip.proto == 6:
        th = p if isinstance(p, TCP) and not (inner and isinstance(p, Raw)) else None
        s += _tcp(th, flags, p.data if isinstance(p, Raw) else None)
    elif ip.proto == 17:
        s += "PROTO=UDP "
        if isinstance(p, UDP):
            ulen = 8 + (len(p.payload.data) if isinstance(p.payload, Raw) else 0)
            if inner and ip.tot_len is not None:
                ulen = ip.tot_len - 20
            s += f"SPT={p.sport} DPT={p.dport} LEN={ulen} "
        else:
            s += f"INCOMPLETE [{len(p.data) if isinstance(p, Raw) else 0} bytes] "
    elif ip.proto == 1:
        s += "PROTO=ICMP "
        if isinstance(p, ICMP):
            s += f"TYPE={p.type} CODE={p.code} "
            if p.type in _ECHO:
                s += f"ID={p.id} SEQ={p.seq} "
            elif p.type in _ERRORS and not inner:
                q = p.quoted()
                if q is not None:
                    s += "[" + _ip(q, flags, inner=True) + "] "
                if p.type == 3 and p.code == 4:
                    s += f"MTU={p.seq} "
    else:
        s += f"PROTO={ip.proto} "
    return s


def nf_log_ip_packet(skb, in_dev, out_dev, prefix: str, flags: int = 0) -> str:
    """The text of one LOG line (without the timestamp)."""
    s = f"{prefix}IN={in_dev.name if in_dev else ''} OUT={out_dev.name if out_dev else ''} "
    port = skb.bridged_in or skb.dev
    if skb.nf_bridge is not None and port is not None and in_dev is not None \
            and in_dev.kind == "bridge" and port is not in_dev:
        s += f"PHYSIN={port.name} "      # (PHYSOUT of bridged FORWARD copies is not modelled)
    s += _mac(skb, in_dev)
    s += _ip(skb.pkt, flags)
    if skb.mark:
        s += f"MARK=0x{skb.mark:x} "
    return s


def printk(ns, level: int, text: str) -> None:
    """Append a line to the namespace's kernel ring (what ``dmesg`` shows)."""
    ns.kernel_log.append((ns.kernel.clock.now, level, text))


def dmesg(ns) -> str:
    """``dmesg``: ``[seconds.micro] text`` per line, seconds since the simulation began."""
    out = []
    for t, _level, text in getattr(ns, "kernel_log", []):
        us = int(round(t * 1e6))
        out.append(f"[{us // 1000000:5d}.{us % 1000000:06d}] {text}\n")
    return "".join(out)
