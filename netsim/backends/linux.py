"""The real-kernel backend: the same commands as the simulator, as netlink requests (pyroute2)
to network namespaces this lab creates on the running Linux kernel.

Read first: :class:`LinuxBackend` (a lab's namespaces and their lifetime), then
:meth:`LinuxBackend.apply` (one typed command of :mod:`netsim.commands.model` becomes the
request ``ip`` would send), then :mod:`netsim.backends.linux_snapshot` (netlink dumps back into
the state classes of :mod:`netsim.kernel_model`, so the same formatters print them).

Never the host's own network: every namespace is one the lab made, named
``nsim-<labid>-<name>`` (``<labid>`` is random hex, so two labs never collide), while commands
and outputs show ``<name>``.  The lab's default namespace is its own ``root``.  Nothing is run
through a shell or an ``ip`` program.  Nothing leaks: a lab is a context manager, ``close()``
removes what it made, atexit and SIGINT/SIGTERM handlers close live labs, and :func:`cleanup`
(``python -m netsim cleanup``) removes what a killed run left: a live lab holds an flock on
``/run/netsim/<labid>.lock``, so namespaces whose lab no longer holds it are leftovers.
"""
from __future__ import annotations

import atexit
import errno
import fcntl
import os
import re
import secrets
import shutil
import signal
import sys
import threading
from ipaddress import IPv4Address

from ..errors import Busy, Exists, Invalid, NetsimError, NotFound, NotSupported, Unreachable
from ..commands import model as m
from .linux_netns import run_in

__all__ = ["LinuxBackend", "cleanup", "unavailable_reason", "PREFIX", "ROOT_NS"]

PREFIX = "nsim-"
ROOT_NS = "root"
NETNS_DIR = "/run/netns"
LOCK_DIR = "/run/netsim"
NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
# per-namespace sysctls only: inside a namespace /proc/sys/kernel etc. are the host's
SYSCTL_RE = re.compile(r"^net\.(ipv4|ipv6|bridge|netfilter)\.[A-Za-z0-9_.-]+$")
CLONE_NEWNET = 0x40000000

IFF_UP = 0x1
NUD = {"incomplete": 0x01, "reachable": 0x02, "stale": 0x04, "delay": 0x08, "probe": 0x10,
       "failed": 0x20, "noarp": 0x40, "permanent": 0x80, "none": 0x00}
NTF_SELF, NTF_MASTER = 0x02, 0x04
RTNH_F_ONLINK = 0x04
FIB_RULE_INVERT = 0x02
RULE_ACTIONS = {"lookup": 1, "blackhole": 6, "unreachable": 7, "prohibit": 8}
ROUTE_TYPES = {"unicast": 1, "local": 2, "broadcast": 3, "anycast": 4, "multicast": 5,
               "blackhole": 6, "unreachable": 7, "prohibit": 8, "throw": 9, "nat": 10}
MACVLAN_MODES = {"private": 1, "vepa": 2, "bridge": 4, "passthru": 8, "source": 16}
RT_PROTOS = {"unspec": 0, "redirect": 1, "kernel": 2, "boot": 3, "static": 4, "gated": 8,
             "ra": 9, "mrt": 10, "zebra": 11, "bird": 12, "dnrouted": 13, "xorp": 14,
             "ntk": 15, "dhcp": 16, "mrouted": 17, "keepalived": 18, "babel": 42, "openr": 99,
             "bgp": 186, "isis": 187, "ospf": 188, "rip": 189, "eigrp": 192}


# ============================================================================ availability
def unavailable_reason() -> str | None:
    """Why the kernel backend cannot run here (None when it can): Linux, root, pyroute2."""
    if not sys.platform.startswith("linux"):
        return f"the kernel backend needs Linux (this is {sys.platform}); use backend='sim'"
    if os.geteuid() != 0:
        return ("the kernel backend needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN to create "
                "network namespaces); run as root or use backend='sim'")
    try:
        import pyroute2  # noqa: F401
    except ImportError:
        return ("the kernel backend needs pyroute2: pip install 'netsim[kernel]' "
                "(or pip install pyroute2); or use backend='sim'")
    return None


def _require() -> None:
    reason = unavailable_reason()
    if reason is not None:
        raise NotSupported(extack=reason)


