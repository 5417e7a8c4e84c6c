"""The `.numspec/` folder beside an inventory file: the sandbox's database and apply's lock.

The folder carries a `.gitignore` that ignores the folder itself (`*` matches the .gitignore
too), so `git add -A` in a user's repository never commits it.
"""

from __future__ import annotations

from pathlib import Path

NAME = ".numspec"
GITIGNORE = "# numspec's local state (sandbox database, apply lock): never committed.\n*\n"


def state_dir(inventory_path: Path | str) -> Path:
    """Return `.numspec/` beside the inventory (the current directory for `-f -`), created."""
    path = Path(inventory_path)
    folder = Path.cwd() if str(path) == "-" else path.resolve().parent
    directory = folder / NAME
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE, encoding="utf-8")
    return directory
