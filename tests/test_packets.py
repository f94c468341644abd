"""Tests for netsim.packets: smoltcp's construct / emit / parse / show quartet per layer,
known-bytes vectors checked against an independent checksum, and Hypothesis round-trips."""
from __future__ import annotations

import doctest
import shutil
import struct
import subprocess
from dataclasses import FrozenInstanceError, replace
from ipaddress import IPv4Address

import pytest
from hypothesis import given, settings, strategies as st

import netsim.packets as packets
from netsim.packets import (
    ACK, ARP, ARPOP_REPLY, ARPOP_REQUEST, ETH_P_8021Q, ETH_P_ARP, ETH_P_IP, FIN, ICMP,
    ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHOREPLY, ICMP_HOST_UNREACH, ICMP_PORT_UNREACH,
    ICMP_TIME_EXCEEDED, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, PSH, RST, SYN, TCP, UDP,
    VXLAN, VXLAN_PORT, Dot1Q, Ether, IPv4, Raw,
)

MAC_A, MAC_B, BCAST = "02:42:ac:11:00:02", "02:42:ac:11:00:03", "ff:ff:ff:ff:ff:ff"


def ref_checksum(data: bytes) -> int:
    """Independent RFC 1071 checksum: add 16-bit words, fold carries, complement."""
    if len(data) % 2:
        data += b"\0"
    total = 0
    for (word,) in struct.iter_unpack("!H", data):
        total += word
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def echo_frame(payload=b"abcdefgh"):
    return (Ether(MAC_B, MAC_A) / IPv4("172.17.0.2", "172.17.0.3")
            / ICMP(ICMP_ECHO, id=1, seq=1, payload=payload))


def arp_request():
    return Ether(BCAST, MAC_A) / ARP(ARPOP_REQUEST, MAC_A, "172.17.0.2", "00:00:00:00:00:00", "172.17.0.3")


def test_doctests():
    assert doctest.testmod(packets).failed == 0


@given(st.binary(max_size=200))
def test_checksum_matches_reference(data):
    assert packets._csum(data) == ref_checksum(data)


# ------------------------------------------------------------------ Ether / ARP

def test_ether_construct_normalises_macs():
    e = Ether("02-42-AC-11-00-03", b"\x02\x42\xac\x11\x00\x02")
    assert (e.dst, e.src, e.type, e.payload) == (MAC_B, MAC_A, ETH_P_IP, None)
    for bad in ("02:42:ac:11:00", "zz:42:ac:11:00:03", "02:42:ac:11:00:03:04", 42, b"\x01"):
        with pytest.raises(ValueError, match="MAC"):
            Ether(bad, MAC_A)
    with pytest.raises(FrozenInstanceError):
        e.dst = MAC_A


def test_arp_request_known_bytes():
    p = arp_request()
    assert p.type == ETH_P_ARP  # filled in from the payload
    wire = p.to_bytes()
    expected = bytes.fromhex(
        "ffffffffffff" "0242ac110002" "0806"            # Ethernet
        "0001" "0800" "06" "04" "0001"                   # htype ptype hlen plen op
        "0242ac110002" "ac110002" "000000000000" "ac110003")
    assert len(expected) == 42
    assert wire == expected + bytes(18)  # padded to the 60-byte minimum
    assert wire[:42] == p.to_bytes(pad=False)
    assert Ether.from_bytes(wire) == p
    assert Ether.from_bytes(wire + b"\xde\xad\xbe\xef") == p  # trailing FCS ignored too


def test_arp_parse_errors():
    wire = arp_request().to_bytes()
    with pytest.raises(ValueError, match="truncated"):
        Ether.from_bytes(wire[:30])
    with pytest.raises(ValueError, match="only Ethernet/IPv4 ARP"):
        Ether.from_bytes(wire[:14] + b"\x00\x06" + wire[16:])
    with pytest.raises(ValueError, match="too short"):
        Ether.from_bytes(wire[:13])


def test_arp_summary_and_show():
    p = arp_request()
    assert p.summary() == "02:42:ac:11:00:02 > ff:ff:ff:ff:ff:ff ARP who-has 172.17.0.3 tell 172.17.0.2"
    reply = ARP(ARPOP_REPLY, MAC_B, "172.17.0.3", MAC_A, "172.17.0.2")
    assert reply.summary() == "ARP reply 172.17.0.3 is-at 02:42:ac:11:00:03"
    assert p.show() == "\n".join([
        "###[ Ethernet ]###",
        "  dst       = ff:ff:ff:ff:ff:ff",
        "  src       = 02:42:ac:11:00:02",
        "  type      = 0x0806",
        "  ###[ ARP ]###",
        "    op        = 1 (who-has)",
        "    sha       = 02:42:ac:11:00:02",
        "    spa       = 172.17.0.2",
        "    tha       = 00:00:00:00:00:00",
        "    tpa       = 172.17.0.3",
    ])


