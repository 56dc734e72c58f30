"""
Headless Chromium driven through the DevTools protocol over ``--remote-debugging-pipe`` (the browser
reads commands on its fd 3 and writes answers on its fd 4, each a JSON message ended by a NUL byte), so
a test can type into a page, click, and read the DOM the page's script built. No other package needed.
"""

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any, Dict, List, Optional


class DevToolsPipe:
    def __init__(self, chromium: str, flags: List[str], profile: Path, timeout_s: float = 60.0) -> None:
        self.timeout_s = timeout_s
        to_browser, self._commands = os.pipe()
        self._answers, from_browser = os.pipe()
        # Out of the way of 3 and 4, which the child gets (dup2 onto a pipe's own number would close it).
        to_browser, from_browser = (
            fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser, from_browser)
        )

        def give_the_browser_its_pipes() -> None:
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self.process = subprocess.Popen(
            [chromium, *flags, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=give_the_browser_its_pipes, pass_fds=(3, 4),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_browser)
        os.close(from_browser)
        self._next_id = 0
        self._buffer = b""
        self.session: Optional[str] = None

    def send(self, method: str, params: Optional[Dict] = None, session: Optional[str] = None) -> Dict:
        self._next_id += 1
        message: Dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read_message()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def _read_message(self) -> Dict:
        deadline = time.monotonic() + self.timeout_s
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError(f"Chromium did not answer within {self.timeout_s} s")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": url})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        # A headless page is never the focused window; without this, focus() and typing do nothing.
        self.send("Emulation.setFocusEmulationEnabled", {"enabled": True}, self.session)
        # The new target shows about:blank first: wait for the page itself.
        self.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session
        )
        return result["result"].get("value")

    def wait_for(self, condition: str) -> None:
        deadline = time.monotonic() + self.timeout_s
        while not self.evaluate(condition):
            if time.monotonic() > deadline:
                raise TimeoutError(f"still false after {self.timeout_s} s: {condition}")
            time.sleep(0.1)

    def type_into(self, element_id: str, text: str) -> None:
        self.evaluate(f"document.getElementById({json.dumps(element_id)}).focus()")
        self.send("Input.insertText", {"text": text}, self.session)

    def click(self, element_id: str) -> None:
        box = self.evaluate(
            f"JSON.stringify(document.getElementById({json.dumps(element_id)}).getBoundingClientRect())"
        )
        rect = json.loads(box)
        x, y = rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
                      self.session)  # fmt: skip

    def screenshot(self, path: Path) -> None:
        path.write_bytes(
            base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"}, self.session)["data"])
        )

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._answers)
