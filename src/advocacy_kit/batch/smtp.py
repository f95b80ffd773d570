"""One SMTP connection to the user's own mail server, reused for a whole batch (issue 15).

Failures become one of two kinds: :class:`SendFailed` (the user must act: the server is
unreachable, TLS or the login failed, an address was refused) and :class:`Temporary`
(a 4xx reply or a dropped connection: worth trying again after a pause).
"""

from __future__ import annotations

import smtplib
import socket
import ssl

from msgspec import Struct

from advocacy_kit.batch.outbox import Outgoing
from advocacy_kit.errors import AdvocacyKitError, ExitCode, UsageError
from advocacy_kit.records import compare_without, repr_without

#: The security modes and the port each uses when none is given.
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}

#: Login mechanisms, in the order tried (one only: the first the server offers).
_MECHANISMS = ("PLAIN", "LOGIN", "CRAM-MD5")

_PORTS_HINT = "port 587 uses --security starttls, port 465 --security ssl"


class SendFailed(AdvocacyKitError):
    """Sending stopped: the server cannot be reached, refused the login or a message."""

    exit_code = ExitCode.WANTING


class Temporary(Exception):
    """A failure worth trying again: a 4xx reply or a lost connection.

    Args:
        reason: What happened, for the message when the tries run out.
        reconnect: The connection is unusable and must be opened anew.
    """

    def __init__(self, reason: str, *, reconnect: bool) -> None:
        super().__init__(reason)
        self.reconnect = reconnect


@compare_without("ssl_context")
@repr_without("password", "ssl_context")
class SmtpSettings(Struct, frozen=True):
    """Where and how to send: the server, its security, and the login.

    ``password`` and ``ssl_context`` are left out of the repr so that neither ends up in
    a log or a traceback.
    """

    host: str
    port: int | None = None
    security: str = "starttls"
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
    ssl_context: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        if self.security not in DEFAULT_PORTS:
            raise UsageError(
                f"unknown security {self.security!r}",
                hint="use starttls (port 587), ssl (port 465) or none (a local relay)",
            )
        if not self.host.strip():
            raise UsageError(
                "no mail server is set",
                hint="pass --host, or set it once: advocacy-kit profile set smtp.host "
                "smtp.example.org",
            )

    @property
    def effective_port(self) -> int:
        """The port given, or the usual one for the security mode."""
        return self.port or DEFAULT_PORTS[self.security]

    def describe(self) -> str:
        """``host:port (SECURITY)``, and the user when there is one."""
        text = f"{self.host}:{self.effective_port} ({self.security.upper()})"
        return f"{text} as {self.user}" if self.user else text


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


