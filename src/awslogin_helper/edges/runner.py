"""The one way child processes start: argument lists, never a shell, bounded in time and size.

Captured calls run in their own process group (POSIX), so ending one ends everything it
started (the AWS CLI's installers run a bootloader that starts the real Python process). Each
captured stream is read by its own thread up to `OUTPUT_LIMIT` bytes; a child that prints more
is ended and reported as `CommandOutputTooLarge`, so an `aws` that never stops printing cannot
grow the helper's memory. `aws login` and friends (`run_interactive`) stay in our process
group, because a child in a new session loses the terminal (and Ctrl-C); on SIGTERM/SIGHUP the
helper forwards the signal to them (`terminate_all`).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import signal
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
# The most any captured stream may hold. `aws sts get-caller-identity`, `--version` and
# `configure list` print a few hundred bytes; 1 MiB is far above anything legitimate.
OUTPUT_LIMIT = 1024 * 1024
_CHUNK = 65_536
# How long a signalled child gets to exit on its own before it is killed.
TERMINATE_GRACE = 3.0
_POSIX = os.name == "posix"


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


def _shown(args: Sequence[str]) -> str:
    """The command as the user would type it (`aws`, not the absolute path)."""
    from awslogin_helper.quoting import shell_command

    return shell_command(["aws", *args[1:]]) if args else ""


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


class CommandOutputTooLarge(Exception):
    """A captured stream passed `OUTPUT_LIMIT`: the child was ended, its output dropped."""

    def __init__(self, args: Sequence[str], stream: str, limit: int) -> None:
        self.command = tuple(args)
        self.stream = stream  # "stdout" or "stderr"
        self.limit = limit
        self.reason = f"printed more than {_size(limit)} on {stream}, so it was stopped"
        super().__init__(f"`{_shown(args)}` {self.reason}")


class TerminatedBySignal(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so every `finally` still runs.

    A BaseException, so that `except Exception` in the middle of the work cannot swallow it.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        try:
            self.name = signal.Signals(signum).name
        except ValueError:
            self.name = f"signal {signum}"
        super().__init__(self.name)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"


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


class _Capture(threading.Thread):
    """Reads one pipe to its end, keeping at most `limit` bytes; past that, calls `overflow`."""

    def __init__(self, stream: IO[bytes], limit: int, overflow: Callable[[], None]) -> None:
        super().__init__(daemon=True, name="aws-capture")
        self._stream = stream
        self._limit = limit
        self._overflow = overflow
        self.data = bytearray()
        self.too_large = False

    def run(self) -> None:
        fd = self._stream.fileno()
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except OSError:
                return
            if not chunk:
                return
            if len(self.data) + len(chunk) > self._limit:
                # Stop reading: the child is ended, and nothing more is kept.
                self.too_large = True
                self._overflow()
                return
            self.data.extend(chunk)


# Programs the helper never runs: it never elevates (an elevated step is printed for the user
# to run). And `aws configure export-credentials` prints the secret keys on stdout: the helper
# only writes it into a `credential_process` (the bridge), for the AWS CLI and SDKs to run.
_ELEVATORS = frozenset({"sudo", "doas", "su", "pkexec", "runas", "gsudo"})


def refusal(args: Sequence[str]) -> str | None:
    """Why the runner will not start `args` (None: it will)."""
    if not args:
        return "no command"
    program = args[0].replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")
    if program in _ELEVATORS:
        return "the helper never elevates; run it yourself"
    if "export-credentials" in args:
        return "its output is the secret keys; the helper never captures them"
    return None


class SubprocessRunner:
    def __init__(
        self,
        env: Mapping[str, str],
        observer: Observer | None = None,
        *,
        output_limit: int = OUTPUT_LIMIT,
    ) -> None:
        # The AWS CLI v2 pipes long output through a pager; captured calls must never wait on one.
        self._env = {**env, "AWS_PAGER": ""}
        self._observer = observer
        self._limit = output_limit
        # Every child still running; True when it leads its own process group.
        self._live: dict[subprocess.Popen[bytes], bool] = {}
        # Re-entrant: a signal handler in the main thread may reach `terminate_all` while the
        # main thread itself is inside `_start`.
        self._lock = threading.RLock()

    def _start(
        self, args: Sequence[str], *, own_group: bool, **kwargs: object
    ) -> subprocess.Popen[bytes]:
        refused = refusal(args)
        if refused:
            raise CommandNotStarted(args, refused)
        if own_group and _POSIX:
            kwargs["start_new_session"] = True
        with self._lock:
            try:
                proc = subprocess.Popen(list(args), env=self._env, **kwargs)  # type: ignore[call-overload]
            except OSError as exc:
                raise CommandNotStarted(args, exc.strerror or str(exc)) from exc
            self._live[proc] = own_group and _POSIX
            return proc  # type: ignore[no-any-return]

    def _forget(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._live.pop(proc, None)

    def _finish(self, proc: subprocess.Popen[bytes], result: Completed) -> Completed:
        self._forget(proc)
        if self._observer is not None:
            self._observer(result)
        return result

    def run(self, args: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> Completed:
        started = time.monotonic()
        deadline = started + timeout
        proc = self._start(
            args,
            own_group=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None
        assert proc.stderr is not None

        def overflow() -> None:
            _kill(proc, group=True, wait=False)

        out = _Capture(proc.stdout, self._limit, overflow)
        err = _Capture(proc.stderr, self._limit, overflow)
        try:
            out.start()
            err.start()
            try:
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
                # The child is gone; its pipes end when whatever it left behind ends too.
                for reader in (out, err):
                    reader.join(max(0.0, deadline - time.monotonic()))
                if out.is_alive() or err.is_alive():
                    raise subprocess.TimeoutExpired(list(args), timeout)
            except subprocess.TimeoutExpired:
                _kill(proc, group=True)
                raise CommandTimeout(args, timeout) from None
        except BaseException:
            _kill(proc, group=True)
            self._forget(proc)
            raise
        finally:
            _kill_group_leftovers(proc)
            for reader in (out, err):
                reader.join(1.0)
            for stream in (proc.stdout, proc.stderr):
                with contextlib.suppress(OSError):
                    stream.close()
        for name, reader in (("stdout", out), ("stderr", err)):
            if reader.too_large:
                self._forget(proc)
                raise CommandOutputTooLarge(args, name, self._limit)
        result = Completed(
            tuple(args),
            proc.returncode,
            out.data.decode("utf-8", "replace"),
            err.data.decode("utf-8", "replace"),
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
        # user still sees every error while we keep its tail to pick the right remedy. The child
        # stays in our process group: it needs the terminal's foreground group for Ctrl-C.
        proc = self._start(args, own_group=False, stdin=None, stdout=None, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        tail = bytearray()
        tee = threading.Thread(target=_tee, args=(proc.stderr, tail), daemon=True)
        tee.start()
        try:
            returncode = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc, group=False)
            self._forget(proc)
            raise CommandTimeout(args, timeout) from None
        except KeyboardInterrupt:
            # The child got the same Ctrl-C; give it a moment to restore the terminal and exit.
            try:
                proc.wait(timeout=5)
            except (subprocess.TimeoutExpired, KeyboardInterrupt, TerminatedBySignal):
                _kill(proc, group=False)
            self._forget(proc)
            raise
        except TerminatedBySignal as exc:
            # Only we were signalled: pass it on, so `aws login` ends before it writes anything.
            _terminate([(proc, False)], exc.signum, TERMINATE_GRACE)
            self._forget(proc)
            raise
        except BaseException:
            _kill(proc, group=False)
            self._forget(proc)
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
            live = list(self._live.items())
        for proc, group in live:
            _kill(proc, group=group)

    def terminate_all(self, signum: int, grace: float = TERMINATE_GRACE) -> None:
        """Send `signum` to every child still running, wait up to `grace` seconds, then kill."""
        with self._lock:
            live = list(self._live.items())
        _terminate(live, signum, grace)


def _tee(stream: IO[bytes], tail: bytearray) -> None:
    # The child's stderr reaches the terminal through the one sanitiser, like everything
    # else from outside: an ESC sequence in it must not move the cursor or set the clipboard.
    from awslogin_helper.edges.ui import printable

    out = getattr(sys.stderr, "buffer", None)
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    fd = stream.fileno()
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        if out is not None:
            try:
                text = printable(decoder.decode(chunk))
                out.write(text.encode(encoding, "backslashreplace"))
                out.flush()
            except (OSError, ValueError, LookupError):
                out = None  # our stderr went away (a closed terminal): keep only the tail
        tail.extend(chunk)
        del tail[:-_STDERR_TAIL]


def _signal(proc: subprocess.Popen[bytes], signum: int, *, group: bool) -> None:
    with contextlib.suppress(OSError):
        if group and _POSIX:
            os.killpg(proc.pid, signum)
        elif proc.poll() is None:
            proc.send_signal(signum)


def _kill(proc: subprocess.Popen[bytes], *, group: bool, wait: bool = True) -> None:
    if group and _POSIX:
        # The whole group, even when the leader is gone: what it started may still run.
        _signal(proc, signal.SIGKILL, group=True)
    elif proc.poll() is None:
        with contextlib.suppress(OSError):
            proc.kill()
    if wait:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)


def _kill_group_leftovers(proc: subprocess.Popen[bytes]) -> None:
    """After a captured call: anything it left running in its group goes too."""
    if _POSIX and proc.returncode is not None:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)


def _terminate(
    live: Sequence[tuple[subprocess.Popen[bytes], bool]], signum: int, grace: float
) -> None:
    for proc, group in live:
        _signal(proc, signum, group=group)
    deadline = time.monotonic() + grace
    for proc, group in live:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        _kill(proc, group=group)
