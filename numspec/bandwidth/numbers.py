"""Phone-number facts the client derives itself; they live in `numspec.phone`.

The real /tns listing carries no country or type; the sandbox adds `CountryCodeA3`,
`PhoneNumberType` and `AreaCode` (docs/wire.md). When they are missing, the client derives them
from the number with `numspec.phone`, so holdings look the same against either server. This
module only re-exports those names for the client's call sites.
"""

from __future__ import annotations

from numspec.phone import area_code_of, country_of, number_type, to_e164

__all__ = ["area_code_of", "country_of", "number_type", "to_e164"]
