"""A command line, as a root shell would run it, on the simulated kernel.

``Shell.run(line)`` splits the line like a shell (no pipes, redirections or variables), finds the
program (``ip``, ``bridge``, ``sysctl``, ``ping``, ``iptables``, ``nc``, ``sleep``), runs it in
the right namespace (``ip netns exec NS ...``, ``ip -n NS ...``) and returns a
:class:`~netsim.commands._util.Result` with the real tool's exit status, stdout and stderr.
Anything netsim does not model yet answers ``netsim: not supported yet: ...`` — never a traceback.
"""
from __future__ import annotations

import shlex
import traceback

from ..kernel import rtnetlink as rl
from ._util import CmdError, Result, matches
from .ip import bridge_main, ip_main

__all__ = ["Shell", "Result"]

SYSCTL_ALIASES = {"net.ipv4.ip_forward": "net.ipv4.conf.all.forwarding"}


class Shell:
    """Runs command lines against one simulated kernel.  ``default_ns`` is the namespace used
    when a command names none (the lab's own "root" namespace)."""

    def __init__(self, kernel, default_ns: str = "root"):
        self.kernel = kernel
        self.default_ns = default_ns
        self.background: list = []

    # -- namespaces --------------------------------------------------------
    def ns_arg(self, name: str):
        ns = self.kernel.namespaces.get(name)
        if ns is None:
            raise CmdError(255, f'Error: argument "{name}" is wrong: Invalid "netns" value\n\n')
        return ns

    def netns_cmd(self, args, o):
        sub = args[0] if args else "list"
        if matches(sub, "add"):
            if len(args) < 2:
                raise CmdError(255, "No netns name specified\n")
            name = args[1]
            if name in self.kernel.namespaces:
                raise CmdError(1, f'Cannot create namespace file "/run/netns/{name}": File exists\n')
            if "/" in name or name in (".", ".."):
                raise CmdError(255, f'Invalid netns name "{name}"\n')
            rl.netns_add(self.kernel, name)
            return ""
        if matches(sub, "delete"):
            if len(args) < 2:
                raise CmdError(255, "No netns name specified\n")
            name = args[1]
            if name not in self.kernel.namespaces:
                raise CmdError(1, f'Cannot remove namespace file "/run/netns/{name}": '
                                  f"No such file or directory\n")
            rl.netns_del(self.kernel, name)
            return ""
        if matches(sub, "list") or matches(sub, "show"):
            names = [n for n in self.kernel.namespaces if n != self.default_ns]
            return "".join(f"{n}\n" for n in reversed(names))
        if matches(sub, "exec"):
            if len(args) < 3:
                raise CmdError(255, "No netns name specified\n" if len(args) < 2 else
                               "No command specified\n")
            name = args[1]
            if name not in self.kernel.namespaces:
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
            return self.sysctl(self.kernel.namespaces[ns_name], args)
        if prog == "ping":
            return self.ping(self.kernel.namespaces[ns_name], args)
        if prog == "sleep":
            self.kernel.clock.advance(float(args[0]) if args else 0)
            return ""
        if prog in ("iptables", "iptables-nft", "iptables-legacy"):
            return self.iptables(self.kernel.namespaces[ns_name], args)
        if prog in ("nc", "netcat"):
            from .. import nc
            rc, out, err = nc.nc(self.kernel, self.kernel.namespaces[ns_name], args)
            if rc:
                raise CmdError(rc, err, out)
            self._stderr_ok = err
            raise CmdError(0, err, out)
        if prog == "conntrack":
            from ..kernel import conntrack
            return conntrack.conntrack_list(self.kernel.namespaces[ns_name])
        raise CmdError(127, f"netsim: not supported yet: {prog}\n")

    def _in(self, ns_name):
        if ns_name == self.default_ns:
            return self
        sub = Shell.__new__(Shell)
        sub.kernel, sub.default_ns, sub.background = self.kernel, ns_name, self.background
        return sub

    def _background(self, argv) -> Result:
        if argv[:3] == ["ip", "netns", "exec"] and len(argv) > 4 and argv[4] in ("nc", "netcat"):
            ns = self.kernel.namespaces.get(argv[3])
            if ns is None:
                return Result(None)
            from .. import nc
            self.background.append(nc.listen_argv(self.kernel, ns, argv[5:]))
            return Result(None)
        return Result(2, "", "netsim: not supported yet: this background command\n")

    # -- sysctl ------------------------------------------------------------
    def sysctl(self, ns, args):
        write = False
        quiet = False
        out = []
        for a in args:
            if a.startswith("-"):
                write = write or "w" in a
                quiet = quiet or "q" in a
                continue
            if "=" in a:
                key, _, val = a.partition("=")
                key = key.replace("/", ".")
                self._sysctl_set(ns, key, val.strip())
                if not quiet:
                    out.append(f"{key} = {val.strip()}\n")
            elif write:
                raise CmdError(1, "sysctl: command line(0): invalid syntax, continuing...\n")
            else:
                key = a.replace("/", ".")
                if key not in ns.sysctl:
                    raise CmdError(1, f"sysctl: cannot stat /proc/sys/{key.replace('.', '/')}: "
                                        f"No such file or directory\n")
                out.append(f"{key} = {ns.sysctl[key]}\n")
        return "".join(out)

    def _sysctl_set(self, ns, key, val):
        if key not in ns.sysctl:
            raise CmdError(1, f"sysctl: cannot stat /proc/sys/{key.replace('.', '/')}: "
                                f"No such file or directory\n")
        ns.sysctl[key] = val
        # devinet_sysctl_forward(): ip_forward and conf/all/forwarding set every device's
        if key in ("net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding"):
            for k in list(ns.sysctl):
                if k.endswith(".forwarding") and k.startswith("net.ipv4.conf."):
                    ns.sysctl[k] = val
            ns.sysctl["net.ipv4.ip_forward"] = val

    # -- ping --------------------------------------------------------------
    def ping(self, ns, args):
        from .. import ping as ping_mod
        count, timeout, interval, ttl, dst = 4, 10.0, 1.0, 64, None
        size, quiet, iface = 56, False, None
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
            elif a == "-s":
                i += 1
                size = int(args[i])
            elif a == "-I":
                i += 1
                iface = ns.by_name.get(args[i])
                if iface is None:
                    raise CmdError(2, f"ping: SO_BINDTODEVICE {args[i]}: No such device\n")
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
            from ipaddress import IPv4Address
            IPv4Address(dst)
        except ValueError:
            raise CmdError(2, f"ping: {dst}: Name or service not known\n")
        res = ping_mod.ping(self.kernel, ns, dst, count=count, timeout=timeout,
                            interval=interval, ttl=ttl, size=size, quiet=quiet, iface=iface)
        if res.rc:
            raise CmdError(res.rc, res.stderr, res.stdout)
        return res.stdout

    # -- iptables ----------------------------------------------------------
    def iptables(self, ns, args):
        from ..iptables_cmd import iptables
        from ..kernel.netfilter import Netfilter
        if ns.netfilter is None:
            ns.netfilter = Netfilter()
        rc, out, err = iptables(ns.netfilter, list(args))
        if rc:
            raise CmdError(rc, err, out)
        if err:
            raise CmdError(0, err, out)
        return out


def _ping_number(value: list, opt: str) -> bool:
    """iputils' strtol/strtod checks: counts, sizes and TTLs are integers, times may be real."""
    if not value:
        return False
    try:
        (float if opt in ("-W", "-i") else int)(value[0])
    except ValueError:
        return False
    return True
