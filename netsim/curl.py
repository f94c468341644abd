"""``curl`` (7.88.1, Debian) on the simulated kernel: ``curl [options] http://ADDR[:PORT]/PATH``.

One HTTP/1.1 GET (or HEAD with ``-I``) over a real simulated TCP connection; stdout gets the
body (``-i``: headers too), stderr gets what curl prints there when its output is captured:
the progress meter (curl shows it whenever stdout is not a terminal; ``-s`` hides it) and the
error line.  Texts and exit statuses were checked against the real curl between two namespaces:

* 7  ``Failed to connect to A port P after N ms: Couldn't connect to server`` (a RST, an ICMP
  error, no route);
* 28 ``Connection timed out after N milliseconds`` (``-m``/``--connect-timeout`` while
  connecting), ``Operation timed out after N milliseconds with X bytes received`` (connected,
  waiting), ``Failed to connect ... after N ms: Couldn't connect to server`` (the kernel gave up
  the SYNs, about 130 s);
* 52 ``Empty reply from server``; 56 ``Recv failure: Connection reset by peer``;
  22 ``The requested URL returned error: 404`` (``-f``);
* 1/2/3/6 for a bad protocol, option, URL or an unresolvable host name.

The meter redraws once per second of simulated time (curl redraws when the clock's second
changes), so its lines are deterministic here.  Without ``-m`` a server that never answers
would make the real curl wait for ever; here it gives up after :data:`IDLE_LIMIT` seconds.
"""
from __future__ import annotations

import errno
import math
from dataclasses import dataclass
from ipaddress import IPv4Address

from .kernel import tcp

__all__ = ["curl", "request", "split_response"]

VERSION = "7.88.1"
IDLE_LIMIT = 300.0
_SETTLE = 0.001
_TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n"
_HEADER = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
           "                                 Dload  Upload   Total   Spent    Left  Speed\n")


class _Exit(Exception):
    def __init__(self, rc: int, msg: str = "", usage: bool = False):
        self.rc, self.msg, self.usage = rc, msg, usage


@dataclass
class _Opts:
    silent: bool = False
    show_error: bool = False
    max_time: float | None = None
    connect_timeout: float | None = None
    include: bool = False
    head: bool = False
    fail: bool = False
    output: str | None = None
    write_out: str | None = None
    url: str | None = None


_SHORT = {"s": "silent", "S": "show_error", "i": "include", "I": "head", "f": "fail"}
_LONG_FLAGS = {"silent": "silent", "show-error": "show_error", "include": "include",
               "head": "head", "fail": "fail"}
_LONG_ARGS = {"max-time": "max_time", "connect-timeout": "connect_timeout", "output": "output",
              "write-out": "write_out"}
_SHORT_ARGS = {"m": "max_time", "o": "output", "w": "write_out"}


def _parse(argv: list[str]) -> _Opts:
    o = _Opts()
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a.startswith("--"):
            name = a[2:]
            if name in _LONG_FLAGS:
                setattr(o, _LONG_FLAGS[name], True)
                continue
            if name in _LONG_ARGS:
                if i >= len(argv):
                    raise _Exit(2, f"option {a}: requires parameter\n", usage=True)
                _set(o, _LONG_ARGS[name], argv[i], a)
                i += 1
                continue
            raise _Exit(2, f"option {a}: is unknown\n", usage=True)
        if a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                c = a[j]
                if c in _SHORT:
                    setattr(o, _SHORT[c], True)
                    j += 1
                    continue
                if c in _SHORT_ARGS:
                    val = a[j + 1:]
                    if not val:
                        if i >= len(argv):
                            raise _Exit(2, f"option -{c}: requires parameter\n", usage=True)
                        val, i = argv[i], i + 1
                    _set(o, _SHORT_ARGS[c], val, f"-{c}")
                    break
                raise _Exit(2, f"option -{a[1:]}: is unknown\n", usage=True)
            continue
        o.url = a
    return o


def _set(o: _Opts, field: str, val: str, shown: str) -> None:
    if field in ("max_time", "connect_timeout"):
        try:
            num = float(val)
        except ValueError:
            raise _Exit(2, f"option {shown}: expected a proper numerical parameter\n",
                        usage=True) from None
        if num < 0 or math.isnan(num):
            raise _Exit(2, f"option {shown}: expected a proper numerical parameter\n",
                        usage=True)
        setattr(o, field, num)
    else:
        setattr(o, field, val)


