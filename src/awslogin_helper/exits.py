"""The one place errors become messages and exit codes, and the edges a command runs with.

Every command body runs inside `execute`: a `HelperError` is its message, hints and code;
Ctrl-C is 130 with one line; SIGTERM/SIGHUP end every child first (128 + the signal); a
reader that left (`| head`) is 141, quietly; anything else is a one-line bug report (70),
never a traceback. `make_ui` and `make_runner` build the console and the runner a command
uses, and keep them so this boundary speaks through the same console and can end the
runner's children.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

import typer

from awslogin_helper import __version__
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.words import N_, _, tr

if TYPE_CHECKING:
    from rich.console import Console

    from awslogin_helper.edges.environment import Environment
    from awslogin_helper.edges.runner import SubprocessRunner
    from awslogin_helper.edges.ui import UI
    from awslogin_helper.errors import HelperError

ISSUES_URL = "https://github.com/awslogin-helper/awslogin-helper/issues"


def make_ui(env: Environment, *, verbose: bool, no_color: bool) -> UI:
    from awslogin_helper.edges.ui import UI, make_console

    console = make_console(env.vars, no_color=no_color)
    _quiet_on_broken_pipe(console)
    _UI_HOLDER.append(UI(console, verbose=verbose))
    return _UI_HOLDER[-1]


def _quiet_on_broken_pipe(console: Console) -> None:
    """When the reader of our narrative leaves (`2>&1 | head`), the work goes on, quietly.

    Rich's default ends the process with exit 1 at the first failed write (and points stdout,
    not the stream it writes to, at devnull, so the flush at exit fails again: exit 120).
    Instead the console falls silent and its own stream is pointed at devnull.
    """

    def reader_left() -> None:
        console.quiet = True
        to_devnull(console.file)

    console.on_broken_pipe = reader_left  # type: ignore[method-assign]


def make_runner(env: Environment, ui: UI) -> SubprocessRunner:
    from awslogin_helper.edges.runner import Completed, SubprocessRunner
    from awslogin_helper.quoting import shell_command

    def observe(result: Completed) -> None:
        shown = shell_command(["aws", *result.args[1:]])
        ui.debug(f"$ {shown}  -> exit {result.returncode} in {result.duration:.2f} s")

    _RUNNER_HOLDER.append(SubprocessRunner(env.vars, observer=observe))
    return _RUNNER_HOLDER[-1]


# The UI of the running command, so the error boundary can speak through the same console.
_UI_HOLDER: list[UI] = []
# The runner of the running command, so a SIGTERM/SIGHUP can end every child it started.
_RUNNER_HOLDER: list[SubprocessRunner] = []
# Signals that end the helper (and, first, its children): SIGTERM and SIGHUP where they exist.
_END_SIGNALS = ("SIGTERM", "SIGHUP")


def _error_ui() -> UI:
    if _UI_HOLDER:
        return _UI_HOLDER[-1]
    import os

    from awslogin_helper.edges.ui import UI, make_console

    console = make_console(os.environ)
    _quiet_on_broken_pipe(console)
    return UI(console)


def execute(body: Callable[[], ExitCode]) -> NoReturn:
    """The one place a command's errors become messages and documented exit codes.

    Inside the command, so Ctrl-C is ours to report whatever the Typer/Click version does
    with a KeyboardInterrupt that escapes (some swallow it into a silent exit 130).
    """
    from awslogin_helper.edges.runner import CommandOutputTooLarge, TerminatedBySignal
    from awslogin_helper.errors import HelperError

    previous = _catch_end_signals()
    try:
        code = int(body())
    except HelperError as exc:
        code = report(exc)
    except KeyboardInterrupt:
        code = interrupted()
    except TerminatedBySignal as exc:
        code = _terminated(exc)
    except BrokenPipeError:
        # Whoever read our output stopped reading (`| head`): the work was cut off there.
        quiet_stdout()
        code = BROKEN_PIPE
    except CommandOutputTooLarge as exc:
        code = report(
            HelperError(
                tr("The AWS CLI misbehaved: {problem}.", problem=exc),
                ExitCode.AWS_UNREACHABLE,
                [
                    tr(
                        "Check that this {aws} works: run {command} yourself.",
                        aws="`aws`",
                        command="`aws --version`",
                    )
                ],
            )
        )
    except EOFError:
        say_error(_(INPUT_ENDED))
        code = int(ExitCode.USAGE)
    except Exception as exc:  # the last resort: a message, never a traceback
        code = unexpected(exc)
    finally:
        _restore_signals(previous)
    raise typer.Exit(code)


INPUT_ENDED = N_("Input ended before an answer was given; nothing more was run.")

# The status of a run whose reader went away before it finished (128 + SIGPIPE, as a shell
# reports a process that SIGPIPE ended).
BROKEN_PIPE = 141

_Handlers = dict[int, object]


def _catch_end_signals() -> _Handlers:
    """SIGTERM and SIGHUP unwind the work like Ctrl-C does (`TerminatedBySignal`).

    Only the first one counts: a second signal during the clean-up is ignored, so the
    children are always ended before the helper exits.
    """
    import signal
    import threading

    from awslogin_helper.edges.runner import TerminatedBySignal

    if threading.current_thread() is not threading.main_thread():
        return {}  # signal handlers can only be set from the main thread (tests call in)
    numbers = [getattr(signal, n) for n in _END_SIGNALS if hasattr(signal, n)]

    def handler(signum: int, _frame: object) -> None:
        for number in numbers:
            signal.signal(number, signal.SIG_IGN)
        raise TerminatedBySignal(signum)

    previous: _Handlers = {}
    for number in numbers:
        previous[number] = signal.signal(number, handler)
    return previous


def _restore_signals(previous: _Handlers) -> None:
    import signal

    for number, handler in previous.items():
        signal.signal(number, handler)  # type: ignore[arg-type]


def _terminated(exc: BaseException) -> int:
    """End every child still running, then say so in one line: exit 128 + the signal."""
    signum = int(getattr(exc, "signum", 15))
    for runner in _RUNNER_HOLDER:
        runner.terminate_all(signum)
    name = getattr(exc, "name", f"signal {signum}")
    try:
        sys.stderr.write("\n")
        say_error(tr("Stopped by {name}; every AWS CLI command it started was ended.", name=name))
    except Exception:  # noqa: S110 -- the terminal may be gone (SIGHUP): never a traceback
        pass
    return 128 + signum


def quiet_stdout() -> None:
    """Point stdout at devnull, so Python's flush at exit cannot fail again (exit 120).

    The Python docs' "Note on SIGPIPE" recipe.
    """
    to_devnull(sys.stdout)


def to_devnull(stream: object) -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # type: ignore[attr-defined]
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def is_usage_error(exc: Exception) -> bool:
    """Click's usage errors (bad option, bad value); Typer may vendor Click, so duck-type."""
    return callable(getattr(exc, "show", None)) and getattr(exc, "exit_code", None) == 2


