"""``advocacy-kit send``: e-mail the ``.eml`` files of a folder through your own mail
server, each recipient once (issue 15)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from msgspec import Struct

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.output import print_json, print_text
from advocacy_kit.errors import UsageError

if TYPE_CHECKING:
    from advocacy_kit.batch.send import SendPlan, SendResult
    from advocacy_kit.batch.smtp import SmtpSettings

#: Where the password can come from without a question: this environment variable...
PASSWORD_ENV = "ADVOCACY_KIT_SMTP_PASSWORD"
#: ... or the system keyring, under this service name followed by ":" and the host.
KEYRING_SERVICE = "advocacy-kit"

#: How many lines of the first message's text a dry run shows.
PREVIEW_LINES = 40


def _messages(count: int) -> str:
    return f"{count:,} message" + ("" if count == 1 else "s")


def keyring_password(host: str, user: str) -> str | None:
    """The password stored in the system keyring for ``user`` at ``host``, if any.

    keyring is optional: without it, or without a usable keyring, this is None.
    """
    try:
        import keyring
    except ImportError:
        return None
    try:
        found = keyring.get_password(f"{KEYRING_SERVICE}:{host}", user)
    except Exception:  # keyring's backends (D-Bus, Keychain...) raise kinds of their own
        return None
    return str(found) if found else None


def find_password(host: str, user: str) -> str:
    """The SMTP password: from the environment, the keyring, or asked on the terminal.

    It is never written anywhere.

    Raises:
        UsageError: none found and no terminal to ask on.
    """
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    stored = keyring_password(host, user)
    if stored:
        return stored
    from advocacy_kit.cli.prompts import ask_secret, has_terminal

    if not has_terminal():
        raise UsageError(
            f"no password for {user} at {host}, and no terminal to ask on",
            hint=f"set {PASSWORD_ENV}, or store it in the system keyring: "
            f"keyring set {KEYRING_SERVICE}:{host} {user}",
        )
    return ask_secret(f"Password for {user} at {host} (not shown, not saved): ")


class Server(Struct, frozen=True):
    """The server as the flags, else the profile, name it."""

    host: str | None
    port: int | None
    security: str
    user: str | None

    def describe(self) -> str:
        """``host:port (SECURITY) as user``, or how to set a server when none is."""
        if not self.host:
            return "no mail server set (pass --host, or: advocacy-kit profile set smtp.host NAME)"
        return self.settings().describe()

    def settings(self, password: str | None = None) -> SmtpSettings:
        """The settings to connect with."""
        from advocacy_kit.batch.smtp import SmtpSettings

        return SmtpSettings(
            host=self.host or "",
            port=self.port,
            security=self.security,
            user=self.user,
            password=password,
        )


def server_from(
    host: str | None, port: int | None, security: str | None, user: str | None
) -> Server:
    """The server from the flags given, the profile's ``smtp.*`` keys for the others."""
    from advocacy_kit.profile.store import load_profile

    profile = load_profile()
    port_text = profile.smtp_port
    return Server(
        host=host or profile.smtp_host,
        port=port or (int(port_text) if port_text else None),
        security=security or profile.smtp_security or "starttls",
        user=user or profile.smtp_user,
    )


def _settings(server: Server) -> SmtpSettings:
    """The server settings, with the password when there is a user name to log in with."""
    settings = server.settings()
    if settings.user:
        return server.settings(find_password(settings.host, settings.user))
    return settings


def _print_plan(plan: SendPlan, server: str) -> None:
    from advocacy_kit.batch.outbox import preview

    lines = ["Dry run: nothing was sent."]
    lines.append(f"Would send {_messages(len(plan.to_send))} from {plan.folder}/ through {server}.")
    if plan.skipped:
        lines.append(f"Skipped: {_messages(len(plan.skipped))} sent already ({plan.log}).")
    if plan.held_back:
        lines.append(f"Held back by --limit for a later run: {_messages(plan.held_back)}.")
    if plan.to_send:
        first = plan.to_send[0]
        shown = preview(first)
        body = shown.text.rstrip("\n").split("\n")
        lines += ["", f"--- {first.path} ---"]
        lines += [
            f"{name}: {'(the moment it is sent)' if name == 'Date' else value}"
            for name, value in shown.headers
        ]
        lines += [f"Attachment: {name} ({size:,} bytes)" for name, size in shown.attachments]
        lines += ["", *body[:PREVIEW_LINES]]
        if len(body) > PREVIEW_LINES:
            lines.append(f"[... {len(body) - PREVIEW_LINES} more lines]")
        lines += ["--- end of message ---", "", "To send them, run the same command with --yes."]
    print_text("\n".join(lines))


