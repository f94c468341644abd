"""Backends: the same operations on the simulated kernel (``sim``, default) or, later, on a real
Linux kernel through pyroute2 (``kernel``)."""
from .base import Backend  # noqa: F401


def get_backend(name: str, seed: int = 0):
    if name in ("sim", "simulated", None):
        from .sim import SimBackend
        return SimBackend(seed=seed)
    if name in ("kernel", "linux", "pyroute2"):
        from ..errors import NotSupported
        raise NotSupported(extack="the real-kernel backend (pyroute2) is not built yet; "
                                  "use backend='sim'")
    raise ValueError(f"unknown backend {name!r}: use 'sim' or 'kernel'")
