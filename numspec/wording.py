"""How numspec counts things in its messages: one number, two numbers."""

from __future__ import annotations


def count(n: int, noun: str = "number") -> str:
    """Return `1 number`, `2 numbers` (nouns that take an `s`)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