def say_error(message: str) -> None:
    _error_ui().error(message)


def report(exc: HelperError) -> int:
    ui = _error_ui()
    ui.error(exc.message)
    for hint in exc.hints:
        ui.hint(hint)
    return int(exc.code)


def interrupted() -> int:
    try:
        # A fresh line: Ctrl-C usually lands in the middle of a prompt or a child's output.
        sys.stderr.write("\n")
        say_error(_("Interrupted; nothing more was run."))
    except Exception:  # noqa: S110 -- never let reporting Ctrl-C raise a traceback
        pass
    return int(ExitCode.INTERRUPTED)


def unexpected(exc: Exception) -> int:
    from awslogin_helper.redact import redact

    ui = _error_ui()
    ui.error(
        tr("Unexpected error: {kind}: {message}", kind=type(exc).__name__, message=redact(str(exc)))
    )
    ui.hint(
        tr(
            "This is a bug in awslogin-helper {version}; please report it at {url}",
            version=__version__,
            url=ISSUES_URL,
        )
    )
    ui.hint(
        tr(
            "and include the output of the same command with {flag} (it shows no secrets).",
            flag="--verbose",
        )
    )
    if ui.verbose:
        import traceback

        ui.debug(redact("".join(traceback.format_exception(exc))))
    return int(ExitCode.INTERNAL_ERROR)
