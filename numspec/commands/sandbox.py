"""`numspec sandbox ...`."""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import threading
from pathlib import Path
from types import FrameType

import click

from numspec.commands.common import announce_sandbox
from numspec.errors import UsageError
from numspec.statedir import NAME as STATE_DIR
from numspec.statedir import state_dir

DEFAULT_DB = Path(".numspec") / "sandbox.sqlite3"
ADMIN_TOKEN_ENV = "NUMSPEC_SANDBOX_ADMIN_TOKEN"


@click.group(name="sandbox", invoke_without_command=True)
@click.pass_context
def command(ctx: click.Context) -> None:
    """Run the embedded Bandwidth emulator."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@command.command(name="serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; one other than loopback needs --allow-remote.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help=(
        "Allow a --host other than loopback: anyone who can reach it can use the sandbox; the "
        f"admin routes then need the {ADMIN_TOKEN_ENV} token (printed if unset)."
    ),
)
@click.option(
    "--port",
    default=8089,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite file holding the sandbox's state.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of pool and chance.")
@click.option(
    "--pool-scale",
    default=1,
    show_default=True,
    type=click.IntRange(1, 50),
    help="Draw this many times the lines per US/Canada NPA-NXX block (a pool for "
    "million-number benchmarks; used when the --db file is created).",
)
@click.option(
    "--order-latency",
    default=0.5,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds from order to final state.",
)
@click.option(
    "--request-latency",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds every API request waits before its answer (a network's round trip).",
)
@click.option(
    "--race-rate",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Chance that another customer takes each ordered number.",
)
@click.option(
    "--fault-rate",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of API requests answering 500, 503 or 429.",
)
@click.option(
    "--token-lifetime",
    default=3600,
    show_default=True,
    type=click.IntRange(1),
    help="Seconds an access token is valid.",
)
@click.option(
    "--rate-limit",
    "rate_limits",
    multiple=True,
    metavar="BUCKET=PER_SECOND",
    help="Requests per second for an endpoint bucket (ORDER, SEARCH, ...); repeatable.",
)
@click.option(
    "--aging-period",
    default=30 * 86400.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds a disconnected number ages.",
)
@click.option(
    "--dialect",
    type=click.Choice(["captured", "seed", "mixed"]),
    default="mixed",
    show_default=True,
    help="Reply shapes: the real API's captures, the Order Numbers guide's, or both "
    "(docs/sandbox.md).",
)
def serve(
    host: str,
    allow_remote: bool,
    port: int,
    db: Path,
    seed: int,
    pool_scale: int,
    order_latency: float,
    request_latency: float,
    race_rate: float,
    fault_rate: float,
    token_lifetime: int,
    rate_limits: tuple[str, ...],
    aging_period: float,
    dialect: str,
) -> None:
    """Run the sandbox in the foreground until SIGTERM or Ctrl-C."""
    from numspec.sandbox.server import start_embedded

    limits = _rate_limits(rate_limits)
    admin_token = _admin_token(host, allow_remote)
    created = not db.exists()
    if db.parent.name == STATE_DIR:
        state_dir(db.parent)  # the folder gets its .gitignore
    box = start_embedded(
        db,
        seed=seed,
        pool_scale=pool_scale,
        order_latency=order_latency,
        request_latency=request_latency,
        race_rate=race_rate,
        fault_rate=fault_rate,
        host=host,
        port=port,
        token_lifetime=token_lifetime,
        rate_limits=limits,
        aging_period=aging_period,
        admin_token=admin_token,
        dialect=dialect,
    )
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        click.echo(f"listening on {box.url}", nl=True)
        announce_sandbox(db, created=created, beside_inventory=False)
        click.echo(f"client id/secret sandbox/sandbox; account {box.account_id}", err=True)
        while not stop.wait(0.5):
            pass
    finally:
        box.stop()
        for s, handler in previous.items():
            signal.signal(s, handler)
    click.echo("stopped", err=True)


def is_loopback(host: str) -> bool:
    """Return whether `host` names only this machine (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _admin_token(host: str, allow_remote: bool) -> str | None:
    """Refuse a non-loopback host without --allow-remote; with it, warn and return a token."""
    from numspec.sandbox.app import ADMIN_TOKEN_HEADER

    if is_loopback(host):
        return None
    if not allow_remote:
        raise UsageError(
            f"refusing to serve the sandbox on {host}: anyone who can reach it could use it; "
            "pass --allow-remote to do so anyway (or keep the default --host 127.0.0.1)"
        )
    token = os.environ.get(ADMIN_TOKEN_ENV) or secrets.token_urlsafe(24)
    click.echo(
        f"warning: the sandbox listens on {host}, beyond this machine; its API takes the public "
        f"sandbox credentials, and its admin routes need the header {ADMIN_TOKEN_HEADER}",
        err=True,
    )
    if not os.environ.get(ADMIN_TOKEN_ENV):
        click.echo(f"admin token (set {ADMIN_TOKEN_ENV} to choose it): {token}", err=True)
    return token


def _rate_limits(values: tuple[str, ...]) -> dict[str, float]:
    from numspec.sandbox.switches import BUCKETS

    limits: dict[str, float] = {}
    for value in values:
        bucket, _, rate = value.partition("=")
        try:
            limits[bucket.upper()] = float(rate)
        except ValueError:
            rate = ""
        if bucket.upper() not in BUCKETS or not rate:
            raise click.BadParameter(
                f"{value!r}: use BUCKET=PER_SECOND, BUCKET one of {', '.join(BUCKETS)}",
                param_hint="--rate-limit",
            )
    return limits
