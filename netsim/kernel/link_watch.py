"""Operstate: models net/core/link_watch.c (``linkwatch_fire_event``, ``linkwatch_urgent_event``,
``__linkwatch_run_queue``, ``linkwatch_sync_dev``, ``rfc2863_policy``, ``default_operstate``)
for veths, bridges and macvlans.

The kernel does not compute a device's operstate when it is shown: ``dev->operstate`` is
written by linkwatch when an event for the device runs, some time after its carrier changed
(``netif_carrier_on/off``), and ``ip link`` prints what was stored then (``DOWN`` while the
device is down).  A new device starts ``UNKNOWN`` with carrier on; a device that never gets a
carrier event stays ``UNKNOWN`` (an empty bridge, lo, vxlan).  For a device without carrier
``default_operstate`` looks the device's iflink (a veth's peer index) up *in the device's own
namespace at that moment*: ``LOWERLAYERDOWN`` if a device with that index exists and has no
carrier, otherwise ``DOWN``.

When an event runs, on the simulated clock:

* an *urgent* event (``linkwatch_urgent_event``: the device is running and is stacked -- its
  iflink differs from its ifindex -- or it gets carrier back while its qdisc is deactivated)
  runs at once, at the end of the rtnetlink operation that fired it;
* any other event runs in the next full round.  Full rounds are rate-limited machine-wide to
  one a second (``linkwatch_nextevent``): the first one after a quiet second runs at once,
  later ones wait for the end of the second.  Commands take no simulated time, so events fired
  by a quick run of commands wait until something lets time pass (``sleep``, a ping or nc that
  waits for an answer) -- as on a real machine, where such a script runs in well under a
  second;
* ``RTM_GETLINK`` for one device (``rtnl_getlink``) runs that device's pending event first
  (``linkwatch_sync_dev``).  iproute2 sends one for every device it resolves by name or by
  index without a cache (``ll_name_to_index``), so ``ip link set X``, ``ip addr add ... dev X``
  or ``ip link show X`` bring X's operstate up to date, while a dump (``ip link show``) does not.

``linkwatch_settle`` lets time pass until every up device's operstate agrees with its carrier,
which is what the corpus recorder waits for after each link command.
"""
from __future__ import annotations

from ..kernel_model import Bridge, Kernel, Macvlan, NetDevice, Veth

__all__ = ["carrier_ok", "default_operstate", "linkwatch_fire_event", "linkwatch_fire_new",
           "linkwatch_run_queue", "linkwatch_settle", "linkwatch_sync_dev", "dev_activate"]

HZ = 1.0                     # linkwatch's rate limit: one full round a second
_TRACKED = (Veth, Bridge, Macvlan)   # devices whose operstate is stored (others compute it)


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
    if other is None:
        return "DOWN"
    # a bridge's carrier bit is set by port state selection, which runs on the port's
    # NETDEV_CHANGE -- after this event: the bit as last set, not as the ports are now
    other_carrier = other.lw_carrier if isinstance(other, Bridge) else carrier_ok(other)
    return "DOWN" if other_carrier else "LOWERLAYERDOWN"


def dev_activate(dev: NetDevice) -> None:
    """dev_activate(): the qdisc is attached only once the device has carrier
    ("Delay activation until next carrier-on event")."""
    if dev.admin_up and carrier_ok(dev):
        dev.qdisc_active = True


def _urgent(dev: NetDevice) -> bool:
    """linkwatch_urgent_event()."""
    if not dev.admin_up:
        return False
    if dev.iflink() != dev.ifindex:
        return True
    # carrier back while the qdisc is still deactivated (qdisc_tx_changing)
    return carrier_ok(dev) and not dev.qdisc_active


def _linkwatch_do_dev(kernel: Kernel, dev: NetDevice) -> None:
    """linkwatch_do_dev(): rfc2863_policy() stores the operstate seen now; an up device's
    qdisc follows its carrier (dev_activate/dev_deactivate)."""
    kernel.lw_pending.pop(dev, None)
    dev.lw_operstate = default_operstate(dev)
    if dev.admin_up:
        dev.qdisc_active = carrier_ok(dev)
        # NETDEV_CHANGE -> fib_netdev_event(): nexthops lose or regain RTNH_F_LINKDOWN
        dev.fib_linkdown = not carrier_ok(dev)


def _registered(dev: NetDevice) -> bool:
    return dev.ns.devices.get(dev.ifindex) is dev and dev.ns.name in dev.ns.kernel.namespaces


