"""Backends: the same operations on the simulated kernel (``sim``, default) or on the real Linux
kernel through pyroute2 (``kernel``: namespaces the lab creates; needs root)."""
from .base import Backend  # noqa: F401


def get_backend(name: str, seed: int = 0):
    if name in ("sim", "simulated", None):
        from .sim import SimBackend
        return SimBackend(seed=seed)
    if name in ("kernel", "linux", "pyroute2"):
        from .linux import LinuxBackend
        return LinuxBackend(seed=seed)
    raise ValueError(f"unknown backend {name!r}: use 'sim' or 'kernel'")
