"""A command line, as a root shell would run it, on a backend (simulated or real kernel).

``Shell.run(line)`` splits the line like a shell (no pipes, redirections or variables), finds the
program (``ip``, ``bridge``, ``sysctl``, ``ping``, ``iptables``, ``nc``, ``sleep``), runs it in
the right namespace (``ip netns exec NS ...``, ``ip -n NS ...``) and returns a
:class:`~netsim.commands._util.Result` with the real tool's exit status, stdout and stderr.
Anything netsim does not model yet answers ``netsim: not supported yet: ...`` — never a traceback.
"""
from __future__ import annotations

import errno
import os
import shlex
import traceback
from ipaddress import IPv4Address

from ..errors import NetsimError
from ._util import CmdError, Result, matches, rtnl_error
from .ip import bridge_main, ip_main
from .model import NetnsAdd, NetnsDel
from .parser import parse_sysctl_assign

__all__ = ["Shell", "Result", "PROGRAMS"]

# programs a backend runs itself (Backend.program): iptables, nc, curl, conntrack, dmesg
PROGRAMS = frozenset({"iptables", "iptables-nft", "iptables-legacy", "nc", "netcat", "curl",
                      "conntrack", "dmesg"})

SYSCTL_ALIASES = {"net.ipv4.ip_forward": "net.ipv4.conf.all.forwarding"}