def _url(url: str) -> tuple[str, int, str]:
    """(host, port, path) of an http URL; curl's URL errors otherwise."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "http", url              # curl guesses http:// for a bare host
    if scheme.lower() not in ("http", "https"):
        raise _Exit(1, f'Protocol "{scheme}" not supported or disabled in libcurl')
    hostport, slash, path = rest.partition("/")
    host, colon, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
    if not host:
        raise _Exit(3, "URL using bad/illegal format or missing URL")
    if colon:
        if not port.isdigit() or int(port) > 65535:
            raise _Exit(3, "URL using bad/illegal format or missing URL")
    default = 443 if scheme.lower() == "https" else 80
    return host, int(port) if colon and port else default, "/" + path


# ----------------------------------------------------------------------------- HTTP
def request(method: str, host, port: int, path: str) -> bytes:
    """The request curl sends for ``http://HOST[:PORT]PATH`` (the port is named unless 80)."""
    return (f"{method} {path} HTTP/1.1\r\nHost: {host}" + (f":{port}" if port != 80 else "")
            + f"\r\nUser-Agent: curl/{VERSION}\r\nAccept: */*\r\n\r\n").encode()


def split_response(raw: bytes) -> tuple[bytes | None, int | None, bytes]:
    """(head, Content-Length, body) of what came back so far; head None while the header
    block is not complete (the body is then everything received)."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        return None, None, raw
    size = None
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length" and v.strip().isdigit():
            size = int(v.strip())
    return head, size, body


# ----------------------------------------------------------------------------- progress meter
def _max5(n: int) -> str:
    """max5data(): a number in 5 characters."""
    if n < 100000:
        return f"{n:5d}"
    if n < 10000 * 1024:
        return f"{n // 1024:4d}k"
    if n < 100 * 1024 * 1024:
        return f"{n // (1024 * 1024):2d}.{(n % (1024 * 1024)) // (1024 * 1024 // 10)}M"
    return f"{n // (1024 * 1024):4d}M"


def _time2str(secs: int) -> str:
    if secs <= 0:
        return "--:--:--"
    h, rest = divmod(secs, 3600)
    return f"{h:2d}:{rest // 60:02d}:{rest % 60:02d}"


class _Meter:
    """lib/progress.c ``progress_meter``: redrawn when the clock's second changes."""

    def __init__(self, show: bool, start: float):
        self.show, self.start = show, start
        self.out: list[str] = []
        self.lastshow: int | None = None

    def update(self, now: float, got: int = 0, size: int | None = None,
               force: bool = False) -> None:
        if not self.show or (not force and self.lastshow == int(now)):
            return
        if self.lastshow is None:
            self.out.append(_HEADER)
        self.lastshow = int(now)
        spent_us = max(0, int(round((now - self.start) * 1e6)))
        speed = got * 1000000 // spent_us if spent_us else got * 1000000
        dl_pct = total_pct = 0
        estimate = 0
        expected = size if size is not None else got
        if size and speed:
            estimate = size // speed
            dl_pct = got * 100 // size if size <= 10000 else got // (size // 100)
        if expected:
            total_pct = got * 100 // expected if expected <= 10000 else got // (expected // 100)
        secs = spent_us // 1000000
        self.out.append(
            f"\r{total_pct:3d} {_max5(expected)}  {dl_pct:3d} {_max5(got)}    0 {_max5(0)}  "
            f"{_max5(speed)}  {_max5(0)} {_time2str(estimate)} {_time2str(secs)} "
            f"{_time2str(estimate - secs if estimate > 0 else 0)} {_max5(speed)}")

    def done(self, now: float, got: int = 0, size: int | None = None) -> None:
        if self.show:
            self.update(now, got, size, force=True)
            self.out.append("\n")


