"""Links: models the device half of net/core/rtnetlink.c and net/core/dev.c — creating,
deleting, renaming, moving devices between namespaces, bringing them up and down, and
enslaving them to a bridge (net/bridge/br_if.c).

Every function here either succeeds completely or raises a :class:`~netsim.errors.NetsimError`
carrying the kernel's errno, leaving the model unchanged.  The asynchronous effects of the real
kernel (linkwatch, netns cleanup) happen synchronously here.
"""
from __future__ import annotations

import errno
import functools
from ipaddress import IPv4Address

from ..errors import Exists, Invalid, NetsimError, NotFound
from ..kernel_model import (CONF_KEYS, IFNAMSIZ, Bridge, BridgePort, Dummy, FdbEntry, Kernel,
                            Loopback, Macvlan, NetDevice, NetNamespace, Veth, Vxlan)
from . import devinet, neighbour
from .bridge import fdb_add_local, fdb_delete_local
from .link_watch import (dev_activate, linkwatch_fire_event, linkwatch_fire_new,
                         linkwatch_run_queue)
from .vxlan import vxlan_list

__all__ = ["netns_add", "netns_del", "link_add", "veth_add", "link_del", "link_set_up",
           "link_set_down", "link_set_master", "link_set_nomaster", "link_set_netns",
           "link_rename", "link_set_address", "link_set_mtu", "valid_ifname"]


def _kernel_of(obj) -> Kernel:
    if isinstance(obj, Kernel):
        return obj
    if isinstance(obj, NetNamespace):
        return obj.kernel
    return obj.ns.kernel


def _link_op(fn):
    """An rtnetlink link operation: when it returns (or fails), linkwatch runs the events it
    made urgent and those left pending by the previous operation (see link_watch.py)."""
    @functools.wraps(fn)
    def op(first, *args, **kw):
        kernel = _kernel_of(first)
        kernel.lw_depth += 1
        try:
            return fn(first, *args, **kw)
        finally:
            kernel.lw_depth -= 1
            if kernel.lw_depth == 0:
                linkwatch_run_queue(kernel)
    return op


VXLAN_DEFAULT_PORT = 8472
KINDS = {"bridge": Bridge, "dummy": Dummy, "vxlan": Vxlan, "macvlan": Macvlan, "veth": Veth}


def valid_ifname(name: str) -> bool:
    """dev_valid_name(): 1..15 bytes, not '.' or '..', no '/', ':' or whitespace."""
    if not name or len(name.encode()) >= IFNAMSIZ or name in (".", ".."):
        return False
    return not any(c in name for c in "/: \t\n")


def _check_new_name(ns: NetNamespace, name: str) -> None:
    """IFLA_IFNAME's policy (at most 15 bytes), then dev_get_valid_name(): dev_valid_name()
    (EINVAL, no message) and a name in use (EEXIST)."""
    if len(name.encode()) >= IFNAMSIZ:
        raise Invalid(extack="Attribute failed policy validation.")
    if not valid_ifname(name):
        raise Invalid()
    if name in ns.by_name:
        raise Exists()


# ----------------------------------------------------------------------------- namespaces
@_link_op
def netns_add(kernel: Kernel, name: str) -> NetNamespace:
    """A new namespace has only ``lo``, down, and the kernel's default sysctls."""
    if name in kernel.namespaces:
        raise Exists()
    ns = NetNamespace(kernel, name)
    lo = Loopback(ns, "lo", ns.alloc_ifindex(), "00:00:00:00:00:00")
    ns.register(lo)
    kernel.namespaces[name] = ns
    return ns


