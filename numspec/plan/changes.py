"""The changes a plan lists: the one thing apply carries out.

A `Change` names a group (`address`), what to do to it (`action`) and the fields that action
uses. Every action is registered here as a `ChangeKind`: which fields it writes to the plan file,
how to check them when a saved plan is read back, and how a message describes it.

Adding a kind of change (the extension point):

1. If the kind needs a field the dataclass lacks, add it to `Change` with a default that means
   "not used" (every kind ignores the fields it does not list).
2. Register a `ChangeKind` with `register_kind()` (or in `_BUILTIN` below): the action name, the
   fields it writes, a `check` that validates them, and a `describe` for messages. A kind that
   does not write `quantity` counts its `numbers` (the summary adds up quantities per action).
3. Register its handler in numspec.apply.dispatch (the apply side), with the phase it runs in.
4. Make planning emit it (numspec.plan.planner) and, if the text renderers should show more
   than `describe`, teach them.

Nothing else changes: the plan file, its schema's `changes` items, the comparison of a saved plan
with a fresh one, the summary and the approval screen all go through the kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

COMMON_FIELDS = ("address", "action")


@dataclass(frozen=True)
class Change:
    """One action apply will take on one group.

    `order`: order `quantity` numbers, `numbers` among them exactly (pinned), the rest searched.
    `disconnect`: disconnect exactly `numbers` (`quantity` is their count).
    `move`: move exactly `numbers` to the group's `target` (SITE or SITE/LOCATION); `sources[i]`
    is where `numbers[i]` is held (SITE or SITE/LOCATION).
    `assign_voice_package`: move exactly `numbers` (held by the group) into `voice_package`.
    """

    address: str
    action: str
    quantity: int = 0
    numbers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # move
    target: str = ""  # move
    voice_package: str | None = None  # assign_voice_package only

    def __post_init__(self) -> None:
        if self.action not in CHANGE_KINDS:
            raise ValueError(f"unknown change action {self.action!r}")

    @property
    def kind(self) -> ChangeKind:
        return CHANGE_KINDS[self.action]

    def describe(self) -> str:
        """Return e.g. `orders 3 for us-sales/raleigh` (for messages and the approval screen)."""
        return f"{self.kind.describe(self)} for {self.address}"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: the address, the action and the kind's own fields."""
        out: dict[str, Any] = {"address": self.address, "action": self.action}
        for name in self.kind.fields:
            value = getattr(self, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """Read the JSON form back; raise ValueError naming the field that is wrong."""
        if not isinstance(data, Mapping):
            raise ValueError("a change is not an object")
        action = data.get("action")
        if not isinstance(action, str) or action not in CHANGE_KINDS:
            raise ValueError(f"unknown change action {action!r}")
        kind = CHANGE_KINDS[action]
        extra = sorted(set(data) - set(COMMON_FIELDS) - set(kind.fields))
        if extra:
            raise ValueError(f"a {action} change has no field {', '.join(extra)}")
        address = data.get("address")
        if not isinstance(address, str) or "/" not in address:
            raise ValueError(f"a {action} change has no group address")
        values = {name: _field(action, name, data.get(name)) for name in kind.fields}
        if "quantity" not in values:  # a kind without a quantity counts its numbers
            values["quantity"] = len(values.get("numbers", ()))
        change = cls(address=address, action=action, **values)
        kind.check(change)
        return change


def _field(action: str, name: str, value: Any) -> Any:
    if name == "numbers":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"the {action} change's numbers is not a list of numbers")
        return tuple(value)
    if name == "quantity":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"the {action} change's quantity is not a whole number")
        return value
    if name == "sources":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"the {action} change's sources is not a list of SITE[/LOCATION]")
        return tuple(value)
    if name == "target" and (not isinstance(value, str) or not value):
        raise ValueError(f"the {action} change has no target SITE[/LOCATION]")
    return value


def _check_order(change: Change) -> None:
    if change.quantity < 1:
        raise ValueError(f"the order change for {change.address} orders {change.quantity}")
    if len(change.numbers) > change.quantity:
        raise ValueError(
            f"the order change for {change.address} names more numbers than its quantity"
        )
    if len(set(change.numbers)) != len(change.numbers):
        raise ValueError(f"the order change for {change.address} names a number twice")


def _check_disconnect(change: Change) -> None:
    if not change.numbers or len(set(change.numbers)) != len(change.numbers):
        raise ValueError(f"the disconnect change for {change.address} needs distinct numbers")


def _check_move(change: Change) -> None:
    if not change.numbers or len(set(change.numbers)) != len(change.numbers):
        raise ValueError(f"the move change for {change.address} needs distinct numbers")
    if len(change.sources) != len(change.numbers):
        raise ValueError(f"the move change for {change.address} needs one source per number")
    if change.target in change.sources:
        raise ValueError(f"the move change for {change.address} moves a number where it is")