# ----------------------------------------------------------------------------- curl
def curl(kernel, ns, argv: list[str]) -> tuple[int, str, str]:
    """Run ``curl ARGV`` (without the program name) in ``ns``: (exit status, stdout, stderr)."""
    try:
        o = _parse(argv)
        if o.url is None:
            raise _Exit(2, "", usage=True)
        host, port, path = _url(o.url)
        try:
            daddr = IPv4Address(host)
        except ValueError:
            raise _Exit(6, f"Could not resolve host: {host}") from None
    except _Exit as e:
        if e.usage:
            return e.rc, "", (f"curl: {e.msg}" if e.msg else "") + _TRY
        return e.rc, "", f"curl: ({e.rc}) {e.msg}\n"
    return _transfer(kernel, ns, o, daddr, port, path)


def _transfer(kernel, ns, o: _Opts, daddr, port: int, path: str) -> tuple[int, str, str]:
    clock = kernel.clock
    start = clock.now
    meter = _Meter(not o.silent, start)
    meter.update(start)

    def ms() -> int:
        return int((clock.now - start) * 1000 + 1e-6)

    def fail(rc: int, msg: str, got: int = 0, size: int | None = None):
        meter.done(clock.now, got, size)
        err = "".join(meter.out)
        if not o.silent or o.show_error:
            err += f"curl: ({rc}) {msg}\n"
        return rc, "", err

    def run_until(t: float, stop) -> None:
        """Let the simulation run, redrawing the meter at each new second."""
        while clock.now < t and not stop():
            clock.run(until=min(t, math.floor(clock.now) + 1.0), stop=stop)
            if not stop():
                meter.update(clock.now)

    limit = o.max_time
    conn_limit = min(x for x in (o.connect_timeout, o.max_time, 300.0) if x is not None)
    sock, e = tcp.tcp_connect(ns, daddr, port)
    if e:
        return fail(7, f"Failed to connect to {daddr} port {port} after {ms()} ms: "
                       "Couldn't connect to server")
    run_until(start + conn_limit, lambda: sock.state != "SYN_SENT")
    if sock.state == "SYN_SENT":
        tcp.tcp_close(sock)
        if o.max_time is not None and o.max_time <= conn_limit:
            return fail(28, f"Connection timed out after {ms()} milliseconds")
        return fail(28, f"Failed to connect to {daddr} port {port} after {ms()} ms: "
                        "Timeout was reached")
    if sock.state != "ESTABLISHED":
        rc = 28 if sock.err == errno.ETIMEDOUT else 7
        return fail(rc, f"Failed to connect to {daddr} port {port} after {ms()} ms: "
                        "Couldn't connect to server")
    if o.url.lower().startswith("https://"):
        # no TLS in netsim: the connection is made, the handshake is not modelled
        tcp.tcp_close(sock)
        return fail(35, f"OpenSSL SSL_connect: Connection reset by peer in connection to "
                        f"{daddr}:{port} ")
    tcp.tcp_sendmsg(sock, request("HEAD" if o.head else "GET", daddr, port, path))

    def parsed():
        return split_response(bytes(sock.rx))

    def complete() -> bool:
        if sock.eof or sock.state == "CLOSE":
            return True
        head, size, body = parsed()
        return head is not None and (o.head or size is not None and len(body) >= size)

    end = start + (limit if limit is not None else IDLE_LIMIT)
    run_until(end, complete)
    head, size, body = parsed()
    got = len(body) if head is not None else 0
    finished = complete()
    reset = sock.state == "CLOSE" and sock.err == errno.ECONNRESET
    tcp.tcp_close(sock)
    clock.run(until=clock.now + _SETTLE)
    if not finished and not reset:
        if size is not None:
            return fail(28, f"Operation timed out after {ms()} milliseconds with {got} out of "
                            f"{size} bytes received", got, size)
        return fail(28, f"Operation timed out after {ms()} milliseconds with {got} bytes "
                        "received", got)
    if reset and head is None:
        return fail(56, "Recv failure: Connection reset by peer")
    if head is None:
        return fail(52, "Empty reply from server")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split()
    code = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    if o.fail and code >= 400:
        return fail(22, f"The requested URL returned error: {code}")
    out = b""
    if o.include or o.head:
        out += head + b"\r\n\r\n"
    if not o.head:
        out += body
    meter.done(clock.now, got, size)
    if o.output == "/dev/null":
        out = b""
    text = out.decode("latin-1")
    if o.write_out is not None:
        text += o.write_out.replace("%{http_code}", f"{code:03d}").replace("\\n", "\n")
    return 0, text, "".join(meter.out)
