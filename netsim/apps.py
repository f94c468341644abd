"""Programs beyond ``ip``/``iptables``/``ping``/``nc`` that the shell runs in a namespace:
``curl``, ``conntrack``, ``dmesg``, and the tiny HTTP service ``python3 -m http.server``
(started in the background with ``&``).  Each returns (exit status, stdout, stderr)."""
from __future__ import annotations

__all__ = ["PROGRAMS", "run", "background", "can_background"]

PROGRAMS = ("curl", "conntrack", "dmesg")


def run(kernel, ns, prog: str, argv: list[str]) -> tuple[int, str, str]:
    if prog == "curl":
        from .curl import curl
        return curl(kernel, ns, argv)
    if prog == "conntrack":
        from .conntrack_cmd import conntrack_cmd
        return conntrack_cmd(ns, argv)
    from .kernel.nf_log import dmesg
    if argv:
        return 1, "", f"dmesg: netsim knows no options (got {argv[0]})\n"
    return 0, dmesg(ns), ""


def can_background(argv: list[str]) -> bool:
    """Is ``argv`` a service netsim can start with ``&`` (nc, python3 -m http.server)?"""
    prog = argv[0] if argv else ""
    return prog in ("nc", "netcat") or (prog in ("python3", "python")
                                        and argv[1:3] == ["-m", "http.server"])


def background(kernel, ns, argv: list[str]):
    """Start ``argv`` (program and arguments) as a background service; None if unknown."""
    prog = argv[0] if argv else ""
    if prog in ("nc", "netcat"):
        from .nc import listen_argv
        return listen_argv(kernel, ns, argv[1:])
    if prog in ("python3", "python") and argv[1:3] == ["-m", "http.server"]:
        from .httpd import http_server_argv
        return http_server_argv(kernel, ns, argv[1:])
    return None
