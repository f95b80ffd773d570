"""The kit's index.html in a real browser: the Copy button puts the post on the clipboard
(issue 8).

Debian's headless Chromium is driven over the Chrome DevTools protocol on a pipe
(``--remote-debugging-pipe``: JSON messages ended by NUL on file descriptors 3 and 4), so
the test needs no port, no websocket library and no downloaded browser. It clicks the
button with a real mouse event and reads the clipboard back; with the clipboard denied,
the page must still put the text in its "Last copied" field.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advocacy_kit.batch.pack import Pack, build_pack
from advocacy_kit.batch.pack_write import write_pack
from advocacy_kit.library.loader import load_library
from conftest import need_system_tool

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)
#: Safety limits so a broken browser cannot hang the suite (not timing assertions).
REPLY_SECONDS = 60
POLL_ROUNDS = 200

#: Makes the page's Clipboard API refuse every write, counting the refusals.
REFUSE_CLIPBOARD = """
window.clipboardRefusals = 0;
Object.defineProperty(navigator, "clipboard", {value: {writeText: function () {
  window.clipboardRefusals += 1;
  return Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
}}});
"""

HOSTILE_WEEK = """\
campaign:
  id: copy-week
  name: Copy Week
  hashtag: "#CopyWeek"
  editions:
    - year: 2030
      days:
        - day: 1
          date: "2030-03-18"
          topic: "Tags <b>stay</b> text & \\"quotes\\" 'too' 🫶 </textarea>"
          tags: [family]
"""


def _chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class DevTools:
    """A headless Chromium and a Chrome DevTools protocol connection over a pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def give_pipes() -> None:  # in the child: the protocol's fixed descriptors
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4),
            preexec_fn=give_pipes,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.session: str | None = None
        self.refuse_clipboard = False

    def close(self) -> None:
        os.close(self._to_browser)
        os.close(self._from_browser)
        self.process.terminate()
        try:
            self.process.wait(timeout=REPLY_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], REPLY_SECONDS)
            if not ready:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, params: dict[str, Any] | None = None, *, page: bool = True) -> Any:
        """Call a protocol method (on the page's session unless ``page`` is false)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if page and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self._events.append(reply)

    def wait_for(self, event: str) -> None:
        """Wait until the browser reports ``event``."""
        while True:
            for index, message in enumerate(self._events):
                if message.get("method") == event:
                    del self._events[index]
                    return
            self._events.append(self._read())

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, page=False)
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, page=False
        )
        self.session = attached["sessionId"]
        self.send("Page.enable")
        if self.refuse_clipboard:
            self.send("Page.addScriptToEvaluateOnNewDocument", {"source": REFUSE_CLIPBOARD})
        self.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str, *, wait: bool = False) -> Any:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": wait},
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """Scroll ``selector`` into view and click its middle with a real mouse event."""
        found = json.dumps(selector)
        x, y = self.evaluate(
            f"(() => {{ const e = document.querySelector({found});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    def copied_state(self, post_id: str) -> str | None:
        """The button's ``data-copied`` once the copy finished (``clipboard`` or ``field``)."""
        selector = json.dumps(f'button[data-copy="{post_id}"]')
        for _ in range(POLL_ROUNDS):
            state = self.evaluate(f"document.querySelector({selector}).dataset.copied || ''")
            if state:
                return str(state)
            self.evaluate("new Promise(r => setTimeout(r, 25))", wait=True)
        return None


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    binary = _chromium()
    need_system_tool(binary, "Chromium", "chromium")
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp_path))
    tools = DevTools(binary, profile)
    try:
        yield tools
    finally:
        tools.close()


def _kit(tmp_path: Path, campaign: str, **kwargs: Any) -> tuple[Pack, Path]:
    pack = build_pack(library=load_library(), campaign=campaign, **kwargs)
    out = tmp_path / "kit"
    write_pack(pack, out=out)
    return pack, out / "index.html"


def test_copy_button_puts_the_post_on_the_clipboard(browser: DevTools, tmp_path: Path) -> None:
    pack, index = _kit(tmp_path, "sswweek", year=2019, platform=["x", "bluesky"])
    browser.send(
        "Browser.grantPermissions",
        {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
        page=False,
    )
    browser.open(index.as_uri())
    assert browser.evaluate("document.querySelectorAll('section.day').length") == 5
    for post in (pack.days[1].posts("x")[1], pack.days[4].posts("x")[-1]):
        browser.click(f'button[data-copy="{post.id}"]')
        assert browser.copied_state(post.id) == "clipboard"
        assert browser.evaluate("navigator.clipboard.readText()", wait=True) == post.text
        assert browser.evaluate("document.getElementById('copied').value") == post.text
    # A platform shown folded: open it, then copy from it.
    hidden = pack.days[2].posts("bluesky")[0]
    browser.click(f'section#{pack.days[2].slug} details[data-platform="bluesky"] summary')
    browser.click(f'button[data-copy="{hidden.id}"]')
    assert browser.copied_state(hidden.id) == "clipboard"
    assert browser.evaluate("navigator.clipboard.readText()", wait=True) == hidden.text


def test_without_clipboard_access_the_text_goes_to_the_field(
    browser: DevTools, tmp_path: Path
) -> None:
    week = tmp_path / "copy-week.yaml"
    week.write_text(HOSTILE_WEEK, encoding="utf-8")
    pack, index = _kit(tmp_path, str(week), platform=["mastodon"])
    # A browser that refuses the Clipboard API (as some do for pages opened from disk).
    browser.refuse_clipboard = True
    browser.open(index.as_uri())
    post = pack.days[0].posts("mastodon")[0]
    assert "<b>stay</b>" in post.text and "🫶" in post.text
    assert browser.evaluate("document.querySelectorAll('b').length") == 0
    browser.click(f'button[data-copy="{post.id}"]')
    # The page fell back to selecting the field and the browser's copy command.
    assert browser.evaluate("window.clipboardRefusals") == 1
    assert browser.copied_state(post.id) in ("field", "clipboard")
    assert browser.evaluate("document.getElementById('copied').value") == post.text
    assert browser.evaluate("document.getElementById('copy-status').value") != ""


def test_every_card_loads_with_its_alt_text_and_copies_it(
    browser: DevTools, tmp_path: Path
) -> None:
    pack, index = _kit(tmp_path, "sswweek", year=2019, platform=["x"])
    cards = [card for day in pack.days for card in day.cards]
    assert len(cards) == 2 * len(pack.days)
    browser.send(
        "Browser.grantPermissions",
        {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
        page=False,
    )
    browser.open(index.as_uri())  # the load event waits for every image
    shown = browser.evaluate(
        "Array.from(document.images).map(i => [i.getAttribute('src'), i.complete,"
        " i.naturalWidth, i.naturalHeight, i.alt])"
    )
    assert shown == [
        [c.file, True, c.card.size.width, c.card.size.height, c.card.alt_text] for c in cards
    ]
    links = browser.evaluate(
        "Array.from(document.querySelectorAll('a.download'))"
        ".map(a => [a.getAttribute('href'), a.hasAttribute('download')])"
    )
    assert links == [[c.file, True] for c in cards]
    card = cards[3].to_json()
    browser.click(f'button[data-copy="{card["id"]}-alt"]')
    assert browser.copied_state(f"{card['id']}-alt") == "clipboard"
    assert browser.evaluate("navigator.clipboard.readText()", wait=True) == card["alt_text"]
