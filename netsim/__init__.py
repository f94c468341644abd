"""netsim: watch how Linux container networking works.

A pure-Python model of the kernel's network stack (namespaces, veth, bridges, routing, ARP,
netfilter) that moves packet values step by step and explains every decision.  Start with
:class:`netsim.Lab`.
"""
from .commands.parser import parse
from .lab import Lab, docker_demo
from .trace import Trace

__all__ = ["Lab", "Trace", "docker_demo", "parse"]
__version__ = "0.1.0"
