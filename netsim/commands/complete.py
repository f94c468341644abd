"""Tab completion and help for ``python -m netsim shell``.

The shell completes what a student types next on an ``ip``/``bridge``/``ping``/``iptables``
line: programs, global options, objects and their commands (``ip li<TAB>`` → ``link``),
keywords (``type`` → ``veth``, ``bridge``…), and the names that exist right now in the lab —
namespaces after ``-n``/``netns exec``, devices after ``dev``/``master``/``link set``.

:class:`Completer` knows nothing of readline; :func:`install` plugs it in where readline exists.

>>> c = Completer(lambda: {"c1": ["lo", "eth0"], "root": ["lo"]})
>>> c.candidates("ip -n c1 link set e")
['eth0']
>>> c.candidates("ip netns exec ")
['c1']
>>> c.candidates("ip ro")
['route']
"""
from __future__ import annotations

import shlex
from typing import Callable

__all__ = ["Completer", "install", "HELP"]

PROGRAMS = ["ip", "bridge", "ping", "nc", "curl", "iptables", "sysctl", "sleep", "conntrack", "trace", "help",
            "exit"]
IP_OBJECTS = {
    "link": ["add", "set", "delete", "show"],
    "address": ["add", "delete", "show", "flush", "replace", "change"],
    "route": ["add", "delete", "show", "get", "replace", "change", "append", "flush"],
    "rule": ["add", "delete", "show"],
    "neighbour": ["add", "delete", "show", "flush", "replace", "change"],
    "netns": ["add", "delete", "list", "exec"],
}
BRIDGE_OBJECTS = {"link": ["show", "set"], "fdb": ["show", "add", "del"]}
GLOBAL_OPTS = ["-n", "-j", "-4", "-d", "-s"]
LINK_TYPES = ["veth", "bridge", "dummy", "vxlan", "macvlan"]
# keywords offered after the object and command, by (object, command)
KEYWORDS = {
    ("link", "add"): ["type", "address", "mtu", "link", "name"],
    ("link", "set"): ["dev", "up", "down", "master", "nomaster", "netns", "name", "address",
                      "mtu"],
    ("address", "add"): ["dev", "brd", "scope", "label", "noprefixroute"],
    ("address", "delete"): ["dev"],
    ("route", "add"): ["via", "dev", "src", "metric", "table", "onlink", "scope", "proto",
                       "blackhole", "unreachable", "prohibit", "default"],
    ("route", "get"): ["from", "iif", "oif"],
    ("route", "show"): ["table", "dev", "default"],
    ("rule", "add"): ["from", "to", "lookup", "table", "priority", "iif", "oif"],
    ("neighbour", "add"): ["lladdr", "dev", "nud"],
    ("neighbour", "show"): ["dev"],
    ("neighbour", "flush"): ["dev"],
}
for _obj, _cmd, _same in (("route", "replace", "add"), ("route", "change", "add"),
                          ("route", "append", "add"), ("route", "delete", "add"),
                          ("rule", "delete", "add"), ("neighbour", "replace", "add"),
                          ("neighbour", "change", "add"), ("neighbour", "delete", "add")):
    KEYWORDS[(_obj, _cmd)] = KEYWORDS[(_obj, _same)]
VALUES = {"type": LINK_TYPES, "nud": ["permanent", "reachable", "stale", "noarp"],
          "table": ["main", "local", "default"], "lookup": ["main", "local", "default"],
          "scope": ["global", "link", "host"], "mode": ["bridge", "private", "vepa"]}
DEV_WORDS = {"dev", "master", "iif", "oif", "link", "br"}