@_link_op
def netns_del(kernel: Kernel, name: str) -> None:
    """cleanup_net(): every device is unregistered; a veth's peer elsewhere goes with it."""
    ns = kernel.namespaces.pop(name, None)
    if ns is None:
        raise NotFound(errno.ENOENT)
    for dev in list(ns.devices.values()):
        if dev.ifindex in ns.devices and dev.kind != "loopback":
            link_del(ns, dev)
    # vxlan_destroy_tunnels(): the vxlan devices created here that now live elsewhere go too
    for vx in [d for n in kernel.namespaces.values() for d in n.devices.values()
               if isinstance(d, Vxlan) and d.net is ns]:
        link_del(vx.ns, vx)
    neighbour.neigh_flush_ns(ns)


# ----------------------------------------------------------------------------- creation
def _new(ns: NetNamespace, cls, name: str, mac: str | None, ifindex: int | None = None, **kw):
    dev = cls(ns, name, ns.alloc_ifindex(ifindex), mac or ns.kernel.random_mac(), **kw)
    if mac:
        dev.mac_set = True
    ns.register(dev)
    return dev


@_link_op
def veth_add(ns: NetNamespace, name: str, peer: str, peer_ns: NetNamespace | None = None,
             mac: str | None = None, peer_mac: str | None = None) -> tuple[Veth, Veth]:
    """veth_newlink(): the peer is registered first, so it gets the lower ifindex."""
    peer_ns = peer_ns or ns
    _check_new_name(ns, name)
    _check_new_name(peer_ns, peer)
    if peer_ns is ns and peer == name:
        # the peer was registered (taking an ifindex) before the device's own name clashed
        peer_ns.alloc_ifindex()
        raise Exists()
    p = _new(peer_ns, Veth, peer, peer_mac)
    d = _new(ns, Veth, name, mac)
    d.peer, p.peer = p, d
    linkwatch_fire_event(ns.kernel, (p, d))   # netif_carrier_off() after register_netdevice
    return d, p


@_link_op
def link_add(ns: NetNamespace, kind: str, name: str, mac: str | None = None, **opts) -> NetDevice:
    """rtnl_newlink() for bridge, dummy, vxlan and macvlan (veth: :func:`veth_add`)."""
    if kind == "veth":
        return veth_add(ns, name, opts.get("peer") or _next_name(ns, "veth"),
                        opts.get("peer_ns"), mac, opts.get("peer_mac"))[0]
    cls = KINDS.get(kind)
    if cls is None:
        raise NotSupported_(kind)
    _check_new_name(ns, name)
    if kind == "macvlan":
        lower = opts.get("lower")
        if lower is None:
            raise Invalid(extack="macvlan requires a lower device")
        if isinstance(lower, Macvlan):
            lower = lower.lower_dev       # a macvlan on a macvlan sits on the real device
        if lower.kind == "loopback" or lower.link_type != "ether":
            raise Invalid()               # macvlan_port_create(): Ethernet, not loopback
        if lower.port is not None:
            # macvlan_port_create(): netdev_rx_handler_register() finds the bridge's handler
            raise NetsimError(errno.EBUSY)
        dev = _new(ns, Macvlan, name, mac, lower=lower, mode=opts.get("mode", "vepa"))
        dev.mtu = lower.mtu                       # macvlan_common_newlink()
        lower.macvlans = [*lower.macvlans, dev]
        if lower.rx_handler is None:
            from .macvlan import macvlan_handle_frame
            lower.rx_handler = macvlan_handle_frame
        linkwatch_fire_new(ns.kernel, dev)        # after netif_stacked_transfer_operstate()
        return dev
    if kind == "vxlan":
        # no IFLA_VXLAN_PORT (or 0): the module's udp_port parameter, 8472 (not IANA's 4789)
        vni, dstport = opts.get("vni", 0), opts.get("dstport") or VXLAN_DEFAULT_PORT
        # vxlan_vni_in_use(): one device per (VNI, UDP port) in a namespace
        if any(d.vni == vni and d.dstport == dstport for d in vxlan_list(ns)):
            raise Exists(extack="A VXLAN device with the specified VNI already exists.")
        dev = _new(ns, Vxlan, name, mac, vni=vni, local=opts.get("local"),
                   remote=opts.get("remote"), dstport=dstport, lower=opts.get("lower"),
                   ttl=opts.get("ttl"), learning=opts.get("learning", True))
        # vxlan_config_apply(): the lower device's MTU less the 50-byte VXLAN/UDP/IPv4
        # headroom; without one, Ethernet's 1500 (checked on 6.18)
        dev.mtu = dev.lower_dev.mtu - 50 if dev.lower_dev is not None else 1500
        return dev
    dev = _new(ns, cls, name, mac)
    if kind == "bridge":
        dev.fdb[dev.mac] = FdbEntry(dev.mac, None, ns.kernel.clock.now, is_local=True)
        if mac:
            # br_dev_newlink(): IFLA_ADDRESS -> br_stp_change_bridge_id() ->
            # br_port_state_selection(): no port forwards, so the carrier goes off at once
            dev.had_ports = True
            linkwatch_fire_event(ns.kernel, (dev,))
    return dev


