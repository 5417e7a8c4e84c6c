"""Helpers shared by the test directories (tests/ is on sys.path through tests/conftest.py).

- `support.sandbox`: the sandbox's connection variables, a client for it, and its
  `/_sandbox/*` admin routes (populate, stats, config, reset-stats).
- `support.cli`: the CLI in-process, and the environment for running it in a subprocess.
"""
