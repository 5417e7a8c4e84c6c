"""`python -m numspec`."""

from __future__ import annotations

from numspec.cli import main

if __name__ == "__main__":
    main()
