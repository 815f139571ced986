"""The user's browser, for the real `aws login`: a program to name in `BROWSER`.

Python's `webbrowser` runs `$BROWSER <url>` and the CLI waits for that program to exit before
it serves its callback (the callback socket is already listening, so a connection waits in
its backlog). So the program returns at once and leaves the work to a detached child, which:

1. GETs the authorize URL (loopback only: anything else is refused and reported),
2. takes the stand-in's 302 and GETs its `Location` on the CLI's 127.0.0.1 callback (retrying
   briefly while the connection is refused), and exits (at the latest after `DEADLINE` s).

The child has no stdin/stdout/stderr (it must not hold the CLI's pipes open) and reports what
happened to the stand-in (`POST /_standin/browser-report`, no codes in it), so tests can see it
in `SigninStandin.browser_reports`.

Modes (baked into the wrapper by `write_wrapper`, one file per mode):

- `follow`: as above: the user signs in (or denies, when the stand-in was told to).
- `fail`: exits 1 at once, as when no browser can be opened (the CLI then says nothing and
  waits; `webbrowser` finds no other browser in the sandbox: no DISPLAY, no console browsers).
- `ignore`: exits 0 and does nothing, as a browser the user never finishes signing in with.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

MODES = ("follow", "fail", "ignore")
DEADLINE = 20.0  # seconds the detached child may live, whatever happens
_LOOPBACK = ("127.0.0.1", "localhost")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 302 comes back as an HTTPError: we follow it ourselves


def _opener(*, follow: bool) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if not follow:
        handlers.append(_NoRedirect())
    return urllib.request.build_opener(*handlers)


def _loopback(url: str) -> bool:
    split = urllib.parse.urlsplit(url)
    return split.scheme == "http" and split.hostname in _LOOPBACK


def _report(base: str, event: dict[str, object]) -> None:
    data = json.dumps(event).encode()
    request = urllib.request.Request(  # noqa: S310 - an http:// loopback URL, checked
        f"{base}/_standin/browser-report",
        data=data,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with contextlib.suppress(OSError):  # the stand-in is gone: nobody to tell
        _opener(follow=False).open(request, timeout=5).close()


def browse(url: str) -> dict[str, object]:
    """The child's work: authorize, then the callback. Returns the report (no secrets)."""
    if not _loopback(url):
        return {"event": "refused", "detail": "not a loopback URL"}
    deadline = time.monotonic() + DEADLINE
    try:
        with _opener(follow=False).open(url, timeout=10) as answer:
            return {"event": "no-redirect", "authorize_status": answer.status}
    except urllib.error.HTTPError as redirect:
        status, location = redirect.code, redirect.headers.get("Location", "")
        redirect.close()
    except OSError as exc:
        return {"event": "authorize-failed", "detail": type(exc).__name__}
    if status != 302 or not location:
        return {"event": "no-redirect", "authorize_status": status}
    if not _loopback(location):
        return {"event": "refused", "detail": "redirect leaves loopback", "authorize_status": 302}
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    outcome = "error" if "error" in query else "code"
    while True:
        try:
            with _opener(follow=True).open(location, timeout=10) as answer:
                answer.read()
                return {"event": "callback", "outcome": outcome, "callback_status": answer.status}
        except urllib.error.HTTPError as exc:
            return {"event": "callback", "outcome": outcome, "callback_status": exc.code}
        except OSError as exc:
            if time.monotonic() > deadline:
                return {"event": "callback-failed", "detail": type(exc).__name__}
            time.sleep(0.05)


def main(argv: list[str]) -> int:
    mode, args = (argv[1], argv[2:]) if argv[:1] == ["--mode"] else ("follow", argv)
    if args[:1] == ["--child"]:
        url = args[1]
        split = urllib.parse.urlsplit(url)
        report = browse(url)
        if _loopback(url):
            _report(f"{split.scheme}://{split.netloc}", report)
        return 0
    if mode == "fail" or len(args) != 1:
        return 1
    if mode == "ignore":
        return 0
    # Detached (own session, no inherited descriptors): the CLI waits only for this process.
    subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", args[0]],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    return 0


def write_wrapper(bin_dir: Path, mode: str = "follow") -> Path:
    """An executable `standin-browser-<mode>` in bin_dir (shebang: this test interpreter)."""
    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is not one of {MODES}")
    bin_dir.mkdir(parents=True, exist_ok=True)
    wrapper = bin_dir / f"standin-browser-{mode}"
    wrapper.write_text(
        f"#!{sys.executable}\n"
        # The terminal's Ctrl-C reaches the whole process group; a browser launcher that the
        # CLI is still waiting for must not die of it with a traceback on the user's screen.
        "import signal\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from browser_standin import main\n"
        f"sys.exit(main(['--mode', {mode!r}, *sys.argv[1:]]))\n",
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