HELP = """\
netsim shell: the commands of a root shell on a Linux box, run on the simulated kernel.
  ip netns add NS                         create a network namespace (only lo, DOWN)
  ip -n NS link add A type veth peer name B netns NS2
  ip -n NS link add br0 type bridge       a Linux bridge;  ip -n NS link set A master br0
  ip -n NS addr add 10.0.0.1/24 dev A     ip -n NS link set A up
  ip -n NS route add default via 10.0.0.254   ip -n NS route get 10.0.0.2
  ip -n NS neigh show                     bridge -n NS fdb show br br0
  ip netns exec NS ping -c 1 10.0.0.2     ip netns exec NS sysctl -w net.ipv4.ip_forward=1
  ip netns exec NS iptables -t nat -S     ip netns exec NS nc -zvn -w 1 10.0.0.2 80
  trace LINE                              run LINE and show every step, hook, rule and NAT it caused
  add -j for JSON output; TAB completes commands, keywords, namespaces and devices;
  'exit' or Ctrl-D leaves.
"""


def _split(text: str) -> tuple[list[str], str]:
    """Words before the cursor, and the word being typed (may be empty)."""
    try:
        words = shlex.split(text)
    except ValueError:                 # an open quote: complete the raw words
        words = text.split()
    if text and not text[-1].isspace() and words:
        return words[:-1], words[-1]
    return words, ""


class Completer:
    """Completion over the vocabulary above; ``state()`` returns {namespace: [device, ...]}."""

    def __init__(self, state: Callable[[], dict[str, list[str]]], default_ns: str = "root"):
        self.state = state
        self.default_ns = default_ns
        self._matches: list[str] = []

    # -- what may come next ---------------------------------------------------
    def _options(self, words: list[str]) -> list[str]:
        if not words:
            return PROGRAMS
        st = self.state()
        namespaces = sorted(n for n in st if n != self.default_ns)
        prog, rest = words[0], words[1:]
        if prog == "ip" and rest[:2] == ["netns", "exec"]:
            if len(rest) == 2:
                return namespaces
            return self._options(rest[3:]) if len(rest) > 3 else [p for p in PROGRAMS
                                                                  if p not in ("help", "exit")]
        if prog not in ("ip", "bridge"):
            return []
        ns, i = self.default_ns, 0
        while i < len(rest) and rest[i].startswith("-"):
            if rest[i] in ("-n", "-netns"):
                if i + 1 >= len(rest):
                    return namespaces
                ns = rest[i + 1]
                i += 2
            else:
                i += 1
        rest = rest[i:]
        objects = IP_OBJECTS if prog == "ip" else BRIDGE_OBJECTS
        if not rest:
            return GLOBAL_OPTS + list(objects)
        obj = next((o for o in objects if o.startswith(rest[0])), None)
        if obj is None:
            return []
        if len(rest) == 1:
            return objects[obj]
        cmd = next((c for c in objects[obj] if c.startswith(rest[1])), rest[1])
        if obj == "netns":
            return namespaces if cmd in ("delete", "exec") and len(rest) == 2 else []
        devices = sorted(st.get(ns, []))
        last = rest[-1]
        if last in DEV_WORDS:
            return devices
        if last in VALUES:
            return VALUES[last]
        if last == "netns":
            return namespaces
        keywords = KEYWORDS.get((obj, cmd), [])
        if obj == "link" and cmd in ("set", "delete", "show") and len(rest) == 2:
            return devices + keywords
        return keywords

    def candidates(self, text: str) -> list[str]:
        """Every completion of the last word of ``text``, in the order offered."""
        words, partial = _split(text)
        return [w for w in self._options(words) if w.startswith(partial)]

    # -- readline's protocol ----------------------------------------------------
    def complete(self, text: str, state: int):
        if state == 0:
            import readline
            line = readline.get_line_buffer()[:readline.get_endidx()]
            self._matches = [w + " " for w in self.candidates(line)]
        return self._matches[state] if state < len(self._matches) else None


def install(completer: Completer) -> bool:
    """Use ``completer`` for TAB in input(); False where readline is missing (Windows)."""
    try:
        import readline
    except ImportError:
        return False
    readline.set_completer(completer.complete)
    readline.set_completer_delims(" \t")
    if "libedit" in (readline.__doc__ or ""):
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
    return True