def valid_ns_name(name: str) -> bool:
    return isinstance(name, str) and bool(NAME_RE.match(name)) and name not in (".", "..")


_ERRNO_CLASSES = {errno.EEXIST: Exists, errno.ENODEV: NotFound, errno.ENOENT: NotFound,
                  errno.ESRCH: NotFound, errno.EINVAL: Invalid, errno.ENETUNREACH: Unreachable,
                  errno.EBUSY: Busy, errno.EOPNOTSUPP: NotSupported}


def _netlink_error(e) -> NetsimError:
    """pyroute2's NetlinkError -> NetsimError(errno, extack): iproute2 prints the extack with a
    final period added (``Error: Nexthop has invalid gateway.``), else the errno's text."""
    code = e.code
    cls = _ERRNO_CLASSES.get(code, NetsimError)
    text = e.args[1] if len(e.args) > 1 else None
    if not text or text == os.strerror(code):
        return cls(code)
    return cls(code, text if text.endswith(".") else text + ".")


# ============================================================================ namespaces
def in_netns(real: str, fn, *args):
    """Run ``fn(*args)`` in a thread that has joined namespace ``real`` (setns(2) changes only
    the calling thread): /proc/sys/net and new sockets there belong to that namespace."""
    return run_in(real, fn, *args)


def _proc_path(key: str) -> str:
    return "/proc/sys/" + key.replace(".", "/")


def _write_sysctls(items: list[tuple[str, str]]) -> None:
    for key, value in items:
        with open(_proc_path(key), "w") as fh:
            fh.write(f"{value}\n")


def _read_sysctls(keys) -> dict[str, str]:
    out = {}
    for key in keys:
        try:
            with open(_proc_path(key)) as fh:
                out[key] = fh.read().strip()
        except OSError:
            pass
    return out


def _create_netns(real: str) -> None:
    from pyroute2 import netns
    if os.path.exists(os.path.join(NETNS_DIR, real)):
        raise Exists()
    netns.create(real)


def _remove_netns(real: str) -> None:
    from pyroute2 import netns
    try:
        netns.remove(real)
    except FileNotFoundError:
        pass


# ============================================================================ leftovers
_LIVE: set = set()
_HOOKED = False
_PREV: dict = {}


def _lock_path(labid: str) -> str:
    return os.path.join(LOCK_DIR, f"{labid}.lock")


def _lab_alive(labid: str) -> bool:
    """A live lab holds an exclusive flock on its lock file (released by the kernel when its
    process dies, however it dies)."""
    try:
        fd = os.open(_lock_path(labid), os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def cleanup() -> list[str]:
    """Remove the namespaces (and lock files) that labs of killed runs left behind; live labs,
    in this process or another, are left alone.  Returns the namespaces removed."""
    removed = []
    try:
        names = sorted(os.listdir(NETNS_DIR))
    except FileNotFoundError:
        names = []
    dead: set[str] = set()
    for name in names:
        parts = name.split("-", 2)
        if not name.startswith(PREFIX) or len(parts) < 3:
            continue
        labid = parts[1]
        if labid in dead or not _lab_alive(labid):
            dead.add(labid)
            _remove_netns(name)
            removed.append(name)
    try:
        locks = os.listdir(LOCK_DIR)
    except FileNotFoundError:
        locks = []
    for f in locks:
        labid = f[:-5]
        if f.endswith(".lock") and not _lab_alive(labid):
            try:
                os.unlink(_lock_path(labid))
            except FileNotFoundError:
                pass
    return removed


def _close_all() -> None:
    for lab in list(_LIVE):
        lab.close()


def _forget_labs_in_child() -> None:
    """A forked child (pyroute2 forks to open sockets in a namespace, and stops the child with
    SIGTERM) must never tear down its parent's labs: it inherits our handlers, not our labs."""
    _LIVE.clear()


def _on_signal(signum, frame):
    """Tear every live lab down, then do what the previous handler would have done."""
    for lab in list(_LIVE):
        lab._teardown(fast=True)
    prev = _PREV.get(signum)
    if callable(prev):
        prev(signum, frame)
    elif prev != signal.SIG_IGN:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)


def _hook() -> None:
    global _HOOKED
    if _HOOKED:
        return
    _HOOKED = True
    atexit.register(_close_all)
    os.register_at_fork(after_in_child=_forget_labs_in_child)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            _PREV[sig] = signal.getsignal(sig)
            signal.signal(sig, _on_signal)


