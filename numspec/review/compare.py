"""compare(base, head): the changes of intent between two inventories, found with deepdiff.

Renames are settled first: a site whose site_id is unchanged under a new name, and a group
whose site and criteria are unchanged under a new name, are the same site or group renamed;
the base is rewritten under the new names so that deepdiff reports what else changed in them.
deepdiff then says which parts of the normalised inventories differ, and each part is named
in the inventory's own words. A pure function of values: no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from deepdiff import DeepDiff

from numspec.inventory.model import Inventory
from numspec.review.intent import ChangeKind, IntentChange, IntentDiff
from numspec.review.normalise import normalise

Data = Mapping[str, Any]
PACKAGES = ("voice_package", "requirements_package")
SETTINGS = ("auto_activate", "backorder")


def compare(base: Inventory, head: Inventory) -> IntentDiff:
    """Return what changed in intent from `base` to `head`."""
    return compare_normalised(normalise(base), normalise(head))


def compare_normalised(base: Data, head: Data) -> IntentDiff:
    """Return what changed between two normalised inventories (see `normalise`)."""
    renames: list[IntentChange] = []
    base = _settle_renames(base, head, renames)
    # The lists are sorted by `normalise`, so their order means nothing and deepdiff need not
    # ignore it; groups equal on both sides are left out of its walk (it copies every level).
    # A mapping that shares few keys may be reported whole; `_name` then names each key.
    found = DeepDiff(*_unequal(base, head), view="tree")
    touched: set[tuple[str | int, ...]] = set()
    for levels in found.values():
        for level in levels:
            touched.add(_part(tuple(level.path(output_format="list"))))
    changes = renames + [c for part in sorted(touched, key=str) for c in _name(part, base, head)]
    return IntentDiff(tuple(sorted(changes, key=IntentChange.sort_key)))


def _unequal(base: Data, head: Data) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return both sides without the groups that are equal in both (same site, same name)."""
    out_base, out_head = dict(base), dict(head)
    out_base["sites"], out_head["sites"] = dict(base["sites"]), dict(head["sites"])
    for name in set(base["sites"]) & set(head["sites"]):
        old, new = base["sites"][name]["groups"], head["sites"][name]["groups"]
        same = {g for g in set(old) & set(new) if old[g] == new[g]}
        out_base["sites"][name] = {**base["sites"][name], "groups": _without(old, same)}
        out_head["sites"][name] = {**head["sites"][name], "groups": _without(new, same)}
    return out_base, out_head


def _without(groups: Data, names: set[str]) -> dict[str, Any]:
    return {name: body for name, body in groups.items() if name not in names}