class Shell:
    """Runs command lines against one backend (:mod:`netsim.backends`).  ``default_ns`` is the
    snapshot's name of the namespace used when a command names none (the lab's own "root"
    namespace).  ip, bridge and sysctl go through the backend's typed commands and snapshot,
    ping through ``backend.ping``; iptables, nc and conntrack still need the simulated kernel
    (``backend.kernel``) and answer "not supported yet" on another backend."""

    def __init__(self, backend, default_ns: str = "root"):
        self.backend = backend
        self.default_ns = default_ns
        self.background: list = []

    @property
    def kernel(self):
        """The simulated kernel, for the programs that only exist on the model."""
        return getattr(self.backend, "kernel", None)

    def _cmd_ns(self, name: str) -> str | None:
        """The ``ns`` of a typed command acting in namespace ``name``."""
        return None if name == getattr(self.backend, "default_ns", "root") else name

    def _apply(self, cmd) -> None:
        try:
            self.backend.apply(cmd)
        except NetsimError as e:
            raise rtnl_error(e) from None

    # -- namespaces --------------------------------------------------------
    def netns_cmd(self, args, o):
        sub = args[0] if args else "list"
        names = self.backend.snapshot().namespaces
        if matches(sub, "add"):
            if len(args) < 2:
                raise CmdError(255, "No netns name specified\n")
            name = args[1]
            if name in names:
                raise CmdError(1, f'Cannot create namespace file "/run/netns/{name}": File exists\n')
            if "/" in name or name in (".", ".."):
                raise CmdError(255, f'Invalid netns name "{name}"\n')
            self._apply(NetnsAdd(name=name))
            return ""
        if matches(sub, "delete"):
            if len(args) < 2:
                raise CmdError(255, "No netns name specified\n")
            name = args[1]
            if name not in names:
                raise CmdError(1, f'Cannot remove namespace file "/run/netns/{name}": '
                                  f"No such file or directory\n")
            self._apply(NetnsDel(name=name))
            return ""
        if matches(sub, "list") or matches(sub, "show"):
            shown = [n for n in names if n != self.default_ns]
            return "".join(f"{n}\n" for n in reversed(shown))
        if matches(sub, "exec"):
            if len(args) < 3:
                raise CmdError(255, "No netns name specified\n" if len(args) < 2 else
                               "No command specified\n")
            name = args[1]
            if name not in names:
                raise CmdError(255, f'Cannot open network namespace "{name}": '
                                    f"No such file or directory\n")
            return self._program(args[2:], name)
        raise CmdError(2, f"netsim: not supported yet: ip netns {sub}\n")

    # -- programs ----------------------------------------------------------
    def run(self, line: str) -> Result:
        """Run one command line; never raises."""
        line = line.strip()
        if not line or line.startswith("#"):
            return Result(0)
        bg = line.endswith(" &")
        if bg:
            line = line[:-2].rstrip()
        try:
            argv = shlex.split(line)
        except ValueError as e:
            return Result(2, "", f"netsim: cannot parse the line: {e}\n")
        try:
            if bg:
                return self._background(argv)
            out = self._program(argv, self.default_ns)
            return Result(0, out or "", "")
        except CmdError as e:
            return Result(e.rc, e.stdout, e.stderr)
        except Exception as e:  # a bug of ours: report it without a traceback
            detail = traceback.format_exception_only(type(e), e)[-1].strip()
            return Result(70, "", f"netsim: internal error while running '{line}': {detail}\n")

    def _program(self, argv, ns_name):
        prog, args = argv[0], argv[1:]
        if prog == "ip":
            return ip_main(self._in(ns_name), args)
        if prog == "bridge":
            return bridge_main(self._in(ns_name), args)
        if prog == "sysctl":
            return self.sysctl(ns_name, args)
        if prog == "ping":
            return self.ping(ns_name, args)
        if prog == "sleep":
            seconds = float(args[0]) if args else 0.0
            if self.kernel is not None:
                self.kernel.clock.advance(seconds)       # simulated time
            else:
                import time
                time.sleep(seconds)                      # a real kernel's timers run on their own
            return ""
        if prog in PROGRAMS:
            # user-space programs run by the backend: on the model, or for real in the namespace
            rc, out, err = self.backend.program(ns_name, argv)
            if rc or err:
                raise CmdError(rc, err, out)
            return out
        raise CmdError(127, f"netsim: not supported yet: {prog}\n")

    def _in(self, ns_name):
        if ns_name == self.default_ns:
            return self
        sub = Shell.__new__(Shell)
        sub.backend, sub.default_ns, sub.background = self.backend, ns_name, self.background
        return sub

    def _background(self, argv) -> Result:
        """``ip netns exec NS nc -lk PORT &`` / ``... python3 -m http.server PORT &``: a service
        that runs until the lab ends (the background line gets no output, as in the corpus)."""
        if argv[:3] == ["ip", "netns", "exec"] and len(argv) > 4:
            if argv[3] not in self.backend.snapshot().namespaces:
                return Result(None)
            handle = self.backend.background(argv[3], argv[4:])
            if handle is not None:
                self.background.append(handle)
                return Result(None)
        return Result(2, "", "netsim: not supported yet: this background command\n")

    # -- sysctl ------------------------------------------------------------
    def sysctl(self, ns_name, args):
        """procps-ng sysctl: reads ``KEY``, writes ``KEY=VALUE`` (with or without -w); -n
        prints values only, -N names only, -q nothing for writes, -e ignores unknown keys.
        Every key is tried; a failed one is reported on stderr and the status is 1."""
        write = quiet = values_only = names_only = ignore = False
        out, err = [], []
        for a in args:
            if a.startswith("-"):
                write = write or "w" in a
                quiet = quiet or "q" in a
                values_only = values_only or "n" in a
                names_only = names_only or "N" in a
                ignore = ignore or "e" in a
                continue
            try:
                if "=" in a:
                    cmd = parse_sysctl_assign(a, self._cmd_ns(ns_name))
                    try:
                        self.backend.apply(cmd)
                    except NetsimError as e:
                        raise _sysctl_error(cmd.key, e) from None
                    key, value = cmd.key, cmd.value
                    if quiet:
                        continue
                elif write:
                    raise CmdError(1, "sysctl: command line(0): invalid syntax, continuing...\n")
                else:
                    key = a.replace("/", ".")
                    values = self.backend.snapshot().namespaces[ns_name].sysctl
                    if key not in values:
                        # a directory: every key under it, in the order procfs lists them
                        inside = sorted((k for k in values if k.startswith(key + ".")),
                                        key=lambda k: k.split("."))
                        if not inside:
                            raise _sysctl_error(key, NetsimError(errno.ENOENT))
                        out += [values[k] + "\n" if values_only else k + "\n" if names_only
                                else f"{k} = {values[k]}\n" for k in inside]
                        continue
                    value = values[key]
            except CmdError as e:
                if write and "=" not in a:
                    raise CmdError(1, "".join(err) + e.stderr, "".join(out)) from None
                if not (ignore and "cannot stat" in e.stderr):
                    err.append(e.stderr)
                continue
            out.append(value + "\n" if values_only else key + "\n" if names_only
                       else f"{key} = {value}\n")
        if err:
            raise CmdError(1, "".join(err), "".join(out))
        return "".join(out)

    # -- ping --------------------------------------------------------------
    def ping(self, ns_name, args):
        count, timeout, interval, ttl, dst = 4, 10.0, 1.0, None, None
        size, quiet, iface, source = 56, False, None, None
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-c", "-s", "-t", "-W", "-i") and not _ping_number(args[i + 1:i + 2], a):
                raise CmdError(1, f"ping: invalid argument: '{''.join(args[i + 1:i + 2])}'\n")
            if a == "-c":
                i += 1
                count = int(args[i])
            elif a == "-W":
                i += 1
                timeout = float(args[i])
            elif a == "-i":
                i += 1
                interval = float(args[i])
            elif a == "-t":
                i += 1
                ttl = int(args[i])
                if not 0 <= ttl <= 255:
                    raise CmdError(1, f"ping: invalid argument: '{args[i]}': out of range: "
                                      "0 <= value <= 255\n")
                if ttl == 0:           # setsockopt(IP_TTL, 0) is EINVAL
                    raise CmdError(2, "ping: cannot set unicast time-to-live: Invalid argument\n")
            elif a == "-s":
                i += 1
                size = int(args[i])
            elif a == "-I":
                i += 1
                try:                   # iputils: an address is the source, else a device
                    source = IPv4Address(args[i])
                except ValueError:
                    iface = args[i]
                    if iface not in self.backend.snapshot().namespaces[ns_name].by_name:
                        raise CmdError(2, f"ping: SO_BINDTODEVICE {iface}: No such device\n")
            elif a == "-q":
                quiet = True
            elif a in ("-n", "-4"):
                pass
            elif a.startswith("-"):
                raise CmdError(2, f"netsim: not supported yet: ping {a}\n")
            else:
                dst = a
            i += 1
        if dst is None:
            raise CmdError(2, "ping: usage error: Destination address required\n")
        try:
            IPv4Address(dst)
        except ValueError:
            raise CmdError(2, f"ping: {dst}: Name or service not known\n")
        extra = {k: v for k, v in (("interval", interval), ("ttl", ttl), ("size", size),
                                   ("quiet", quiet), ("iface", iface), ("source", source))
                 if v != {"interval": 1.0, "ttl": None, "size": 56, "quiet": False,
                          "iface": None, "source": None}[k]}
        res = self.backend.ping(self._cmd_ns(ns_name), dst, count=count, timeout=timeout, **extra)
        if res.rc:
            raise CmdError(res.rc, res.stderr, res.stdout)
        return res.stdout


def _sysctl_error(key: str, e: NetsimError) -> CmdError:
    """How procps-ng sysctl reports a key it cannot read or write (rc 1, checked on 6.18)."""
    path = key.replace(".", "/")
    if e.errno == errno.ENOENT:
        return CmdError(1, f"sysctl: cannot stat /proc/sys/{path}: No such file or directory\n")
    return CmdError(1, f'sysctl: setting key "{key}": {os.strerror(e.errno)}\n')


def _ping_number(value: list, opt: str) -> bool:
    """iputils' strtol/strtod checks: counts, sizes and TTLs are integers, times may be real."""
    if not value:
        return False
    try:
        (float if opt in ("-W", "-i") else int)(value[0])
    except ValueError:
        return False
    return True
