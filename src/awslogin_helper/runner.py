"""The one way child processes start: argument lists, never a shell, always bounded in time."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Protocol

# A captured call that takes longer than this is treated as "AWS did not answer".
DEFAULT_TIMEOUT = 30.0
# `aws login` waits up to 600 s for the browser itself; give it a little more before we give up.
INTERACTIVE_TIMEOUT = 660.0
_STDERR_TAIL = 16_384


@dataclass(frozen=True)
class Completed:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    duration: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class CommandTimeout(Exception):
    def __init__(self, args: Sequence[str], timeout: float) -> None:
        super().__init__(f"{' '.join(args)} did not finish within {timeout:g} s")
        self.command = tuple(args)
        self.timeout = timeout


class CommandNotStarted(Exception):
    def __init__(self, args: Sequence[str], reason: str) -> None:
        super().__init__(f"could not start {args[0]}: {reason}")
        self.command = tuple(args)
        self.reason = reason


class Runner(Protocol):
    def run(self, args: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> Completed:
        """Run with stdin closed and stdout/stderr captured."""
        ...

    def run_interactive(
        self, args: Sequence[str], *, timeout: float = INTERACTIVE_TIMEOUT
    ) -> Completed:
        """Run with the user's terminal passed through; stderr is also kept for classification."""
        ...

    def cancel_all(self) -> None:
        """Stop every child still running (a result made them moot)."""
        ...


Observer = Callable[[Completed], None]


class SubprocessRunner:
    def __init__(self, env: Mapping[str, str], observer: Observer | None = None) -> None:
        # The AWS CLI v2 pipes long output through a pager; captured calls must never wait on one.
        self._env = {**env, "AWS_PAGER": ""}
        self._observer = observer
        self._live: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()

    def _start(self, args: Sequence[str], **kwargs: object) -> subprocess.Popen[bytes]:
        with self._lock:
            try:
                proc = subprocess.Popen(list(args), env=self._env, **kwargs)  # type: ignore[call-overload]
            except OSError as exc:
                raise CommandNotStarted(args, exc.strerror or str(exc)) from exc
            self._live.add(proc)
            return proc  # type: ignore[no-any-return]

    def _finish(self, proc: subprocess.Popen[bytes], result: Completed) -> Completed:
        with self._lock:
            self._live.discard(proc)
        if self._observer is not None:
            self._observer(result)
        return result

    def run(self, args: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> Completed:
        started = time.monotonic()
        proc = self._start(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            with self._lock:
                self._live.discard(proc)
            raise CommandTimeout(args, timeout) from None
        except BaseException:
            _kill(proc)
            with self._lock:
                self._live.discard(proc)
            raise
        result = Completed(
            tuple(args),
            proc.returncode,
            out.decode("utf-8", "replace"),
            err.decode("utf-8", "replace"),
            time.monotonic() - started,
        )
        return self._finish(proc, result)

    def run_interactive(
        self, args: Sequence[str], *, timeout: float = INTERACTIVE_TIMEOUT
    ) -> Completed:
        started = time.monotonic()
        sys.stdout.flush()
        sys.stderr.flush()
        # stdin and stdout stay the user's terminal (prompts, pasted codes); stderr is teed so the
        # user still sees every error while we keep its tail to pick the right remedy.
        proc = self._start(args, stdin=None, stdout=None, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        tail = bytearray()
        tee = threading.Thread(target=_tee, args=(proc.stderr, tail), daemon=True)
        tee.start()
        try:
            returncode = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            with self._lock:
                self._live.discard(proc)
            raise CommandTimeout(args, timeout) from None
        except KeyboardInterrupt:
            # The child got the same Ctrl-C; give it a moment to restore the terminal and exit.
            try:
                proc.wait(timeout=5)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                _kill(proc)
            with self._lock:
                self._live.discard(proc)
            raise
        tee.join(timeout=2)
        result = Completed(
            tuple(args),
            returncode,
            "",
            bytes(tail).decode("utf-8", "replace"),
            time.monotonic() - started,
        )
        return self._finish(proc, result)

    def cancel_all(self) -> None:
        with self._lock:
            live = list(self._live)
        for proc in live:
            _kill(proc)


def _tee(stream: IO[bytes], tail: bytearray) -> None:
    out = getattr(sys.stderr, "buffer", None)
    fd = stream.fileno()
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        if out is not None:
            out.write(chunk)
            out.flush()
        tail.extend(chunk)
        del tail[:-_STDERR_TAIL]


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