def NotSupported_(kind: str) -> NetsimError:
    return NetsimError(errno.EOPNOTSUPP, "Unknown device type.")


def _next_name(ns: NetNamespace, prefix: str) -> str:
    i = 0
    while f"{prefix}{i}" in ns.by_name:
        i += 1
    return f"{prefix}{i}"


# ----------------------------------------------------------------------------- deletion
def _unregister(dev: NetDevice, moving: bool = False) -> None:
    """unregister_netdevice(): down, out of its bridge, addresses/routes/neighbours gone.
    ``moving``: the device only changes namespace (it keeps its links to lower devices)."""
    ns = dev.ns
    if dev.admin_up:
        _close(dev)
    if dev.master is not None:
        _br_del_if(dev.master, dev)
    if isinstance(dev, Bridge):
        for port in list(dev.ports.values()):
            _br_del_if(dev, port.dev)
    for mv in list(dev.macvlans) if not moving else ():
        link_del(mv.ns, mv)
    if isinstance(dev, Macvlan) and not moving and dev in dev.lower_dev.macvlans:
        dev.lower_dev.macvlans.remove(dev)
        if not dev.lower_dev.macvlans and dev.lower_dev.master is None:
            dev.lower_dev.rx_handler = None
    # vxlan_handle_lowerdev_unregister(): NETDEV_UNREGISTER, which a move to another namespace
    # sends too, deletes every vxlan device created with this one as its ``dev``
    for vx in [d for d in vxlan_list(ns) if d.lower_dev is dev]:
        link_del(vx.ns, vx)
    devinet.flush_addrs(ns, dev)
    neighbour.neigh_ifdown(ns, dev, include_permanent=True)
    ns.unregister(dev)


@_link_op
def link_del(ns: NetNamespace, dev: NetDevice) -> None:
    """rtnl_dellink(): a veth takes its peer with it; ``lo`` cannot be deleted."""
    if dev.kind == "loopback":
        raise NetsimError(errno.EOPNOTSUPP)
    if isinstance(dev, Veth) and dev.peer is not None:
        peer = dev.peer
        dev.peer = peer.peer = None
        _unregister(dev)
        if peer.ifindex in peer.ns.devices:
            _unregister(peer)
        return
    _unregister(dev)


# ----------------------------------------------------------------------------- up / down
def _open(dev: NetDevice) -> None:
    dev.admin_up = True
    dev.ever_up = True           # dev_activate attached the default qdisc (noqueue)
    if isinstance(dev, Bridge):
        from .igmp import br_multicast_join_snoopers
        br_multicast_join_snoopers(dev)             # br_dev_open() -> br_multicast_open()
    ns = dev.ns
    if dev.kind == "loopback" and not any(int(a.local) == 0x7F000001 for a in dev.addrs):
        devinet.addr_add(ns, dev, IPv4Address("127.0.0.1"), 8)
    devinet.dev_up_routes(ns, dev)


