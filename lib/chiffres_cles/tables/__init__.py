"""The tables of the publication, one module per report part; see `registry`."""
from .registry import entry, register, registry  # noqa: F401