def linkwatch_fire_event(kernel: Kernel, devs) -> None:
    """Note the carrier changes made by the current operation on ``devs`` and their bridges:
    a device whose carrier bit differs from the one last notified gets an event.  A port
    whose own carrier changed tells its bridge only when its event runs (NETDEV_CHANGE)."""
    for d in devs:
        if d is None:
            continue
        if not _check(kernel, d) and d.master is not None:
            _check(kernel, d.master)
        for mv in d.macvlans:       # netif_stacked_transfer_operstate() from the lower
            _check(kernel, mv)


def linkwatch_fire_new(kernel: Kernel, dev: NetDevice) -> None:
    """linkwatch_fire_event() of a new device whatever its carrier (macvlan_common_newlink)."""
    dev.lw_carrier = carrier_ok(dev)
    _fire(kernel, dev)


def _check(kernel: Kernel, dev: NetDevice) -> bool:
    """netif_carrier_on/off(): fire an event if ``dev``'s carrier bit changed."""
    if isinstance(dev, _TRACKED) and _registered(dev):
        c = carrier_ok(dev)
        if c != dev.lw_carrier:
            dev.lw_carrier = c
            _fire(kernel, dev)
            return True
    return False


def _fire(kernel: Kernel, dev: NetDevice) -> None:
    urgent = _urgent(dev)
    if dev not in kernel.lw_pending:
        kernel.lw_pending[dev] = True
    elif not urgent:
        return
    _schedule(kernel, urgent)


def _schedule(kernel: Kernel, urgent: bool) -> None:
    """linkwatch_schedule_work(): urgent work, or the first round after a quiet second, runs
    now (at the end of the current operation); otherwise at linkwatch_nextevent."""
    now = kernel.clock.now
    if urgent or kernel.lw_nextevent <= now:
        kernel.lw_run_now = True
        return
    if kernel.lw_timer is None or kernel.lw_timer.cancelled:
        kernel.lw_timer = kernel.clock.schedule(kernel.lw_nextevent - now, _timer_run, kernel)


def _timer_run(kernel: Kernel) -> None:
    kernel.lw_timer = None
    _run_queue(kernel)


def _run_queue(kernel: Kernel) -> None:
    """__linkwatch_run_queue(): a full round (and the next one a second later at the
    earliest) when the last one is more than a second ago, else urgent events only."""
    now = kernel.clock.now
    urgent_only = kernel.lw_nextevent > now
    if not urgent_only:
        kernel.lw_nextevent = now + HZ
    for dev in list(kernel.lw_pending):
        if not _registered(dev):
            kernel.lw_pending.pop(dev, None)          # unregistered meanwhile
            continue
        if urgent_only and not _urgent(dev):
            continue
        _linkwatch_do_dev(kernel, dev)
        _notify_change(dev)
    if kernel.lw_pending:
        _schedule(kernel, False)


def _notify_change(dev: NetDevice) -> None:
    """netdev_state_change() -> NETDEV_CHANGE: a bridge port's new state may change its
    bridge's carrier (br_port_carrier_check -> br_port_state_selection)."""
    if dev.master is not None:
        linkwatch_fire_event(dev.ns.kernel, (dev.master,))


def linkwatch_run_queue(kernel: Kernel) -> None:
    """End of an rtnetlink operation: run the work it scheduled for now (urgent events, or a
    full round after a quiet second)."""
    while kernel.lw_run_now:
        kernel.lw_run_now = False
        _run_queue(kernel)


def linkwatch_sync_dev(dev: NetDevice) -> None:
    """linkwatch_sync_dev(), from rtnl_getlink(): run this device's pending event now."""
    kernel = dev.ns.kernel
    if dev in kernel.lw_pending:
        _linkwatch_do_dev(kernel, dev)
        _notify_change(dev)
        linkwatch_run_queue(kernel)


def _settled(dev: NetDevice) -> bool:
    """The recorder's test: an up device's operstate agrees with its carrier."""
    if not dev.admin_up or not _registered(dev):
        return True
    op = dev.operstate()
    if carrier_ok(dev):
        return op not in ("DOWN", "LOWERLAYERDOWN")
    return op != "UP"


def linkwatch_settle(kernel: Kernel, deadline: float = 5.0) -> None:
    """Let simulated time pass (at most ``deadline`` s) until linkwatch has run for every up
    device whose operstate disagrees with its carrier."""
    end = kernel.clock.now + deadline
    while not all(_settled(d) for d in list(kernel.lw_pending)):
        when = kernel.lw_timer.when if kernel.lw_timer is not None else None
        if when is None or when > end:
            return
        kernel.clock.run(until=when)