def test_dot1q_quartet():
    p = Ether(BCAST, MAC_A) / Dot1Q(10, pcp=5) / arp_request()[ARP]
    assert (p.type, p[Dot1Q].type) == (ETH_P_8021Q, ETH_P_ARP)
    wire = p.to_bytes()
    assert wire[12:18] == bytes.fromhex("8100" "a00a" "0806")
    assert Ether.from_bytes(wire) == p
    assert p.summary() == "02:42:ac:11:00:02 > ff:ff:ff:ff:ff:ff vlan 10 ARP who-has 172.17.0.3 tell 172.17.0.2"
    assert "###[ 802.1Q ]###" in p.show()
    with pytest.raises(ValueError, match="vid"):
        Dot1Q(4096)


# ------------------------------------------------------------------------- IPv4

def test_ipv4_construct():
    ip = IPv4("10.0.0.1", IPv4Address("10.0.0.2"))
    assert ip.src == IPv4Address("10.0.0.1") and type(ip.src) is IPv4Address
    assert (ip.proto, ip.ttl, ip.id, ip.tos, ip.df, ip.tot_len) == (0, 64, 0, 0, True, None)
    assert (ip / UDP(1, 2)).proto == IPPROTO_UDP
    assert IPv4("10.0.0.1", "10.0.0.2", payload=TCP(1, 2)).proto == IPPROTO_TCP
    assert IPv4("10.0.0.1", "10.0.0.2", 99, payload=UDP(1, 2)).proto == 99  # explicit wins
    assert replace(ip, ttl=63).ttl == 63 and ip.ttl == 64
    for kw in ({"ttl": 256}, {"proto": -1}, {"id": 65536}, {"tos": 300}):
        with pytest.raises(ValueError):
            IPv4("10.0.0.1", "10.0.0.2", **kw)
    with pytest.raises(ValueError):
        IPv4("10.0.0.300", "10.0.0.2")


def test_ipv4_header_checksum_known_vector():
    # The worked example from Wikipedia's "IPv4 header checksum" article.
    ip = IPv4("192.168.0.1", "192.168.0.199", proto=IPPROTO_UDP, payload=Raw(bytes(95)))
    assert ip.to_bytes()[:20] == bytes.fromhex("450000730000400040 11b861c0a80001c0a800c7".replace(" ", ""))


def test_icmp_echo_known_bytes():
    wire = echo_frame().to_bytes()
    expected = bytes.fromhex(
        "0242ac110003" "0242ac110002" "0800"
        "4500" "0024" "0000" "4000" "4001" "e2b1" "ac110002" "ac110003"  # checksum by hand
        "0800" "6668" "0001" "0001" "6162636465666768")
    assert wire == expected + bytes(10)
    assert ref_checksum(wire[14:34]) == 0 and ref_checksum(wire[34:50]) == 0
    assert Ether.from_bytes(wire) == echo_frame()


def test_ipv4_parse_errors():
    wire = bytearray(echo_frame().to_bytes())
    bad = bytearray(wire)
    bad[24] ^= 0xFF
    with pytest.raises(ValueError, match="bad IPv4 header checksum 0x1db1 \\(should be 0xe2b1\\)"):
        Ether.from_bytes(bytes(bad))
    with pytest.raises(ValueError, match="total length 36 does not fit the 26 bytes"):
        IPv4.from_bytes(bytes(wire[14:40]))
    with pytest.raises(ValueError, match="truncated"):
        IPv4.from_bytes(bytes(wire[14:30]))
    with pytest.raises(ValueError, match="version 6"):
        IPv4.from_bytes(b"\x60" + bytes(wire[15:50]))
    with pytest.raises(ValueError, match="options"):
        IPv4.from_bytes(b"\x46" + bytes(wire[15:50]))


def test_ipv4_show():
    text = IPv4("10.0.0.1", "10.0.0.2", ttl=5).show()
    assert text.splitlines()[0] == "###[ IPv4 ]###"
    assert "  ttl       = 5" in text and "tot_len" not in text


# ------------------------------------------------------------------------- ICMP

