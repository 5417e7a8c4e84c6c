"""`numspec diff`: what a change to the inventory means, and which parts of it carry risk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from numspec.commands.common import file_option
from numspec.errors import EXIT_CHANGES, EXIT_OK

if TYPE_CHECKING:
    from numspec.review.intent import Review

FORMATS = ("text", "json", "markdown")


@click.command(name="diff")
@click.argument("base", required=False, metavar="[BASE]")
@click.argument("head", required=False, metavar="[HEAD]")
@file_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: for people; json: for scripts (schemas/review.schema.json); markdown: for a "
    "pull-request comment.",
)
def command(base: str | None, head: str | None, file: Path, fmt: str) -> int:
    """Show what changed in the inventory's intent from BASE to HEAD; no network.

    BASE and HEAD are inventory files or git revisions of FILE (origin/main, HEAD~1, a
    commit, or REV:path), read with `git show`; nothing is checked out. HEAD defaults to FILE
    as it is now; BASE to the merge base with the default branch's upstream (origin/HEAD,
    origin/main or origin/master), else HEAD. Exit 0: no change in intent; 2: changes; 1: error.
    Notes that depend on what the account holds are listed as unchecked; `numspec plan --base`
    reads the account and checks them.
    """
    from numspec.review import make_review, read_side

    base_side = read_side(base, file, "BASE")
    head_side = read_side(head, file, "HEAD")
    review = make_review(base_side, head_side)
    click.echo(render(review, fmt), nl=False)
    return EXIT_OK if review.diff.is_empty else EXIT_CHANGES


def render(review: Review, fmt: str) -> str:
    """Return the review in one of FORMATS."""
    if fmt == "json":
        from numspec.render.review_json import render_review_json

        return render_review_json(review)
    if fmt == "markdown":
        from numspec.render.review_markdown import render_review_markdown

        return render_review_markdown(review)
    from numspec.render.review_text import render_review_text

    return render_review_text(review)
