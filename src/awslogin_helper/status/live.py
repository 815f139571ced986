"""`status` while its checks run: each result as it arrives, and a line for what still runs.

On a terminal, a Rich live view (transient: the ordered report replaces it when every check
is done). In logs and pipes nothing is drawn: the report is written once, in its order.
Results arrive on the pool's threads; the view is drawn by Rich's own refresh thread, so
both only touch `_lines` under the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType

from rich.console import Group
from rich.live import Live
from rich.text import Text

from awslogin_helper.edges.ui import LONG_WORD, UI, clean
from awslogin_helper.status.writer import MARK_STYLES
from awslogin_helper.words import N_, tr

# A result as (mark, text): "ok"/"warn"/"error" and `NAME: works · arn:...`.
Line = tuple[str, str]


_RUNNING = N_("Checking with AWS: {done} of {total} done, {running} running...")
_WAITING = N_("Checking with AWS: {done} of {total} done, {running} running, {waiting} waiting...")


class LiveChecks:
    def __init__(self, ui: UI, total: int, width: int | None = None) -> None:
        """`width`: how many checks run at once (the pool's); the rest wait their turn."""
        self.ui = ui
        self.total = total
        self.width = max(1, width if width is not None else total)
        self._done = 0
        self._lines: list[Line] = []
        self._lock = threading.Lock()
        self._live: Live | None = None

    def __enter__(self) -> LiveChecks:
        if self.ui.console.is_terminal and self.total:
            self._live = Live(
                console=self.ui.console,
                get_renderable=self._view,
                transient=True,
                refresh_per_second=8,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.stop()

    def arrived(self, line: Callable[[], Line | None]) -> None:
        """One check is done; `line` says what it found (built only when it is drawn)."""
        if self._live is None:
            with self._lock:
                self._done += 1
            return
        shown = line()
        with self._lock:
            self._done += 1
            if shown is not None:
                self._lines.append(shown)

    @property
    def done(self) -> int:
        with self._lock:
            return self._done

    def _view(self) -> Group:
        with self._lock:
            done, lines = self._done, list(self._lines)
        # The newest results that fit above the progress line; the report shows them all.
        room = max(1, self.ui.console.height - 2)
        rows: list[Text] = []
        for mark, text in lines[-room:]:
            row = Text(self.ui.marks[mark] + " ", style=MARK_STYLES.get(mark, ""))
            row.append(clean(text, LONG_WORD))
            row.truncate(max(20, self.ui.console.width - 1), overflow="ellipsis")
            rows.append(row)
        left = self.total - done
        running = min(self.width, left)
        progress = tr(
            _WAITING if left > running else _RUNNING,
            done=done,
            total=self.total,
            running=running,
            waiting=left - running,
        )
        rows.append(Text(clean(progress), style="dim"))
        return Group(*rows)