def test_icmp_summary_and_show():
    assert echo_frame().summary() == (
        "02:42:ac:11:00:02 > 02:42:ac:11:00:03 172.17.0.2 > 172.17.0.3 ICMP echo request id 1 seq 1 ttl 64")
    assert echo_frame()[IPv4].summary() == "172.17.0.2 > 172.17.0.3 ICMP echo request id 1 seq 1 ttl 64"
    assert ICMP(ICMP_ECHOREPLY, id=7, seq=2).summary() == "ICMP echo reply id 7 seq 2"
    assert "      ###[ Raw ]###" in echo_frame().show()
    assert echo_frame()[ICMP].show().splitlines()[:2] == ["###[ ICMP ]###", "  type      = 8 (echo request)"]


def test_icmp_bad_checksum_raises():
    wire = bytearray(echo_frame().to_bytes())
    wire[36] ^= 0x01
    with pytest.raises(ValueError, match="bad ICMP checksum"):
        Ether.from_bytes(bytes(wire))
    with pytest.raises(ValueError, match="out of range"):
        ICMP(256)


def test_icmp_port_unreachable_quotes_udp():
    orig = IPv4("10.0.0.1", "10.0.0.2", ttl=63, id=77) / UDP(40000, 53, b"a dns query")
    err = ICMP.error(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, orig)
    quote = err.payload
    assert isinstance(quote, IPv4) and quote.tot_len == 20 + 8 + 11
    assert quote.payload == Raw(orig[UDP].to_bytes()[:4] + orig.to_bytes()[24:28])
    q = err.quoted()
    assert (q.src, q.dst, q.ttl, q.id) == (orig.src, orig.dst, 63, 77)
    assert q[UDP] == UDP(40000, 53)
    pkt = Ether(MAC_A, MAC_B) / IPv4("10.0.0.2", "10.0.0.1") / err
    wire = pkt.to_bytes()
    assert len(wire) == 14 + 20 + 8 + 28
    assert wire[42:62] == orig.to_bytes()[:20]  # the original header, byte for byte
    assert Ether.from_bytes(wire) == pkt
    assert pkt.summary().endswith(
        "10.0.0.2 > 10.0.0.1 ICMP port unreachable [10.0.0.1:40000 > 10.0.0.2:53 UDP] ttl 64")
    assert UDP not in pkt  # the quote's transport header stays bytes until quoted()


def test_icmp_time_exceeded_quotes_echo_and_tcp():
    probe = IPv4("10.0.0.1", "8.8.8.8", ttl=1) / ICMP(ICMP_ECHO, id=9, seq=3, payload=b"x" * 32)
    err = ICMP.error(ICMP_TIME_EXCEEDED, 0, Ether(MAC_A, MAC_B) / probe)
    assert err.quoted()[ICMP] == ICMP(ICMP_ECHO, 0, 9, 3)
    assert err.summary() == "ICMP time exceeded in-transit [10.0.0.1 > 8.8.8.8 ICMP echo request id 9 seq 3 ttl 1]"
    syn = IPv4("10.0.0.1", "10.0.0.2") / TCP(40000, 80, seq=123456)
    err = ICMP.error(ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, syn)
    assert err.quoted()[TCP] == TCP(40000, 80, 123456, 0, 0, 0)  # only 8 bytes quoted
    assert err.summary() == "ICMP host unreachable [10.0.0.1:40000 > 10.0.0.2:80 TCP]"
    full = ICMP.error(ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, syn, length=576)  # Linux-style
    assert full.quoted() == replace(syn, tot_len=40)
    assert ICMP.from_bytes(full.to_bytes()) == full


def test_icmp_malformed_quote_stays_raw():
    err = ICMP(ICMP_DEST_UNREACH, 1, payload=b"\x45" + bytes(27))  # bad quoted header checksum
    assert ICMP.from_bytes(err.to_bytes()) == err
    assert err.quoted() is None


# ---------------------------------------------------------------------- UDP/TCP

