"""Acting inside a named network namespace (``/run/netns/NAME``) without leaving our own.

``setns(2)`` moves only the calling *thread*, so every function here runs its work in a fresh
thread that enters the namespace first (:func:`run_in`), or in a forked child
(:func:`run_program`, through ``preexec_fn``).  The main thread never changes namespace.  A
socket keeps the namespace it was opened in, so :func:`socket_in` opens one there and hands it
back to be used from any thread.

Python 3.11 has no ``os.setns``: it is called through ctypes.  Names are checked (no ``/``, no
``.``/``..``), and a namespace file that is in fact the machine's own namespace (or the one this
process runs in) is refused, so nothing here can act on the host's network.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import select
import socket
import subprocess
import threading

__all__ = ["NETNS_DIR", "netns_path", "run_in", "socket_in", "run_program", "start_program",
           "start_in", "NamespaceError"]

NETNS_DIR = "/run/netns"
CLONE_NEWNET = 0x40000000
ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
       "LANG": "C", "LC_ALL": "C"}

_libc = None


class NamespaceError(OSError):
    """The namespace cannot be used: missing, badly named, or the host's own."""


def _setns(fd: int) -> None:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"setns: {os.strerror(e)}")


def netns_path(ns: str) -> str:
    """``/run/netns/NS`` after checking that it names a namespace other than the host's."""
    if not ns or "/" in ns or ns in (".", "..") or "\0" in ns:
        raise NamespaceError(errno.EINVAL, f'Invalid netns name "{ns}"')
    path = os.path.join(NETNS_DIR, ns)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise NamespaceError(errno.ENOENT,
                             f'Cannot open network namespace "{ns}": No such file or directory')
    for own in ("/proc/1/ns/net", "/proc/self/ns/net"):
        try:
            o = os.stat(own)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (o.st_dev, o.st_ino):
            raise NamespaceError(errno.EPERM, f'"{ns}" is the machine\'s own network namespace; '
                                              "netsim never acts there")
    return path


def _enter(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        _setns(fd)
    finally:
        os.close(fd)


def run_in(ns: str, fn, *args, **kwargs):
    """Call ``fn(*args, **kwargs)`` in a thread inside ``ns``; return its value or re-raise."""
    path = netns_path(ns)
    box: dict = {}

    def body():
        try:
            _enter(path)
            box["value"] = fn(*args, **kwargs)
        except BaseException as e:   # handed back to the caller's thread
            box["error"] = e

    t = threading.Thread(target=body, name=f"netns:{ns}", daemon=True)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def start_in(ns: str, fn, *args, name: str = "") -> threading.Thread:
    """Start ``fn(*args)`` in a daemon thread that lives inside ``ns`` (a listener, a capture).
    ``fn`` reports its own errors; the thread is returned started."""
    path = netns_path(ns)

    def body():
        _enter(path)
        fn(*args)

    t = threading.Thread(target=body, name=name or f"netns:{ns}", daemon=True)
    t.start()
    return t


def socket_in(ns: str, family: int = socket.AF_INET, type: int = socket.SOCK_STREAM,
              proto: int = 0) -> socket.socket:
    """A socket opened inside ``ns`` (it stays there whatever thread uses it)."""
    return run_in(ns, socket.socket, family, type, proto)


def connect_wait(sock: socket.socket, daddr, port: int, wait: float) -> int | None:
    """Non-blocking connect polled for ``wait`` seconds: 0, an errno, or None on timeout."""
    sock.setblocking(False)
    e = sock.connect_ex((str(daddr), port))
    if e not in (0, errno.EINPROGRESS):
        return e
    if e == errno.EINPROGRESS:
        _, w, _ = select.select([], [sock], [], wait)
        if not w:
            return None
    return sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)


def run_program(ns: str, argv: list[str], input: bytes | None = None,
                timeout: float = 20.0) -> tuple[int, str, str]:
    """Run ``argv`` (never a shell) in ``ns`` with LANG=C; return (rc, stdout, stderr)."""
    path = netns_path(ns)
    if not argv or not isinstance(argv, (list, tuple)):
        raise ValueError("argv must be a non-empty list")
    try:
        p = subprocess.run(list(argv), input=input, capture_output=True, env=ENV,
                           preexec_fn=lambda: _enter(path), timeout=timeout, check=False)
    except FileNotFoundError:
        return 127, "", f"{argv[0]}: command not found\n"
    except subprocess.TimeoutExpired:
        return 124, "", f"{argv[0]}: timed out after {timeout:g} s\n"
    except subprocess.SubprocessError as e:   # setns failed in the child
        return 255, "", f"Cannot enter network namespace \"{ns}\": {e}\n"
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def start_program(ns: str, argv: list[str], cwd: str | None = None,
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """Start ``argv`` (never a shell) in ``ns`` in the background; the caller stops it."""
    path = netns_path(ns)
    if not argv or not isinstance(argv, (list, tuple)):
        raise ValueError("argv must be a non-empty list")
    return subprocess.Popen(list(argv), cwd=cwd, env=ENV, stdin=subprocess.DEVNULL,
                            stdout=stdout, stderr=stderr, preexec_fn=lambda: _enter(path))