def _close(dev: NetDevice) -> None:
    dev.admin_up = False
    dev.qdisc_active = False      # dev_deactivate()
    from .bridge import br_stp_disable_port
    for port in (dev.ports.values() if isinstance(dev, Bridge) else ()):
        br_stp_disable_port(port)                   # br_stp_disable_bridge()
    ns = dev.ns
    if isinstance(dev, Vxlan):
        # vxlan_stop() -> vxlan_flush(): the learned remotes go, entries added by hand stay
        dev.vxfdb = {mac: ip for mac, ip in dev.vxfdb.items() if mac in dev.vxfdb_static}
    devinet.dev_down_routes(ns, dev)
    neighbour.neigh_ifdown(ns, dev, include_permanent=True)
    _carrier_changed(dev)


def _carrier_changed(dev: NetDevice) -> None:
    """Effects of losing carrier: a bridge forgets what it learned on the port."""
    for d in (dev, getattr(dev, "peer", None)):
        if d is not None and d.master is not None and not d.running:
            from .bridge import br_fdb_delete_by_port, br_stp_disable_port
            br_stp_disable_port(d.port)
            br_fdb_delete_by_port(d.master, d)


@_link_op
def link_set_up(dev: NetDevice) -> None:
    if not dev.admin_up:
        _open(dev)
        # ndo_open's carrier changes are seen before __dev_open's dev_activate()
        linkwatch_fire_event(dev.ns.kernel, (dev, getattr(dev, "peer", None)))
        dev_activate(dev)
        # NETDEV_UP: the device's routes are made now, LINKDOWN if it has no carrier
        dev.fib_linkdown = not dev.has_carrier()


@_link_op
def link_set_down(dev: NetDevice) -> None:
    if dev.admin_up:
        _close(dev)
        linkwatch_fire_event(dev.ns.kernel, (dev, getattr(dev, "peer", None)))


# ----------------------------------------------------------------------------- bridge ports
@_link_op
def link_set_master(dev: NetDevice, br: NetDevice) -> None:
    """br_add_if(): only a bridge takes ports (EOPNOTSUPP otherwise)."""
    if not isinstance(br, Bridge):
        raise NetsimError(errno.EOPNOTSUPP)
    if dev.master is br:
        return
    if dev.kind == "loopback":
        raise NetsimError(errno.EINVAL)          # not an Ethernet-like device
    if isinstance(dev, Bridge):
        raise NetsimError(errno.ELOOP, "Can not enslave a bridge to a bridge.")
    if dev.master is not None or dev.macvlans:
        raise NetsimError(errno.EBUSY)     # the rx_handler slot is taken (a macvlan lower)
    from .bridge import br_handle_frame
    port = BridgePort(br, dev, br._next_port_no)
    br._next_port_no += 1
    br.ports[dev.ifindex] = port
    dev.master, dev.port = br, port
    dev.rx_handler = br_handle_frame
    fdb_add_local(br, dev, dev.mac)
    old_mac = br.mac
    _br_recalculate_mac(br, added=dev)
    # br_port_state_selection() runs when the bridge id changed (br_stp_change_bridge_id) or
    # the new port is enabled at once; from then on the carrier follows the ports
    if br.mac != old_mac or port.state == "forwarding":
        br.had_ports = True
    _br_mtu_auto_adjust(br, added=dev)
    linkwatch_fire_event(dev.ns.kernel, (br,))


def _br_del_if(br: Bridge, dev: NetDevice) -> None:
    br.ports.pop(dev.ifindex, None)
    dev.master = dev.port = None
    dev.rx_handler = None
    for e in list(br.fdb.values()):          # br_fdb_delete_by_port(do_all)
        if e.port is dev:
            if e.is_local:
                fdb_delete_local(br, dev, e)
            else:
                del br.fdb[e.mac]
    _br_recalculate_mac(br)
    if not br.ports and not br.mac_set:
        # br_stp_recalculate_bridge_id() with no port left: br_mac_zero (seen on 6.18); a
        # zero address gets no local FDB entry
        e = br.fdb.get(br.mac)
        if e is not None and e.port is None:
            del br.fdb[br.mac]
        br.mac = "00:00:00:00:00:00"
    _br_mtu_auto_adjust(br)
    linkwatch_fire_event(br.ns.kernel, (br,))


