"""numspec: phone-number inventory as code for Bandwidth's number-ordering API."""

from __future__ import annotations

from numspec.errors import NumspecError
from numspec.version import __version__

__all__ = ["NumspecError", "__version__"]