def test_udp_quartet_and_checksum():
    pkt = IPv4("10.0.0.1", "10.0.0.2") / UDP(40000, 53) / b"hello"
    wire = pkt.to_bytes()
    assert wire[20:26] == struct.pack("!HHH", 40000, 53, 13)
    pseudo = wire[12:20] + struct.pack("!xBH", IPPROTO_UDP, 13)
    assert ref_checksum(pseudo + wire[20:]) == 0
    assert IPv4.from_bytes(wire) == pkt
    assert UDP.from_bytes(wire[20:], "10.0.0.1", "10.0.0.2") == pkt[UDP]
    assert UDP(1, 2).to_bytes() == bytes.fromhex("0001000200080000")  # no pseudo-header: checksum 0
    assert pkt.summary() == "10.0.0.1:40000 > 10.0.0.2:53 UDP len 5"
    assert "###[ UDP ]###" in pkt.show()
    bad = bytearray(wire)
    bad[27] ^= 0x20
    with pytest.raises(ValueError, match="bad UDP checksum"):
        IPv4.from_bytes(bytes(bad))
    with pytest.raises(ValueError, match="length field"):
        UDP.from_bytes(wire[20:] + b"!")
    with pytest.raises(ValueError, match="port"):
        UDP(70000, 1)


def test_udp_zero_checksum_accepted():
    wire = bytearray((IPv4("10.0.0.1", "10.0.0.2") / UDP(1, 2, b"x")).to_bytes())
    wire[26:28] = b"\0\0"  # "no checksum" is legal for UDP over IPv4
    assert IPv4.from_bytes(bytes(wire))[UDP] == UDP(1, 2, b"x")


def test_tcp_quartet():
    syn = IPv4("10.0.0.1", "10.0.0.2") / TCP(40000, 80)
    assert syn.summary() == "10.0.0.1:40000 > 10.0.0.2:80 TCP [S] seq 0"
    data = IPv4("10.0.0.2", "10.0.0.1") / TCP(80, 40000, 1, 2, PSH | ACK, payload=b"hi")
    assert data.summary() == "10.0.0.2:80 > 10.0.0.1:40000 TCP [P.] seq 1 ack 2 len 2"
    assert TCP(1, 2, flags=FIN | ACK).summary() == "1 > 2 TCP [F.] seq 0 ack 0"
    for pkt in (syn, data):
        wire = pkt.to_bytes()
        assert ref_checksum(wire[12:20] + struct.pack("!xBH", IPPROTO_TCP, len(wire) - 20) + wire[20:]) == 0
        assert IPv4.from_bytes(wire) == pkt
    opts = IPv4("10.0.0.1", "10.0.0.2") / TCP(1, 2, options=bytes.fromhex("020405b4"))
    assert opts.to_bytes()[32] == 0x60 and IPv4.from_bytes(opts.to_bytes()) == opts
    assert "flags     = 0x18 [P.]" in data.show()
    bad = bytearray(syn.to_bytes())
    bad[30] ^= 1
    with pytest.raises(ValueError, match="bad TCP checksum"):
        IPv4.from_bytes(bytes(bad))
    with pytest.raises(ValueError, match="multiple of 4"):
        TCP(1, 2, options=b"\x01")
    with pytest.raises(ValueError, match="out of range"):
        TCP(1, 2, seq=2**32)


# ------------------------------------------------------------------------ VXLAN

def test_vxlan_quartet():
    inner = echo_frame()
    outer = (Ether("02:00:00:00:00:01", "02:00:00:00:00:02") / IPv4("192.168.0.1", "192.168.0.2")
             / UDP(51000, VXLAN_PORT) / VXLAN(42) / inner)
    wire = outer.to_bytes()
    assert wire[42:50] == bytes.fromhex("08000000" "00002a00")
    assert wire[50:] == inner.to_bytes(pad=False)  # inner frame is not padded
    assert Ether.from_bytes(wire) == outer
    assert outer[VXLAN].payload == inner and outer[Ether] is outer
    assert outer.summary().startswith("02:00:00:00:00:02 > 02:00:00:00:00:01 192.168.0.1:51000 > "
                                      "192.168.0.2:4789 VXLAN vni 42: 02:42:ac:11:00:02 > ")
    assert "###[ VXLAN ]###" in outer.show()
    with pytest.raises(ValueError, match="vni"):
        VXLAN(1 << 24)


# ---------------------------------------------------------------- stacking & co

def test_stacking_lookup_and_immutability():
    base = Ether(MAC_B, MAC_A) / IPv4("10.0.0.1", "10.0.0.2")
    full = base / UDP(1, 2) / b"data"
    assert base.payload.payload is None  # `/` copies; the original is unchanged
    assert [type(l).__name__ for l in full.layers()] == ["Ether", "IPv4", "UDP", "Raw"]
    assert full[Raw].data == b"data" and full[IPv4].proto == IPPROTO_UDP
    assert full.getlayer(TCP) is None and TCP not in full and UDP in full
    with pytest.raises(KeyError, match="TCP"):
        full[TCP]
    with pytest.raises(TypeError):
        full / Raw(b"x") / Raw(b"y")
    with pytest.raises(TypeError):
        full / 5
    with pytest.raises(TypeError, match="payload"):
        UDP(1, 2, payload="text")
    assert UDP(1, 2, bytearray(b"x")).payload == Raw(b"x")
    assert hash(full) == hash(Ether.from_bytes(full.to_bytes()))


