"""The service table. Adding a service = one module (or package) in this folder defining a
`SERVICE`; it is found here without a list to edit."""
import importlib
import pkgutil

from .registry import Service  # noqa: F401

# STS first: errors raised before a service is known are answered in its envelope.
_FIRST = ("sts",)


def all_services():
    names = [m.name for m in pkgutil.iter_modules(__path__) if m.name != "registry"]
    names.sort(key=lambda name: (name not in _FIRST, name))
    modules = (importlib.import_module(f"{__name__}.{name}") for name in names)
    return [module.SERVICE for module in modules if hasattr(module, "SERVICE")]