def _describe_move(change: Change) -> str:
    """`moves +19195550100 from 1001/2001, +19195550101 from 1003 to 1002/2002`."""
    by_source: dict[str, list[str]] = {}
    for number, source in zip(change.numbers, change.sources, strict=True):
        by_source.setdefault(source, []).append(number)
    parts = [f"{', '.join(numbers)} from {source}" for source, numbers in by_source.items()]
    return f"moves {'; '.join(parts)} to {change.target}"


def _check_assign(change: Change) -> None:
    if not isinstance(change.voice_package, str) or not change.voice_package:
        raise ValueError(f"the assign_voice_package change for {change.address} names no package")
    if not change.numbers or len(set(change.numbers)) != len(change.numbers):
        raise ValueError(
            f"the assign_voice_package change for {change.address} needs distinct numbers"
        )


def _describe_assign(change: Change) -> str:
    shown = ", ".join(change.numbers[:10])
    more = f" and {len(change.numbers) - 10} more" if len(change.numbers) > 10 else ""
    noun = "number" if len(change.numbers) == 1 else "numbers"
    return (
        f"assigns {len(change.numbers)} {noun} ({shown}{more}) to voice package "
        f"{change.voice_package}"
    )


def _describe_order(change: Change) -> str:
    if not change.numbers:
        return f"orders {change.quantity}"
    searched = change.quantity - len(change.numbers)
    return f"orders {change.quantity} ({shown(change.numbers)}" + (
        f" and {searched} found by search)" if searched else ")"
    )


def _describe_disconnect(change: Change) -> str:
    return f"disconnects {shown(change.numbers)}"


@dataclass(frozen=True)
class ChangeKind:
    """How one action is written, read back, checked and described."""

    action: str
    fields: tuple[str, ...]  # Change fields (beyond address and action) in the plan file
    check: Callable[[Change], None]  # raise ValueError when the fields do not make sense
    describe: Callable[[Change], str]  # "orders 3", "disconnects +19195550100"


CHANGE_KINDS: dict[str, ChangeKind] = {}


def register_kind(kind: ChangeKind) -> None:
    """Make `kind.action` a change a plan may list (its handler is registered separately)."""
    CHANGE_KINDS[kind.action] = kind


_BUILTIN = (
    ChangeKind("order", ("quantity", "numbers"), _check_order, _describe_order),
    # Voice packages (docs/voice-packages.md): after the orders, before the disconnects.
    ChangeKind(
        "assign_voice_package", ("numbers", "voice_package"), _check_assign, _describe_assign
    ),
    ChangeKind("disconnect", ("numbers",), _check_disconnect, _describe_disconnect),
    ChangeKind("move", ("numbers", "sources", "target"), _check_move, _describe_move),
)
for _kind in _BUILTIN:
    register_kind(_kind)


def sort_key(change: Change) -> tuple[int, str, str]:
    """Order changes as plans list them: by kind (registration order), then by address."""
    return (list(CHANGE_KINDS).index(change.action), change.address, ",".join(change.numbers))


def differences(saved: tuple[Change, ...], fresh: tuple[Change, ...]) -> list[str]:
    """Return what differs, change by change: `the saved plan orders 40 for a/b; ...`."""
    before = _by_key(saved)
    now = _by_key(fresh)
    out = []
    kinds = list(CHANGE_KINDS)
    for key in sorted(set(before) | set(now), key=lambda k: (kinds.index(k[0]), k[1])):
        action, address = key
        old, new = before.get(key, ()), now.get(key, ())
        if old == new:
            continue
        if not new:
            out.append(f"the saved plan {_describe(old)} for {address}; planning now does not")
        elif not old:
            out.append(
                f"the saved plan does not {action} for {address}; "
                f"planning now {_describe(new)} for {address}"
            )
        else:
            out.append(
                f"the saved plan {_describe(old)} for {address}; planning now {_describe(new)}"
            )
    if not out and saved != fresh:
        out.append("the saved plan lists the same changes in another order or more than once")
    return out


def _by_key(changes: tuple[Change, ...]) -> dict[tuple[str, str], tuple[Change, ...]]:
    out: dict[tuple[str, str], tuple[Change, ...]] = {}
    for c in changes:
        out[(c.action, c.address)] = (*out.get((c.action, c.address), ()), c)
    return out


def _describe(changes: tuple[Change, ...]) -> str:
    return " and ".join(c.kind.describe(c) for c in changes)


def shown(numbers: tuple[str, ...], limit: int = 5) -> str:
    """Return `+1..., +1... and 12 more` (messages stay one readable line)."""
    head = ", ".join(numbers[:limit])
    return head + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")
