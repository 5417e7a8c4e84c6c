"""Voice packages in an exported inventory: a group gets `voice_package` when all its numbers
share one package.

    package_of_numbers(packages_api) -> {number: package id}   (one paged listing per package)
    with_voice_packages(document, sites, packages) -> document (pure)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from numspec.bandwidth.voice_packages import VoicePackages
from numspec.errors import NotFoundError
from numspec.export.document import ExportSite

log = logging.getLogger(__name__)


def package_of_numbers(api: VoicePackages) -> dict[str, str]:
    """Return the package of every number in one, reading each package's numbers once."""
    out: dict[str, str] = {}
    for package in api.list_packages():
        try:
            for number in api.iter_package_numbers(package.id):
                out[number] = package.id
        except NotFoundError:  # deleted while we read
            log.info("voice package %s disappeared during export", package.id)
    return out


def shared_package(numbers: Sequence[str], packages: Mapping[str, str]) -> str | None:
    """Return the package all `numbers` are in, or None (some in none, or in several)."""
    found = {packages.get(n) for n in numbers}
    if len(found) != 1:
        return None
    return next(iter(found))


def with_voice_packages(
    document: dict[str, Any], sites: Sequence[ExportSite], packages: Mapping[str, str]
) -> dict[str, Any]:
    """Set `voice_package` on each group of `document` whose numbers share one package."""
    for site in sites:
        groups = document["sites"][site.name]["groups"]
        for group in site.groups:
            package = shared_package(group.numbers, packages) if group.numbers else None
            if package is not None:
                groups[group.name]["voice_package"] = package
    return document