def _br_mtu_auto_adjust(br: Bridge, added: NetDevice | None = None) -> None:
    """br_mtu_auto_adjust(): the bridge takes the smallest MTU of its ports
    (a new port is compared with the current value: O(1) per port added)."""
    if not br.ports or br.mtu_set:
        return
    if added is not None and len(br.ports) > 1:
        br.mtu = min(br.mtu, added.mtu)
    else:
        br.mtu = min(p.dev.mtu for p in br.ports.values())


@_link_op
def link_set_nomaster(dev: NetDevice) -> None:
    if dev.master is not None:
        _br_del_if(dev.master, dev)


def _br_recalculate_mac(br: Bridge, added: NetDevice | None = None) -> None:
    """br_stp_recalculate_bridge_id(): the lowest port MAC, unless the MAC was set by hand.
    Adding a port compares only the new port with the current choice (O(1) per port)."""
    if br.mac_set or not br.ports:
        return
    if added is not None and len(br.ports) > 1:
        lowest = min(br.mac, added.mac)      # lowercase hex with colons sorts like the bytes
    else:
        lowest = min(p.dev.mac for p in br.ports.values())
    if lowest != br.mac:
        _br_fdb_change_mac_address(br, lowest)
        _changeaddr(br)


def _br_fdb_change_mac_address(br: Bridge, mac: str) -> None:
    """br_fdb_change_mac_address(): the bridge's own entry for its old address goes (or is
    handed to a port that has it), and the new address gets a local entry unless one (a
    port's) is there already."""
    old = br.fdb.get(br.mac)
    br.mac, old_mac = mac, br.mac
    if old is not None and old.is_local and old.port is None and old_mac != mac:
        fdb_delete_local(br, None, old)
    fdb_add_local(br, None, mac)


def _changeaddr(dev: NetDevice) -> None:
    """NETDEV_CHANGEADDR → arp_netdev_event() → neigh_changeaddr(): the device's neighbour
    entries go, permanent ones too (checked on 6.18)."""
    neighbour.neigh_ifdown(dev.ns, dev, include_permanent=True)


# ----------------------------------------------------------------------------- attributes
@_link_op
def link_set_netns(dev: NetDevice, target: NetNamespace, new_name: str | None = None) -> None:
    """dev_change_net_namespace(): the device goes down, loses addresses, routes, neighbours
    and its bridge; it keeps its MAC and, if free there, its ifindex.  ``new_name`` (the
    IFLA_IFNAME of the same request) is used only if the current name is taken there; else
    do_setlink() renames afterwards, and a clash then leaves the device moved (6.18)."""
    if target is dev.ns:
        return
    name = dev.name
    if dev.kind in ("loopback", "bridge"):
        # NETIF_F_NETNS_LOCAL: checked before anything else in dev_change_net_namespace()
        raise Invalid(extack="The interface netns is immutable.")
    if dev.name in target.by_name:
        # __dev_change_net_namespace(): the current name is taken there; a new name given
        # with the move ("pat") is tried instead
        if new_name is None:
            raise Exists(extack="An interface with the same name exists in the target netns.")
        if new_name in target.by_name:
            raise Exists(extack=f"Unable to use '{new_name}' for the new interface name "
                                "in the target netns.")
        name = new_name
    _unregister(dev, moving=True)
    dev.ns = target
    dev.name = name
    dev.ifindex = target.alloc_ifindex(dev.ifindex)
    dev.ever_up = False          # dev_shutdown() freed the qdisc: noop until opened again
    target.register(dev)
    linkwatch_fire_event(dev.ns.kernel, (dev, getattr(dev, "peer", None)))