def _print_result(result: SendResult, server: str) -> None:
    lines = []
    if result.sent:
        lines.append(
            f"Sent {_messages(len(result.sent))} through {server}; "
            f"each is logged in {result.folder / 'sent.csv'}."
        )
    else:
        lines.append("Nothing was sent: every message has gone already.")
    if result.skipped:
        lines.append(f"Skipped {_messages(result.skipped)} sent by an earlier run.")
    if result.held_back:
        lines.append(f"{_messages(result.held_back)} left for a later run (--limit).")
    print_text("\n".join(lines))


class _Bar:
    """A progress bar on standard error, on a terminal only."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            from advocacy_kit.cli.output import console

            self.bar = Progress(
                TextColumn("sending"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("sending", total=total)
        self.bar.update(self.task, completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


SendFolderArgument = Annotated[
    Path,
    typer.Argument(help="The folder of .eml files that merge --format eml wrote.", metavar="DIR"),
]

SendYesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Send. Without it, only show what would go.")
]

SendHostOption = Annotated[
    str | None,
    typer.Option(
        "--host",
        help="Your mail server, e.g. smtp.gmail.com (profile: smtp.host).",
        metavar="HOST",
    ),
]

SendPortOption = Annotated[
    int | None,
    typer.Option("--port", help="Its port (default 587 for starttls, 465 for ssl).", metavar="N"),
]

SendSecurityOption = Annotated[
    str | None,
    typer.Option(
        "--security",
        help="starttls (the default), ssl, or none (only for a local relay).",
        metavar="MODE",
    ),
]

SendUserOption = Annotated[
    str | None,
    typer.Option("--user", help="Your user name there, often your address.", metavar="NAME"),
]

SendLimitOption = Annotated[
    int | None,
    typer.Option("--limit", help="Send at most this many this time.", metavar="N"),
]

SendRateOption = Annotated[
    float | None,
    typer.Option("--rate", help="At most this many messages a minute.", metavar="N"),
]

SendJsonOutputOption = Annotated[
    bool, typer.Option("--json", help="Print what was sent (or planned) as JSON.")
]


@command_boundary
def send(
    folder: SendFolderArgument,
    yes: SendYesOption = False,
    host: SendHostOption = None,
    port: SendPortOption = None,
    security: SendSecurityOption = None,
    user: SendUserOption = None,
    limit: SendLimitOption = None,
    rate: SendRateOption = None,
    json_output: SendJsonOutputOption = False,
) -> None:
    """E-mail the letters of a folder through your own mail server.

    Without --yes nothing is sent: you see the first message, how many would go and
    to which server. Each message the server accepts is logged in sent.csv at once:
    if a run stops, run it again to send the rest. The password comes from
    ADVOCACY_KIT_SMTP_PASSWORD, the system keyring or a question; it is never saved.

    Look first, then send (the server and user can come from the profile instead:
    profile set smtp.host ...):

    \b
      advocacy-kit send mail/ --host smtp.gmail.com --user amina@gmail.com

    \b
      advocacy-kit send mail/ --yes --rate 20
    """
    from advocacy_kit.batch.send import plan_send
    from advocacy_kit.cli.values import at_least

    at_least(port, 1, "--port")  # numbers checked here, not by typer: plain help (issue 14)
    if rate is not None and rate <= 0:  # a fraction is fine: 0.5 is one every two minutes
        raise UsageError(
            f"--rate must be more than 0, not {rate:g}",
            hint="give --rate the most messages a minute, e.g. 20 (or 0.5: one every 2 minutes)",
        )
    server = server_from(host, port, security, user)
    plan = plan_send(folder, limit=at_least(limit, 1, "--limit"))
    if not yes:
        if json_output:
            print_json(plan.to_json())
        else:
            _print_plan(plan, server.describe())
        return
    result = _deliver(plan, server, rate=rate, json_output=json_output)
    if json_output:
        print_json(result.to_json())
    else:
        _print_result(result, server.describe())


def _deliver(
    plan: SendPlan, server: Server, *, rate: float | None, json_output: bool
) -> SendResult:
    """Send what the plan holds (nothing to send needs no server), with a progress bar."""
    from advocacy_kit.batch.send import SendResult, run_send

    if not plan.to_send:
        return SendResult(plan.folder, skipped=len(plan.skipped), held_back=plan.held_back)
    settings = _settings(server)
    bar = _Bar(enabled=sys.stderr.isatty() and not json_output)
    try:
        return run_send(plan, settings=settings, rate=rate, progress=bar)
    finally:
        bar.stop()