def _part(path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Cut a deepdiff path to the part of the inventory it changes, as `_name` reads it."""
    if path[:2] == ("policy", "accept_restrictions"):
        return path[:3]
    if path[:1] == ("sites",) and len(path) > 3 and path[2] == "groups":
        if len(path) > 4 and path[4] == "criteria":
            return path[:6]
        return path[:5]
    if path[:1] == ("sites",):
        return path[:3]
    return path[:2]


def _name(part: tuple[str | int, ...], base: Data, head: Data) -> list[IntentChange]:
    """Return the changes of intent one changed part of the inventory stands for."""
    if part[0] in ("account_id", "version"):
        return [IntentChange("account", "account", str(part[0]), base[part[0]], head[part[0]])]
    if part[0] == "policy":
        return _policy(part, base["policy"], head["policy"])
    site = str(part[1])
    old, new = base["sites"].get(site), head["sites"].get(site)
    if len(part) == 2 or old is None or new is None:
        return [_site_presence(site, old, new)]
    if part[2] == "groups":
        return _groups(site, part[3:], old["groups"], new["groups"])
    return [IntentChange("site_changed", site, str(part[2]), old.get(part[2]), new.get(part[2]))]


def _groups(site: str, part: tuple[str | int, ...], base: Data, head: Data) -> list[IntentChange]:
    """Name the changes under a site's groups; a part that stops short covers all beneath it."""
    names = [str(part[0])] if part else sorted({*base, *head})
    out: list[IntentChange] = []
    for name in names:
        if part[1:] or name not in base or name not in head:
            out += _group(site, (name, *part[1:]), base, head)
            continue
        keys = sorted({*base[name], *head[name]})
        for key in keys:
            if base[name].get(key) != head[name].get(key):
                out += _group(site, (name, key), base, head)
    return out


def _policy(part: tuple[str | int, ...], base: Data, head: Data) -> list[IntentChange]:
    if len(part) == 1 or part[1] != "accept_restrictions":
        keys = [str(part[1])] if len(part) > 1 else ["surplus", "max_disconnects", "max_moves"]
        return [
            IntentChange("policy", "policy", key, base[key], head[key])
            for key in keys
            if base[key] != head[key]
        ]
    old, new = base["accept_restrictions"], head["accept_restrictions"]
    countries = [str(part[2])] if len(part) > 2 else sorted(set(old) | set(new))
    return [
        IntentChange("restrictions", country, None, old.get(country, []), new.get(country, []))
        for country in countries
        if old.get(country, []) != new.get(country, [])
    ]


def _site_presence(site: str, old: Data | None, new: Data | None) -> IntentChange:
    if old is None:
        return IntentChange("site_added", site, None, None, _site_summary(new or {}))
    return IntentChange("site_removed", site, None, _site_summary(old), None)


def _site_summary(site: Data) -> dict[str, Any]:
    return {
        "site_id": site["site_id"],
        "groups": {name: dict(group) for name, group in sorted(site["groups"].items())},
    }


def _group(site: str, part: tuple[str | int, ...], base: Data, head: Data) -> list[IntentChange]:
    name = str(part[0])
    address = f"{site}/{name}"
    old, new = base.get(name), head.get(name)
    if old is None or new is None:
        if old is None:
            return [IntentChange("group_added", address, None, None, dict(new or {}))]
        return [IntentChange("group_removed", address, None, dict(old), None)]
    key = str(part[1])
    if key == "numbers":
        return _pinned(address, old["numbers"], new["numbers"])
    if key == "criteria":
        keys = [str(part[2])] if len(part) > 2 else sorted({*old["criteria"], *new["criteria"]})
        return [
            IntentChange("criteria", address, k, old["criteria"].get(k), new["criteria"].get(k))
            for k in keys
            if old["criteria"].get(k) != new["criteria"].get(k)
        ]
    kind: ChangeKind = (
        "quantity" if key == "quantity" else "package" if key in PACKAGES else "setting"
    )
    field = None if kind == "quantity" else key
    return [IntentChange(kind, address, field, old.get(key), new.get(key))]


def _pinned(address: str, old: Iterable[str], new: Iterable[str]) -> list[IntentChange]:
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    out = []
    if added:
        out.append(IntentChange("pinned_added", address, "numbers", None, added))
    if removed:
        out.append(IntentChange("pinned_removed", address, "numbers", removed, None))
    return out


def _site_key(site: Data) -> str:
    return str(site["site_id"])


def _group_key(group: Data) -> str:
    return json.dumps(group["criteria"], sort_keys=True)


def _settle_renames(base: Data, head: Data, renames: list[IntentChange]) -> dict[str, Any]:
    """Return `base` with renamed sites and groups under their new names; record the renames."""
    site_names = _pair(base["sites"], head["sites"], _site_key)
    sites: dict[str, Any] = {}
    for old_site, body in base["sites"].items():
        site = site_names.get(old_site, old_site)
        if site != old_site:
            renames.append(IntentChange("site_renamed", site, None, old_site, site))
        head_groups = head["sites"].get(site, {}).get("groups", {})
        group_names = _pair(body["groups"], head_groups, _group_key)
        for old, new in group_names.items():
            renames.append(
                IntentChange(
                    "group_renamed", f"{site}/{new}", None, f"{old_site}/{old}", f"{site}/{new}"
                )
            )
        groups = {group_names.get(n, n): g for n, g in body["groups"].items()}
        sites[site] = {**body, "groups": groups}
    return {**base, "sites": sites}


def _pair(
    base: Mapping[str, Data], head: Mapping[str, Data], key: Callable[[Data], str]
) -> dict[str, str]:
    """Pair names only in `base` with names only in `head` whose values have the same `key`.

    A value equal in full is paired first, then the first with the same key in name order, so
    the pairing is the same every run.
    """
    pairs: dict[str, str] = {}
    gone = sorted(set(base) - set(head))
    for describe in (_whole, key):
        free: dict[str, list[str]] = {}
        for name in sorted(set(head) - set(base) - set(pairs.values())):
            free.setdefault(describe(head[name]), []).append(name)
        for old in gone:
            candidates = free.get(describe(base[old])) if old not in pairs else None
            if candidates:
                pairs[old] = candidates.pop(0)
    return pairs


def _whole(value: Data) -> str:
    return json.dumps(value, sort_keys=True)
