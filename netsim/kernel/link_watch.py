"""Operstate: models net/core/link_watch.c (``linkwatch_fire_event``, ``linkwatch_urgent_event``,
``rfc2863_policy``, ``default_operstate``) for veth devices.

The kernel does not compute a device's operstate when it is shown: ``dev->operstate`` is
written by linkwatch when an event for the device runs, i.e. some time after its carrier changed
(``netif_carrier_on/off``), and ``ip link`` prints what was stored then.  For a device without
carrier ``default_operstate`` looks the device's iflink (a veth's peer index) up *in the
device's own namespace at that moment*: ``LOWERLAYERDOWN`` if a device with that index exists
and has no carrier, otherwise ``DOWN``.  A veth keeps that verdict until its next carrier
change: created next to a bridge that had carrier it stays ``DOWN`` after the bridge lost it;
created next to its peer it stays ``LOWERLAYERDOWN`` after the peer moved away.

When the event runs matters, and the simulator has no wall clock, so it follows what the
kernel does at the pace of typed commands:

* an event of a running device (up) is urgent (its iflink differs from its ifindex) and runs
  at once -- the simulator runs it at the end of the rtnetlink operation that fired it;
* an event of a device that is down (a new veth's ``netif_carrier_off`` after ``veth_newlink``,
  a veth whose own close dropped the carrier) waits for the next linkwatch round, up to a
  second later: the simulator runs it at the end of the *next* link operation.  So
  ``link add v0 type veth peer name v1`` immediately followed by ``link set v1 netns other``
  leaves v0 ``DOWN`` (its peer's index is gone when the event runs), as on the kernel.
"""
from __future__ import annotations

from ..kernel_model import Bridge, Kernel, Macvlan, NetDevice, Veth

__all__ = ["carrier_ok", "default_operstate", "linkwatch_fire_event", "linkwatch_run_queue"]


def carrier_ok(dev: NetDevice) -> bool:
    """netif_carrier_ok(): the carrier bit, whatever the administrative state.

    A veth has carrier while both ends are up; a bridge while one port forwards (or before
    its first port: a new net_device starts with carrier on); a macvlan copies its lower
    device's; devices without a carrier notion (lo, dummy, vxlan) always have it."""
    if isinstance(dev, Veth):
        return dev.has_carrier()
    if isinstance(dev, Bridge):
        return not dev.had_ports or any(p.state == "forwarding" for p in dev.ports.values())
    if isinstance(dev, Macvlan):
        return dev.lower_dev.running
    return True


def default_operstate(dev: NetDevice) -> str:
    """default_operstate() of net/core/link_watch.c."""
    if carrier_ok(dev):
        return "UP"
    iflink = dev.iflink()
    if iflink == dev.ifindex:
        return "DOWN"
    other = dev.ns.devices.get(iflink)
    if other is None or carrier_ok(other):
        return "DOWN"
    return "LOWERLAYERDOWN"


def _linkwatch_do_dev(dev: Veth) -> None:
    """linkwatch_do_dev() -> rfc2863_policy(): store the operstate seen now."""
    dev.lw_carrier = dev.has_carrier()
    dev.lw_operstate = default_operstate(dev)


def linkwatch_fire_event(kernel: Kernel, devs) -> None:
    """Note the carrier changes of ``devs`` (veths; others are ignored) made by the current
    operation: a new device, or one whose carrier differs from what its last event saw."""
    for dev in devs:
        if isinstance(dev, Veth) and (dev.lw_carrier is None
                                      or dev.has_carrier() != dev.lw_carrier):
            kernel.lw_pending.setdefault(dev, kernel.lw_ops)


def linkwatch_run_queue(kernel: Kernel) -> None:
    """End of a link operation: run urgent events (running devices) and the events left
    pending by earlier operations; keep this operation's non-urgent ones for the next."""
    op = kernel.lw_ops
    for dev, fired in list(kernel.lw_pending.items()):
        if dev.ifindex not in dev.ns.devices or dev.ns.devices[dev.ifindex] is not dev:
            del kernel.lw_pending[dev]          # unregistered meanwhile
            continue
        if dev.admin_up or fired < op:
            del kernel.lw_pending[dev]
            _linkwatch_do_dev(dev)
    kernel.lw_ops = op + 1