# -------------------------------------------------------------- hypothesis round-trips

macs = st.binary(min_size=6, max_size=6).map(lambda b: b.hex(":"))
addrs = st.integers(0, 2**32 - 1).map(IPv4Address)
u8, u16, u32 = st.integers(0, 255), st.integers(0, 0xFFFF), st.integers(0, 2**32 - 1)
raw = st.none() | st.binary(min_size=1, max_size=80).map(Raw)
echo = st.builds(ICMP, st.sampled_from([ICMP_ECHO, ICMP_ECHOREPLY, 13, 14]), u8, u16, u16, raw)
udp = st.builds(UDP, u16, u16.filter(lambda p: p != VXLAN_PORT), raw)
tcp_opts = st.integers(0, 10).flatmap(lambda n: st.binary(min_size=4 * n, max_size=4 * n))
tcp = st.builds(TCP, u16, u16, u32, u32, u8, u16, raw, options=tcp_opts)
ip_fields = dict(ttl=u8, id=u16, tos=u8, df=st.booleans())
ipv4 = (st.builds(IPv4, addrs, addrs, st.just(0), payload=echo | udp | tcp | st.none(), **ip_fields)
        | st.builds(IPv4, addrs, addrs, st.sampled_from([0, 47, 132]), payload=raw, **ip_fields))
icmp_error = st.builds(ICMP.error, st.sampled_from([ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED]), u8,
                       ipv4, length=st.integers(0, 64))
arp = st.builds(ARP, st.sampled_from([ARPOP_REQUEST, ARPOP_REPLY]), macs, addrs, macs, addrs)
l3 = ipv4 | st.builds(IPv4, addrs, addrs, payload=icmp_error, **ip_fields) | arp
frames = st.builds(Ether, macs, macs, payload=l3 | st.builds(Dot1Q, st.integers(0, 4095), st.integers(0, 7),
                                                             st.integers(0, 1), payload=l3))


@settings(max_examples=300)
@given(frames)
def test_roundtrip_ether(p):
    wire = p.to_bytes()
    assert len(wire) >= 60
    assert Ether.from_bytes(wire) == p
    assert p.summary() and p.show().startswith("###[ Ethernet ]###")


@given(ipv4)
def test_roundtrip_ipv4(p):
    assert IPv4.from_bytes(p.to_bytes()) == p


@given(icmp_error)
def test_roundtrip_icmp_error(err):
    assert ICMP.from_bytes(err.to_bytes()) == err
    q = err.quoted()
    assert q.tot_len == err.payload.tot_len and q.src == err.payload.src


@settings(max_examples=50)
@given(frames, st.integers(0, 2**24 - 1), addrs, addrs, u16)
def test_roundtrip_vxlan(inner, vni, src, dst, sport):
    p = Ether(MAC_A, MAC_B) / IPv4(src, dst) / UDP(sport, VXLAN_PORT) / VXLAN(vni) / inner
    assert Ether.from_bytes(p.to_bytes()) == p


# ------------------------------------------------------- optional: Wireshark's opinion

@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")
def test_tshark_accepts_frames(tmp_path):
    frames_ = [arp_request(), echo_frame(),
               Ether(MAC_A, MAC_B) / IPv4("10.0.0.1", "10.0.0.2") / TCP(40000, 80) / b"hi",
               Ether(MAC_A, MAC_B) / IPv4("10.0.0.2", "10.0.0.1")
               / ICMP.error(3, 3, IPv4("10.0.0.1", "10.0.0.2") / UDP(1, 53, b"q"))]
    pcap = tmp_path / "t.pcap"
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    for i, f in enumerate(frames_):
        b = f.to_bytes()
        out += struct.pack("<IIII", i, 0, len(b), len(b)) + b
    pcap.write_bytes(out)
    res = subprocess.run(["tshark", "-r", str(pcap), "-V", "-o", "ip.check_checksum:TRUE",
                          "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "Echo (ping) request" in res.stdout and "Malformed" not in res.stdout
    assert "[Checksum Status: Bad]" not in res.stdout