class Courier:
    """A connection to the server: opened on first use, reopened after a drop.

    Args:
        settings: The server and login.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._opened_before = False
        self._context: ssl.SSLContext | None = settings.ssl_context
        if settings.security == "none" and settings.user and not _is_loopback(settings.host):
            raise UsageError(
                "a password would cross the network unencrypted (--security none)",
                hint=f"use --security starttls or ssl ({_PORTS_HINT})",
            )

    def _where(self) -> str:
        return f"{self.settings.host}:{self.settings.effective_port}"

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        # Our own name for EHLO: smtplib would ask DNS for it, which can take seconds.
        local = socket.gethostname() or "localhost"
        if settings.security == "ssl":
            return smtplib.SMTP_SSL(
                settings.host,
                settings.effective_port,
                local_hostname=local,
                timeout=settings.timeout,
                context=self._tls_context(),
            )
        smtp = smtplib.SMTP(
            settings.host, settings.effective_port, local_hostname=local, timeout=settings.timeout
        )
        if settings.security == "starttls":
            try:
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    raise SendFailed(
                        f"{self._where()} does not offer STARTTLS",
                        hint=f"check the port and security: {_PORTS_HINT}",
                    )
                smtp.starttls(context=self._tls_context())
                smtp.ehlo()
            except BaseException:
                smtp.close()
                raise
        return smtp

    def _tls_context(self) -> ssl.SSLContext:
        """The system's trusted certificates, loaded once (it takes tens of milliseconds)."""
        if self._context is None:
            self._context = ssl.create_default_context()
        return self._context

    def _login(self, smtp: smtplib.SMTP) -> None:
        settings = self.settings
        if not settings.user:
            return
        smtp.ehlo_or_helo_if_needed()
        offered = smtp.esmtp_features.get("auth", "").upper().split()
        # One try with one mechanism: smtplib's login() tries every mechanism in turn,
        # so a wrong password would count as several failures against the account.
        mechanism = next((m for m in _MECHANISMS if m in offered), None)
        if mechanism is None:
            raise SendFailed(
                f"{self._where()} does not offer a login on this connection"
                + (f" (it offers {', '.join(offered)})" if offered else ""),
                hint=f"most servers offer it only over TLS: {_PORTS_HINT}; "
                "or leave out the user name for a server that needs none",
            )
        smtp.user, smtp.password = settings.user, settings.password or ""
        try:
            smtp.auth(mechanism, getattr(smtp, f"auth_{mechanism.lower().replace('-', '_')}"))
        except smtplib.SMTPAuthenticationError as exc:
            raise SendFailed(
                f"{self._where()} refused the user name or password: {_reply(exc)}",
                hint="check the user name; Gmail and Outlook need an app password, not "
                "your usual one (README, 'Sending by e-mail')",
            ) from None
        finally:
            smtp.password = ""

    def open(self) -> None:
        """Connect, secure and log in, unless a connection is open already.

        Raises:
            SendFailed: the server cannot be reached, TLS failed or the login was refused.
            Temporary: a reconnection after a drop failed in a way that may pass.
        """
        if self._smtp is not None:
            return
        try:
            smtp = self._connect()
            try:
                self._login(smtp)
            except BaseException:
                smtp.close()
                raise
        except SendFailed:
            raise
        except ssl.SSLCertVerificationError as exc:
            raise SendFailed(
                f"TLS failed: the certificate of {self._where()} cannot be trusted "
                f"({exc.verify_message})",
                hint="check the host name is your provider's mail server exactly",
            ) from None
        except ssl.SSLError as exc:
            raise SendFailed(
                f"TLS failed with {self._where()}: {exc.reason or exc}",
                hint=f"check the port and security: {_PORTS_HINT}",
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            failure = self._connect_failure(exc)
            if self._opened_before:
                raise Temporary(failure.message, reconnect=True) from None
            raise failure from None
        self._smtp = smtp
        self._opened_before = True

    def _connect_failure(self, exc: BaseException) -> SendFailed:
        where = self._where()
        hint = f"check --host and --port, and that you are online; {_PORTS_HINT}"
        if isinstance(exc, ConnectionRefusedError):
            return SendFailed(f"cannot connect to {where}: connection refused", hint=hint)
        if isinstance(exc, socket.gaierror):
            return SendFailed(f"cannot find the mail server {self.settings.host!r}", hint=hint)
        if _timed_out(exc):
            return SendFailed(f"{where} did not answer in time", hint=hint)
        if isinstance(exc, smtplib.SMTPResponseException):
            return SendFailed(f"{where} turned the connection away: {_reply(exc)}", hint=hint)
        text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return SendFailed(f"cannot talk to {where}: {text}", hint=hint)

    def deliver(self, item: Outgoing, data: bytes) -> str:
        """Send one message on the open connection and return the server's reply.

        Every recipient must be accepted, or the message is not sent at all.

        Raises:
            SendFailed: the server refused the sender, a recipient or the message (5xx).
            Temporary: a 4xx reply or the connection was lost.
        """
        smtp = self._smtp
        assert smtp is not None, "open() first"
        try:
            return self._transaction(smtp, item, data)
        except smtplib.SMTPResponseException as exc:  # DATA not answered with 354
            self._check(exc.smtp_code, exc.smtp_error, item, "the message")
            # A 2xx reply out of turn: the server and we disagree on where we are.
            self.drop()
            raise Temporary(
                f"the message: the server answered {_reply(exc)}, not 354", reconnect=True
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            # smtplib turns every socket error, a time-out too, into SMTPServerDisconnected.
            if _timed_out(exc):
                raise Temporary("the server did not answer in time", reconnect=True) from None
            raise Temporary(f"the server closed the connection ({exc})", reconnect=True) from None

    def _transaction(self, smtp: smtplib.SMTP, item: Outgoing, data: bytes) -> str:
        smtp.ehlo_or_helo_if_needed()
        # Addresses are ASCII (check_address writes an accented domain as xn--), so no
        # server needs SMTPUTF8.
        options = []
        if not data.isascii() and smtp.has_extn("8bitmime"):
            options.append("BODY=8BITMIME")
        code, reply = smtp.mail(item.sender, options)
        self._check(code, reply, item, f"the sender {item.sender}")
        for recipient in item.recipients:
            code, reply = smtp.rcpt(recipient)
            self._check(code, reply, item, f"the recipient {recipient}")
        code, reply = smtp.data(data)
        self._check(code, reply, item, "the message")
        return f"{code} {reply.decode('utf-8', 'replace')}".strip()

    def _check(self, code: int, reply: bytes | str, item: Outgoing, what: str) -> None:
        if 200 <= code < 300:
            return
        said = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
        text = f"{code} {said}".strip()
        if code == 421 or code == -1:
            self.drop()
            raise Temporary(f"{what}: {text}", reconnect=True)
        self.reset()
        if 400 <= code < 500:
            raise Temporary(f"{what}: {text}", reconnect=False)
        raise SendFailed(
            f"{item.name}: the server refused {what}: {text}", hint=_refusal_hint(code)
        )

    def reset(self) -> None:
        """Abandon the message under way (RSET), or the connection if that fails."""
        assert self._smtp is not None, "reset() is for an open connection"
        try:
            self._smtp.rset()
        except (OSError, smtplib.SMTPException):
            self.drop()

    def drop(self) -> None:
        """Forget the connection without a word to the server (it is gone or broken)."""
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def close(self) -> None:
        """Say goodbye (QUIT) and close the connection."""
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
        finally:
            self.drop()


def _timed_out(exc: BaseException) -> bool:
    """Whether ``exc`` is a time-out, or smtplib's "connection closed" for one."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{exc.smtp_code} {message}".strip()


def _refusal_hint(code: int) -> str:
    if code == 530:
        return "the server wants a login: pass --user (or profile set smtp.user)"
    return (
        "correct or remove that message file and run send again; what was sent is in "
        "sent.csv and will not go twice. Servers often refuse a From address that is not "
        "your account's"
    )