@_link_op
def link_rename(dev: NetDevice, new: str) -> None:
    ns = dev.ns
    if new == dev.name:
        return
    _check_new_name(ns, new)
    old = dev.name
    conf = {k: ns.sysctl.get(f"net.ipv4.conf.{old}.{k}") for k in CONF_KEYS}
    state = ns.conf_state.get(old, set())
    ns.unregister(dev)
    dev.name = new
    ns.conf_state[new] = state
    ns.register(dev)
    for k, v in conf.items():       # devinet_sysctl: the same in_device, under its new name
        if v is not None:
            ns.sysctl[f"net.ipv4.conf.{new}.{k}"] = v
    # inetdev_changename(): every label becomes the new name; from the second address on, the
    # old ":suffix" is kept, or ":N" (N = its position counting from 1) is made up
    for named, a in enumerate(dev.addrs):
        if named == 0:
            a.label = new
            continue
        colon = a.label.find(":")
        dot = a.label[colon:] if colon >= 0 else f":{named + 1}"
        a.label = new + dot if len(dot) + len(new) < IFNAMSIZ else \
            new[:IFNAMSIZ - len(dot) - 1] + dot


@_link_op
def link_set_address(dev: NetDevice, mac: str) -> None:
    """dev_set_mac_address(): a port's new MAC moves its local FDB entry; a bridge's is now fixed.
    An all-zero or multicast MAC is refused (is_valid_ether_addr(): EADDRNOTAVAIL)."""
    first = int(mac.split(":")[0], 16)
    if dev.kind != "loopback" and (first & 1 or mac == "00:00:00:00:00:00"):
        raise NetsimError(errno.EADDRNOTAVAIL)
    old = dev.mac
    if isinstance(dev, Bridge):
        _br_fdb_change_mac_address(dev, mac)
    dev.mac = mac
    dev.mac_set = True
    _changeaddr(dev)              # sent even when the address is the same one
    if isinstance(dev, Bridge):
        if mac != old:
            # br_stp_change_bridge_id() → br_port_state_selection(): from now on the carrier
            # follows the ports (off while there are none), as after a first port
            dev.had_ports = True
            linkwatch_fire_event(dev.ns.kernel, (dev,))
    if dev.master is not None:
        br = dev.master                       # br_fdb_changeaddr()
        for e in list(br.fdb.values()):
            if e.port is dev and e.is_local:
                fdb_delete_local(br, dev, e)
        fdb_add_local(br, dev, mac)
        _br_recalculate_mac(br)


@_link_op
def link_set_mtu(dev: NetDevice, mtu: int) -> None:
    """dev_validate_mtu(): between the device's min_mtu and max_mtu (68 and 65535; lo has
    no limits); NETDEV_CHANGEMTU makes a port's bridge adjust its own MTU (unless set by
    hand), and below 68 inetdev_event() destroys the device's IPv4 configuration (every
    address and route; they do not come back with a larger MTU)."""
    if mtu < dev.min_mtu:
        raise Invalid(extack="mtu less than device minimum.")
    if dev.max_mtu and mtu > dev.max_mtu:
        raise Invalid(extack="mtu greater than device maximum.")
    dev.mtu = mtu
    if mtu < 68:
        devinet.flush_addrs(dev.ns, dev)            # !inetdev_valid_mtu(): inetdev_destroy()
        neighbour.neigh_ifdown(dev.ns, dev, include_permanent=True)
    if isinstance(dev, Bridge):
        dev.mtu_set = True       # br_change_mtu(): the user's MTU stays
    for mv in dev.macvlans:      # macvlan_device_event(NETDEV_CHANGEMTU): never above the lower
        if mv.mtu > mtu:
            mv.mtu = mtu
    if dev.master is not None:
        _br_mtu_auto_adjust(dev.master)