# ============================================================================ the backend
class _Ns:
    """One namespace of the lab: the user's name, the real one, its netlink socket."""

    def __init__(self, name: str, real: str, ipr):
        self.name, self.real, self.ipr = name, real, ipr
        self.tables: set[int] = set()       # tables routes were added to (see snapshot)
        self.custom_rules = False           # net->ipv4.fib_has_custom_rules

    def fd(self) -> int:
        return os.open(os.path.join(NETNS_DIR, self.real), os.O_RDONLY | os.O_CLOEXEC)


class LinuxBackend:
    """A lab on the real kernel.  ``with LinuxBackend() as lab: lab.apply(cmd)``."""

    kind = "kernel"
    default_ns = ROOT_NS

    def __init__(self, seed: int = 0):
        _require()
        self.seed = seed
        self.closed = False
        self._route_get_snapshot = None
        self._shell = None
        self._listeners: list = []
        self._pid = os.getpid()
        self._ns: dict[str, _Ns] = {}
        os.makedirs(LOCK_DIR, exist_ok=True)
        while True:
            self.labid = secrets.token_hex(3)
            try:
                self._lock = os.open(_lock_path(self.labid),
                                     os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
                break
            except FileExistsError:
                continue
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        os.write(self._lock, f"{os.getpid()}\n".encode())
        _hook()
        _LIVE.add(self)
        try:
            self.netns_add(ROOT_NS)
        except BaseException:
            self.close()
            raise

    # -- lifetime ------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def real_name(self, name: str | None) -> str:
        """The kernel's name of the lab namespace ``name`` (None: the lab's root)."""
        return self.ns(name).real

    def namespaces(self) -> list[str]:
        return list(self._ns)

    def close(self) -> None:
        """Delete every namespace this lab created (and so every device in them).  Idempotent."""
        self._teardown(fast=False)

    def _teardown(self, fast: bool) -> None:
        if self.closed or os.getpid() != self._pid:      # only the process that made it
            return
        self.closed = True
        _LIVE.discard(self)
        for lst in self._listeners if not fast else ():
            try:
                lst.stop()
            except Exception:
                pass
        for ns in list(self._ns.values()):
            if not fast:
                try:
                    ns.ipr.close()
                except Exception:
                    pass
            _remove_netns(ns.real)
        if not fast:
            self._ns.clear()
        try:
            os.unlink(_lock_path(self.labid))
        except FileNotFoundError:
            pass
        os.close(self._lock)

    def __del__(self):
        if not getattr(self, "closed", True):
            self.close()

    # -- namespaces ------------------------------------------------------------
    def ns(self, name: str | None) -> _Ns:
        if self.closed:
            raise NetsimError(errno.EBADF, "this lab is closed")
        ns = self._ns.get(ROOT_NS if name is None else name)
        if ns is None:
            raise NotFound(errno.ENOENT, f'namespace "{name}" does not exist')
        return ns

    def netns_add(self, name: str) -> None:
        from pyroute2 import IPRoute
        if self.closed:
            raise NetsimError(errno.EBADF, "this lab is closed")
        if not valid_ns_name(name):
            raise Invalid(extack=f'invalid namespace name "{name}": use 1-40 of A-Z a-z 0-9 _ . -')
        if name in self._ns:
            raise Exists()
        real = f"{PREFIX}{self.labid}-{name}"
        _create_netns(real)
        try:
            # IPv4 only, as the corpus recorder: IPv6 off right after creation
            in_netns(real, _write_sysctls, [("net.ipv6.conf.all.disable_ipv6", "1"),
                                            ("net.ipv6.conf.default.disable_ipv6", "1")])
            ipr = IPRoute(netns=real, flags=0, groups=0, ext_ack=True)
        except BaseException:
            _remove_netns(real)
            raise
        self._ns[name] = _Ns(name, real, ipr)

    def netns_del(self, name: str) -> None:
        if name == ROOT_NS:
            raise Invalid(extack="the lab's root namespace goes with the lab (close())")
        ns = self.ns(name)
        del self._ns[name]
        try:
            ns.ipr.close()
        finally:
            _remove_netns(ns.real)

    # -- requests ----------------------------------------------------------------
    def _call(self, fn, *args, **kw):
        from pyroute2.netlink.exceptions import NetlinkError
        try:
            return fn(*args, **kw)
        except NetlinkError as e:
            raise _netlink_error(e) from None

    def request(self, ns: _Ns, msg, msg_type: int, flags: int) -> tuple:
        """Send one netlink message built field by field (where pyroute2's request helpers
        would add defaults ``ip`` does not send); the replies, or a NetsimError."""
        ipr = ns.ipr
        # IPRoute.nlm_request() of pyroute2 0.9.7 reads a status key it never sets
        return self._call(lambda: tuple(ipr._generate_with_cleanup(
            ipr.asyncore.nlm_request, msg, msg_type, flags)))

    def ifindex(self, ns: _Ns, dev: str) -> int:
        found = ns.ipr.link_lookup(ifname=dev) if dev else []
        if not found:
            raise NotFound(errno.ENODEV, f'Cannot find device "{dev}"')
        return found[0]

    def sysctl_get(self, ns: str | None, keys) -> dict[str, str]:
        return in_netns(self.ns(ns).real, _read_sysctls, list(keys))

    # -- typed commands ----------------------------------------------------------
    def apply(self, cmd) -> None:
        """Execute one command of :mod:`netsim.commands.model` as ``ip``/``bridge``/``sysctl``
        would: the same netlink request, so the kernel's own answer (errno and extack) comes
        back as a :class:`~netsim.errors.NetsimError`."""
        from . import linux_apply
        handler = getattr(linux_apply, f"apply_{type(cmd).__name__}", None)
        if handler is None:
            raise NotSupported(extack=f"the kernel backend cannot apply {type(cmd).__name__}")
        self._route_get_snapshot = None
        handler(self, cmd)
        if isinstance(cmd, (m.LinkAdd, m.LinkSet, m.LinkDel, m.NetnsDel)):
            from .linux_snapshot import settle
            settle(self)

    def snapshot(self):
        """The state of every lab namespace as a :class:`netsim.kernel_model.Kernel`, dumped
        afresh; right after :meth:`route_get`, the snapshot its decision's devices belong to
        (``show.route_get_*`` compare them with the ``iif`` device by identity)."""
        from .linux_snapshot import snapshot
        k, self._route_get_snapshot = self._route_get_snapshot, None
        self._last_snapshot = k if k is not None else snapshot(self)
        return self._last_snapshot

    def getlink(self, ns: str | None, name: str) -> None:
        """RTM_GETLINK for one device, as iproute2 sends it to resolve a name: the kernel runs
        the device's pending linkwatch event first (linkwatch_sync_dev); the last snapshot's
        copy of the device is brought up to date."""
        from .linux_snapshot import refresh_link
        space = self.ns(ns)
        try:
            msgs = self._call(lambda: tuple(space.ipr.link("get", ifname=name)))
        except NetsimError:
            return
        snap = getattr(self, "_last_snapshot", None)
        if snap is not None and msgs:
            refresh_link(snap, space.name, msgs[0])

    def route_cache(self, ns_name: str | None) -> list:
        """``ip route show cache``: the dump with RTM_F_CLONED (the route exceptions)."""
        from .linux_snapshot import route_cache
        return route_cache(self, self.ns(ns_name), self.snapshot())

    def route_get(self, q: m.RouteGet, kernel=None):
        """``ip route get``: the kernel's decision (RTM_GETROUTE) as the RouteDecision that
        :func:`netsim.commands.show.route_get_text` prints, its devices from ``kernel`` (a
        snapshot; a fresh one when None, which the next :meth:`snapshot` returns).  A refusal
        raises NetsimError with the kernel's errno and extack."""
        from .linux_snapshot import route_get, snapshot
        if kernel is None:
            kernel = snapshot(self)
            self._route_get_snapshot = kernel
        return route_get(self, q, kernel)

    # -- the Backend protocol (netsim.backends.base) -----------------------------
    def veth_add(self, ns, name, peer, peer_ns=None):
        self.apply(m.LinkAdd(ns=ns, name=name, kind=m.Veth(peer=peer, peer_ns=peer_ns)))

    def link_add(self, ns, kind, name, **opts):
        kinds = {"bridge": m.Bridge, "dummy": m.Dummy, "vxlan": m.Vxlan, "macvlan": m.Macvlan}
        link = opts.pop("link", None)
        k = kinds[kind](**opts) if kind in kinds else m.OtherKind(kind=kind)
        self.apply(m.LinkAdd(ns=ns, name=name, kind=k, link=link))

    def link_set(self, ns, name, *, up=None, master=None, netns=None, new_name=None):
        self.apply(m.LinkSet(ns=ns, dev=name, up=up, master=master, netns=netns, name=new_name))

    def addr_add(self, ns, dev, cidr):
        a, _, plen = cidr.partition("/")
        self.apply(m.AddrAdd(ns=ns, dev=dev, local=IPv4Address(a),
                             prefixlen=int(plen) if plen else 32))

    def route_add(self, ns, dst, via=None, dev=None, metric=0):
        if dst == "default":
            dst = "0.0.0.0/0"
        a, _, plen = dst.partition("/")
        self.apply(m.RouteAdd(ns=ns, dst=IPv4Address(a), plen=int(plen) if plen else 32,
                              via=IPv4Address(via) if via else None, dev=dev,
                              metric=metric or None))

    def sysctl(self, ns, key, value):
        self.apply(m.SysctlSet(ns=ns, key=key, value=str(value)))

    def ping(self, ns, dst, count=1, timeout=1.0, interval=1.0, ttl=None, size=56, quiet=False,
             iface=None, source=None):
        """``ping`` from lab namespace ``ns`` through real sockets there (the traffic probes of
        :mod:`netsim.backends.linux_probes`): a PingResult with rc, stdout, stderr."""
        self._route_get_snapshot = None         # traffic changes neighbours and FDBs
        return self._probes("ping").ping(self.real_name(ns), str(dst), count=count, timeout=timeout,
                                 interval=interval, ttl=ttl, size=size, quiet=quiet,
                                 iface=iface, source=source)

    def _probes(self, what: str):
        try:
            from . import linux_probes
        except ImportError:
            raise NotSupported(extack=f"{what} on the kernel backend needs the traffic probes "
                                      "(netsim.backends.linux_probes)") from None
        return linux_probes

    def program(self, ns, argv: list[str]) -> tuple[int, str, str]:
        """A user-space program run for real in lab namespace ``ns`` (``iptables``, ``curl``: the
        installed programs; ``nc``: netcat-openbsd's behaviour on sockets opened there)."""
        prog, args = argv[0], list(argv[1:])
        self._route_get_snapshot = None
        probes = self._probes(prog)
        real = self.real_name(ns)
        if prog.startswith("iptables"):
            return probes.iptables(real, args, program=prog)
        if prog in ("nc", "netcat"):
            return probes.nc(real, args)
        if prog == "curl":
            return probes.curl(real, args)
        if prog == "conntrack" and shutil.which("conntrack"):
            return probes.run_program(real, ["conntrack", *args])   # conntrack-tools, for real
        return 127, "", f"netsim: not supported yet on the kernel backend: {prog}\n"

    def background(self, ns, argv: list[str]):
        """A service in lab namespace ``ns`` until the lab closes: ``nc -l[k] PORT`` or
        ``python3 -m http.server PORT``; None when the real program would exit at once or netsim
        does not know it."""
        prog, probes, real = argv[0] if argv else "", self._probes("a service"), self.real_name(ns)
        if prog in ("nc", "netcat"):
            handle = probes.listen_argv(real, list(argv[1:]))
        elif prog in ("python3", "python") and argv[1:3] == ["-m", "http.server"]:
            handle = probes.http_server_argv(real, list(argv[1:]))
        else:
            return None
        if handle is not None:
            self._listeners.append(handle)
        return handle

    @property
    def shell(self):
        """The command layer over this lab (``ip``/``bridge``/``sysctl`` lines become typed
        commands, show commands read :meth:`snapshot`)."""
        if self._shell is None:
            from ..commands.shell import Shell
            self._shell = Shell(self, self.default_ns)
        return self._shell

    def sh(self, line):
        return self.shell.run(line)

    def __repr__(self) -> str:
        state = "closed" if self.closed else ", ".join(self._ns)
        return f"<LinuxBackend {PREFIX}{self.labid}- [{state}]>"

