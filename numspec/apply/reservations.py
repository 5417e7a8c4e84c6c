"""`apply --reserve`: reserve NANP numbers between search and order, release what was not used.

A reservation keeps a number for this account (up to 4 hours), so no other customer can take it
between the search and the order (docs/safety.md).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence

from numspec.bandwidth.api import NumbersApi
from numspec.errors import ApiError, NotFoundError

log = logging.getLogger(__name__)


def reserve(
    api: NumbersApi, address: str, numbers: Sequence[str]
) -> tuple[dict[str, str], set[str]]:
    """Reserve each number; return number -> reservation id, and the numbers refused."""
    reserved: dict[str, str] = {}
    refused: set[str] = set()
    for number in numbers:
        try:
            reserved[number] = api.reserve(number).reservation_id
        except ApiError as e:
            log.info("%s: could not reserve %s: %s", address, number, e)
            refused.add(number)
    return reserved, refused


def release(api: NumbersApi, reserved: Mapping[str, str], *, keep: Collection[str]) -> None:
    """Release the reservations of numbers not in `keep` (the numbers the group got)."""
    for number, reservation_id in reserved.items():
        if number in keep:
            continue
        try:
            api.delete_reservation(reservation_id)
        except NotFoundError:
            # An order that named the reservation consumed it, whatever became of the number.
            log.info("reservation %s is already gone", reservation_id)
        except ApiError as e:
            log.warning("could not release reservation %s: %s", reservation_id, e)
