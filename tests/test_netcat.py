"""The netcat front end (:mod:`netsim.netcat`) over the simulator's transport: what netcat does
once a socket is open, beyond the ``-z`` probes the conformance scenarios record."""
from __future__ import annotations

from netsim import nc
from netsim.kernel import udp

from test_netfilter_path import two_hosts


def _udp_echo(b, port: int):
    """A UDP service in ``b`` that sends every datagram back, upper-cased."""
    sock, err = udp.udp_bind(b, port)
    assert err == 0
    sock.on_data = lambda s, src, sport, data: udp.udp_sendmsg(s, data.upper(), src, sport)
    return sock


def test_udp_without_z_sends_stdin_and_prints_the_replies_for_w_seconds():
    k, a, b = two_hosts()
    _udp_echo(b, 7)
    t0 = k.clock.now
    assert nc.nc(k, a, ["-un", "-w", "1", "10.0.0.2", "7"], stdin=b"hello\n") == (0, "HELLO\n", "")
    # readwrite() gave up after -w seconds without a datagram, as netcat's poll() does
    assert 1.0 <= k.clock.now - t0 < 2.0


def test_udp_without_z_stdin_or_w_returns_at_once():
    k, a, b = two_hosts()
    t0 = k.clock.now
    assert nc.nc(k, a, ["-uvn", "10.0.0.2", "7"]) == (
        0, "", "Connection to 10.0.0.2 7 port [udp/*] succeeded!\n")
    assert k.clock.now == t0


def test_tcp_without_z_sends_stdin_and_prints_what_comes_back():
    k, a, b = two_hosts()
    lst = nc.listen(k, b, 80)
    rc, out, err = nc.nc(k, a, ["-n", "-w", "1", "10.0.0.2", "80"], stdin=b"GET /\r\n")
    assert (rc, out, err) == (0, "", "")
    assert bytes(lst.stdout) == b"GET /\r\n"          # the listener printed what netcat sent


def test_a_port_range_reports_each_port():
    k, a, b = two_hosts()
    nc.listen(k, b, 81)
    rc, out, err = nc.nc(k, a, ["-zvn", "-w", "1", "10.0.0.2", "80-82"])
    assert rc == 0 and out == ""
    assert err.splitlines() == [
        "nc: connect to 10.0.0.2 port 80 (tcp) failed: Connection refused",
        "Connection to 10.0.0.2 81 port [tcp/*] succeeded!",
        "nc: connect to 10.0.0.2 port 82 (tcp) failed: Connection refused"]
