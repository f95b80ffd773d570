"""Messages per second sent to a local SMTP server: one connection reused against one
connection per message (issue 15).

Run: python benchmarks/bench_send.py [--messages 1000] [--runs 3]

An aiosmtpd server (its ``Sink`` handler, which accepts and drops every message) runs in
a process of its own on 127.0.0.1. The same N ``.eml`` letters are sent, in one run:

- ``check``: ``batch.send.plan_send``, which reads and checks every file (the dry run);
- ``send``: ``batch.send.run_send`` as ``advocacy-kit send --yes`` does it after the
  check: one connection, and a line of ``sent.csv`` written and fsynced per accepted
  message;
- ``reused``: the same connection code (``batch.smtp.Courier``) with one connection for
  all, and no log;
- ``per message``: the same code opening a new connection (greeting, EHLO) and closing it
  (QUIT) for every message.

Each figure is the best of ``--runs``. Plain SMTP on loopback: a real server adds TLS and
a login to every new connection, so reusing one gains more there than here.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from advocacy_kit.batch.outbox import Outgoing, read_outbox
from advocacy_kit.batch.send import SendPlan, plan_send, run_send
from advocacy_kit.batch.sentlog import LOG_NAME
from advocacy_kit.batch.smtp import Courier, SmtpSettings
from advocacy_kit.output.eml import Mailbox, build_email, eml_bytes

TEXT = (
    "Dear {name},\n\nThe social service workforce protects children and families and "
    "makes other public investments work. We ask you to invest in it.\n\n"
    "Yours sincerely,\nAmina Diallo\n"
)


def write_letters(folder: Path, count: int) -> None:
    for number in range(count):
        name = f"Official {number}"
        text = TEXT.format(name=name)
        message = build_email(
            sender=Mailbox("amina@example.org", "Amina Diallo"),
            to=[Mailbox(f"official{number}@example.org", name)],
            subject="Invest in the social service workforce",
            text=text,
            html="<p>" + text.replace("\n\n", "</p><p>") + "</p>",
        )
        (folder / f"letter-{number:05d}.eml").write_bytes(eml_bytes(message))


def start_server() -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    where = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", where, "-c", "aiosmtpd.handlers.Sink"]
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("the aiosmtpd server did not start")


def reused(items: list[Outgoing], settings: SmtpSettings) -> None:
    courier = Courier(settings)
    courier.open()
    for item in items:
        courier.deliver(item, item.read())
    courier.close()


def per_message(items: list[Outgoing], settings: SmtpSettings) -> None:
    for item in items:
        courier = Courier(settings)
        courier.open()
        courier.deliver(item, item.read())
        courier.close()


def with_log(folder: Path, plan: SendPlan, settings: SmtpSettings) -> None:
    result = run_send(plan, settings=settings)
    (folder / LOG_NAME).unlink()  # for the next run
    assert len(result.sent) == len(plan.messages)


def best(action: Callable[[], None], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the letters")
    args = parser.parse_args()
    server, port = start_server()
    try:
        with tempfile.TemporaryDirectory(dir=args.dir) as temp:
            folder = Path(temp)
            write_letters(folder, args.messages)
            items = read_outbox(folder)
            plan = plan_send(folder)
            settings = SmtpSettings(host="127.0.0.1", port=port, security="none")
            figures = {
                "check every file (the dry run)": best(lambda: plan_send(folder), args.runs),
                "send (one connection, sent.csv fsynced per message)": best(
                    lambda: with_log(folder, plan, settings), args.runs
                ),
                "one connection reused, no log": best(lambda: reused(items, settings), args.runs),
                "one connection per message, no log": best(
                    lambda: per_message(items, settings), args.runs
                ),
            }
    finally:
        server.terminate()
        server.wait()
    count = args.messages
    print(f"{count:,} messages to aiosmtpd on 127.0.0.1 (best of {args.runs}):")
    for name, seconds in figures.items():
        print(f"  {name:<52} {seconds:6.2f} s  {count / seconds:8,.0f} messages/s")
    reuse, each = (
        figures["one connection reused, no log"],
        figures["one connection per message, no log"],
    )
    print(f"one connection reused is {each / reuse:.2f}x as fast as one per message")
    logged = figures["send (one connection, sent.csv fsynced per message)"]
    print(f"send with its log: {logged / reuse:.2f}x the time of the bare reused connection")


if __name__ == "__main__":
    main()
