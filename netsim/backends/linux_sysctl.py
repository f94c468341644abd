"""``sysctl`` (procps-ng 4.0.2) inside a named network namespace, through ``/proc/sys``.

``/proc/sys/net`` shows the network namespace of the thread that reads it, so the files are read
and written from a thread that entered the namespace (:func:`~.linux_netns.run_in`); the text
and exit statuses are procps-ng's, each checked against the real program.  Only ``net.*`` keys
follow the namespace -- ``kernel.*``, ``vm.*``, ``fs.*`` belong to the whole machine -- so
writes outside ``net.*`` are refused.
"""
from __future__ import annotations

import errno
import os

from .linux_netns import run_in

__all__ = ["sysctl"]


_SYSCTL_USAGE = """
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
"""
_SYSCTL_LONG = {"--write": "w", "--quiet": "q", "--values": "n", "--names": "N",
                "--binary": "b", "--ignore": "e", "--help": "h"}


class _SysctlOpts:
    """procps-ng 4.0 sysctl's switches, as far as a namespace's keys need them."""
    write = quiet = values = names = binary = ignore = False


def _sysctl_path(key: str) -> str:
    # procps: a key with '/' is a path, else dots separate the levels
    return "/proc/sys/" + (key if "/" in key else key.replace(".", "/"))


def _sysctl_key(path: str) -> str:
    return path[len("/proc/sys/"):].replace("/", ".")


def _sysctl_read(key: str, o: _SysctlOpts, out: list, err: list) -> int:
    path = _sysctl_path(key)
    try:
        st = os.stat(path)
    except OSError as e:
        if o.ignore:
            return 0
        err.append(f"sysctl: cannot stat {path}: {os.strerror(e.errno)}\n")
        return 1
    if os.path.isdir(path):
        rc = 0
        for name in sorted(os.listdir(path)):
            rc |= _sysctl_read(_sysctl_key(os.path.join(path, name)), o, out, err)
        return rc
    if not st.st_mode & 0o444:          # write-only (net.ipv4.route.flush): nothing shown
        return 0
    key = _sysctl_key(path)
    try:
        with open(path, "rb") as f:
            val = f.read().decode("utf-8", "replace")
    except OSError as e:
        if e.errno == errno.EACCES:
            err.append(f"sysctl: permission denied on key '{key}'\n")
        elif e.errno in (errno.EIO, errno.EINVAL):
            return 0
        else:
            err.append(f"sysctl: reading key \"{key}\"\n")
        return 1
    val = val[:-1] if val.endswith("\n") else val
    if o.names:
        out.append(f"{key}\n")
    elif o.binary:
        out.append(val)
    else:
        out.append(f"{val}\n" if o.values else f"{key} = {val}\n")
    return 0


def _sysctl_write(arg: str, o: _SysctlOpts, out: list, err: list) -> int:
    key, _, val = arg.partition("=")
    key, val = key.strip(), val.strip()
    path = _sysctl_path(key)
    key = key.replace("/", ".")
    if not os.path.realpath(path).startswith("/proc/sys/net/"):
        # only net.* follows the writer's network namespace; kernel.*, vm.*, fs.* (and a
        # path with "..") would change the whole machine
        err.append(f"netsim: refusing to write {key}: not a per-network-namespace key\n")
        return 1
    if not os.path.exists(path):
        if o.ignore:
            return 0
        err.append(f"sysctl: cannot stat {path}: No such file or directory\n")
        return 1
    try:
        fd = os.open(path, os.O_WRONLY)
        try:
            os.write(fd, (val + "\n").encode())
        finally:
            os.close(fd)
    except OSError as e:
        if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            err.append(f"sysctl: permission denied on key \"{key}\"\n")
        else:
            err.append(f"sysctl: setting key \"{key}\": {os.strerror(e.errno)}\n")
        return 1
    if not o.quiet:
        # procps prints only the value with -n, and (oddly) with -N too
        out.append(f"{val}\n" if o.values or o.names else f"{key} = {val}\n")
    return 0


def _sysctl(argv: list[str]) -> tuple[int, str, str]:
    o = _SysctlOpts()
    keys: list[str] = []
    for a in argv:
        if a.startswith("--"):
            flag = _SYSCTL_LONG.get(a)
            if flag is None:      # getopt's complaint, then the usage on stdout, status 0
                return 0, _SYSCTL_USAGE, f"sysctl: unrecognized option '{a}'\n"
            a = "-" + flag
        if a.startswith("-") and len(a) > 1:
            for c in a[1:]:
                if c in "hd":
                    return 0, _SYSCTL_USAGE, ""
                if c in "aAXpfrV":
                    return 2, "", f"netsim: not supported yet: sysctl -{c}\n"
                if c not in "wqnNbeox":
                    return 0, _SYSCTL_USAGE, f"sysctl: invalid option -- '{c}'\n"
                o.write |= c == "w"
                o.quiet |= c == "q"
                o.values |= c == "n"
                o.names |= c == "N"
                o.binary |= c == "b"
                o.ignore |= c == "e"
            continue
        keys.append(a)
    if not argv:
        return 1, "", _SYSCTL_USAGE
    if not keys:
        return 1, "", "sysctl: no variables specified\nTry `sysctl --help' for more information.\n"
    out: list[str] = []
    err: list[str] = []
    rc = 0
    for k in keys:
        if "=" in k:
            rc |= _sysctl_write(k, o, out, err)
        elif o.write:
            err.append("sysctl: command line(0): invalid syntax, continuing...\n")
            rc = 1
        else:
            rc |= _sysctl_read(k, o, out, err)
    return rc, "".join(out), "".join(err)


def sysctl(ns: str, argv: list[str]) -> tuple[int, str, str]:
    """``sysctl ARGV`` (``[-w] [-q] [-n] [-N] [-b] [-e] key[=value] ...``) in ``ns``:
    (rc, stdout, stderr) as procps-ng 4.0 prints them."""
    return run_in(ns, _sysctl, list(argv))
