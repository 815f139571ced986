"""Command line: options in, exit code out. The one place errors become messages and exit codes.

Imports stay light at module level so `--version` and `--help` start fast; the wizard, Rich
and Questionary load only when a command really runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from awslogin_helper import __version__, completion
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.words import N_, _, tr

if TYPE_CHECKING:
    from rich.console import Console

    from awslogin_helper.edges.environment import Environment
    from awslogin_helper.edges.runner import SubprocessRunner
    from awslogin_helper.edges.ui import UI
    from awslogin_helper.errors import HelperError
    from awslogin_helper.wizard import Options

ISSUES_URL = "https://github.com/awslogin-helper/awslogin-helper/issues"

app = typer.Typer(
    name="awslogin-helper",
    # Help texts are catalog msgids, translated when the command tree is built (`_localize`).
    help=N_("Get working short-term AWS credentials with `aws login`, safely, in one sitting."),
    # Our own completion options (completion.py): Typer's ignore the shell named.
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(StrEnum):
    zh_cn = "zh-CN"
    en = "en"


class Partition(StrEnum):
    aws = "aws"
    aws_us_gov = "aws-us-gov"
    aws_cn = "aws-cn"


def _version(value: bool) -> None:
    if value:
        print(f"awslogin-helper {__version__}")
        raise typer.Exit(int(ExitCode.OK))


def _check_profile(value: str | None) -> str | None:
    if value is None:
        return None
    from awslogin_helper.awsconfig import validate_profile_name

    problem = validate_profile_name(value)
    if problem:
        raise typer.BadParameter(problem)
    return value


# An AWS region name: two to eight letters, words, a number (us-east-1, us-gov-west-1,
# eusc-de-east-1). Anything else, above all a value starting with `-`, never reaches the AWS CLI.
_REGION_RE = r"[a-z]{2,8}(-[a-z]+)+-[0-9]{1,2}"


def _check_region(value: str | None) -> str | None:
    if value is None:
        return None
    import re

    if not re.fullmatch(_REGION_RE, value):
        raise typer.BadParameter(
            tr(
                "not an AWS region name (like {example} or {other}): lower-case words and a "
                "number, joined by '-'.",
                example="us-east-1",
                other="eu-central-1",
            )
        )
    return value


ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        callback=_check_profile,
        help=N_("Sign in this named profile (default: AWS_PROFILE, else the default profile)."),
    ),
]
NoColorOpt = Annotated[
    bool,
    typer.Option("--no-color", help=N_("No colours (NO_COLOR is honoured too).")),
]
VerboseOpt = Annotated[
    bool,
    typer.Option("--verbose", "-v", help=N_("Show each AWS CLI command, exit code and time.")),
]


@app.callback(invoke_without_command=True)
def wizard(
    ctx: typer.Context,
    profile: ProfileOpt = None,
    remote: Annotated[
        bool | None,
        typer.Option(
            "--remote/--no-remote",
            help=N_("Sign in from another device (`aws login --remote`); default: detected."),
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=N_("Answer yes to the one confirmation."))
    ] = False,
    region: Annotated[
        str | None,
        typer.Option(
            metavar="REGION",
            callback=_check_region,
            help=N_("The AWS region to use (GovCloud/China detection)."),
        ),
    ] = None,
    partition: Annotated[
        Partition | None,
        typer.Option(help=N_("The AWS partition, when the region does not tell it.")),
    ] = None,
    sso: Annotated[
        bool, typer.Option("--sso", help=N_("Use the IAM Identity Center (SSO) path."))
    ] = False,
    verbose: VerboseOpt = False,
    no_color: NoColorOpt = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=N_("Show the version and exit.")
        ),
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            # `run` has already chosen the language from argv, before any help was built.
            help=N_("Language of the messages (default: from LC_ALL, LC_MESSAGES or LANG)."),
        ),
    ] = None,
    install_completion: completion.InstallOpt = None,
    show_completion: completion.ShowOpt = None,
) -> None:
    """Walk through `aws login`: checks first, one confirmation, then verified credentials.

    Run `awslogin-helper status` to see every profile, who it is, and when it expires.
    """
    if ctx.invoked_subcommand is not None:
        return
    from awslogin_helper.wizard import Options

    options = Options(
        profile=profile,
        remote=remote,
        yes=yes,
        region=region,
        partition=partition.value if partition else None,
        sso=sso,
    )
    _execute(lambda: _run_wizard(options, verbose=verbose, no_color=no_color))


def _run_wizard(options: Options, *, verbose: bool, no_color: bool) -> ExitCode:
    from awslogin_helper.edges.environment import Environment
    from awslogin_helper.edges.prompter import QuestionaryPrompter
    from awslogin_helper.wizard import Wizard

    env = Environment.from_os()
    ui = _make_ui(env, verbose=verbose, no_color=no_color)
    _check_profile_env(env)
    runner = _make_runner(env, ui)
    return Wizard(options, env, runner, QuestionaryPrompter(), ui).run()


# `status` only reads and checks: its --profile selects, its --verbose shows every detail.
StatusProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        callback=_check_profile,
        help=N_("Check and show only this profile (nothing is signed in)."),
    ),
]
StatusVerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help=N_("Show every detail of each profile, and each AWS CLI command, exit code and time."),
    ),
]


@app.command(
    help=N_("Every profile: what it holds, who it is, when it expires, and what shadows it.")
)
def status(
    profile: StatusProfileOpt = None,
    json_output: Annotated[
        bool,
        typer.Option("--json", help=N_("Machine-readable output on stdout (stable schema).")),
    ] = False,
    verbose: StatusVerboseOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Every profile: what it holds, who it is, when it expires, and what shadows it."""
    from awslogin_helper.edges.environment import Environment
    from awslogin_helper.status import run_status

    if json_output:
        from awslogin_helper.words import set_language

        set_language("en")  # machine-readable output never changes with the language

    def body() -> ExitCode:
        env = Environment.from_os()
        ui = _make_ui(env, verbose=verbose, no_color=no_color)
        _check_profile_env(env)
        return run_status(env, _make_runner(env, ui), ui, profile=profile, as_json=json_output)

    _execute(body)


@app.command(help=N_("Can the AWS tools here read this profile's `aws login` credentials?"))
def tools(
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            "-p",
            metavar="NAME",
            callback=_check_profile,
            help=N_("The profile to check (default: AWS_PROFILE, else the default profile)."),
        ),
    ] = None,
    json_output: Annotated[
        bool,
        typer.Option("--json", help=N_("Machine-readable output on stdout (stable schema).")),
    ] = False,
    no_color: NoColorOpt = False,
) -> None:
    """Can the AWS tools here read this profile's `aws login` credentials? Runs nothing."""
    from awslogin_helper.edges.environment import Environment
    from awslogin_helper.tools.report import run_tools

    if json_output:
        from awslogin_helper.words import set_language

        set_language("en")  # machine-readable output never changes with the language

    def body() -> ExitCode:
        env = Environment.from_os()
        ui = _make_ui(env, verbose=False, no_color=no_color)
        _check_profile_env(env)
        return run_tools(env, ui, profile=profile, as_json=json_output)

    _execute(body)


NameArg = Annotated[
    str,
    typer.Argument(metavar="NAME", callback=_check_profile, help=N_("The profile's name.")),
]
YesOpt = Annotated[
    bool, typer.Option("--yes", "-y", help=N_("Answer yes to every question of this command."))
]


@app.command(help=N_("Add profile NAME-process for tools that cannot read `aws login` profiles."))
def bridge(profile: NameArg, yes: YesOpt = False, no_color: NoColorOpt = False) -> None:
    """Add profile NAME-process for tools that cannot read `aws login` profiles."""
    from awslogin_helper.aftercare.bridge import run_bridge
    from awslogin_helper.edges.environment import Environment
    from awslogin_helper.edges.prompter import QuestionaryPrompter

    def body() -> ExitCode:
        env = Environment.from_os()
        ui = _make_ui(env, verbose=False, no_color=no_color)
        return run_bridge(env, ui, QuestionaryPrompter(), profile=profile, yes=yes)

    _execute(body)


@app.command(
    "retire-keys",
    help=N_("Comment out a profile's long-term keys (with a backup), then sign it in."),
)
def retire_keys(
    profile: NameArg,
    undo: Annotated[
        bool, typer.Option("--undo", help=N_("Put the latest backup back (the keys return)."))
    ] = False,
    sign_in: Annotated[
        bool,
        typer.Option("--sign-in/--no-sign-in", help=N_("Offer to sign the profile in afterwards.")),
    ] = True,
    yes: YesOpt = False,
    verbose: VerboseOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Comment out a profile's long-term keys (with a backup), then sign it in."""
    from awslogin_helper.aftercare.retire import run_retire, run_undo
    from awslogin_helper.edges.environment import Environment
    from awslogin_helper.edges.prompter import QuestionaryPrompter
    from awslogin_helper.wizard import Options

    def wizard_for(name: str) -> ExitCode:
        # The wizard the CLI runs, on the cleaned profile; its own confirmation was just given.
        return _run_wizard(Options(profile=name, yes=True), verbose=verbose, no_color=no_color)

    def body() -> ExitCode:
        env = Environment.from_os()
        ui = _make_ui(env, verbose=verbose, no_color=no_color)
        prompter = QuestionaryPrompter()
        if undo:
            return run_undo(env, ui, prompter, profile=profile, yes=yes)
        runner = _make_runner(env, ui)
        sign = wizard_for if sign_in else None
        return run_retire(env, runner, ui, prompter, profile=profile, yes=yes, sign_in=sign)

    _execute(body)


def _check_profile_env(env: Environment) -> None:
    """AWS_PROFILE and AWS_DEFAULT_PROFILE obey the rules of --profile (a usage error else).

    Their value goes into commands the helper runs and prints; a name such as `--debug` or
    `dev;curl x|sh` is refused here, naming the variable, before anything runs.
    """
    from awslogin_helper.awsconfig import validate_profile_name
    from awslogin_helper.errors import HelperError

    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        value = env.get(name)
        problem = validate_profile_name(value) if value else None
        if problem:
            raise HelperError(
                tr("{name} is not a usable profile name: {problem}", name=name, problem=problem),
                ExitCode.USAGE,
                [
                    tr(
                        "Set {name} to the name of a profile (or unset it), then run this again.",
                        name=name,
                    )
                ],
            )


def _make_ui(env: Environment, *, verbose: bool, no_color: bool) -> UI:
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
        _to_devnull(console.file)

    console.on_broken_pipe = reader_left  # type: ignore[method-assign]


def _make_runner(env: Environment, ui: UI) -> SubprocessRunner:
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


def _execute(body: Callable[[], ExitCode]) -> NoReturn:
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
        code = _report(exc)
    except KeyboardInterrupt:
        code = _interrupted()
    except TerminatedBySignal as exc:
        code = _terminated(exc)
    except BrokenPipeError:
        # Whoever read our output stopped reading (`| head`): the work was cut off there.
        _quiet_stdout()
        code = _BROKEN_PIPE
    except CommandOutputTooLarge as exc:
        code = _report(
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
        _say_error(_(_INPUT_ENDED))
        code = int(ExitCode.USAGE)
    except Exception as exc:  # the last resort: a message, never a traceback
        code = _unexpected(exc)
    finally:
        _restore_signals(previous)
    raise typer.Exit(code)


_INPUT_ENDED = N_("Input ended before an answer was given; nothing more was run.")

# The status of a run whose reader went away before it finished (128 + SIGPIPE, as a shell
# reports a process that SIGPIPE ended).
_BROKEN_PIPE = 141

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
        _say_error(tr("Stopped by {name}; every AWS CLI command it started was ended.", name=name))
    except Exception:  # noqa: S110 -- the terminal may be gone (SIGHUP): never a traceback
        pass
    return 128 + signum


def _quiet_stdout() -> None:
    """Point stdout at devnull, so Python's flush at exit cannot fail again (exit 120).

    The Python docs' "Note on SIGPIPE" recipe.
    """
    _to_devnull(sys.stdout)


def _to_devnull(stream: object) -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # type: ignore[attr-defined]
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point: every outcome leaves through here with a documented code."""
    code = run(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            # The reader left after the work was done (`| head`): its status stands, quietly.
            _to_devnull(stream)
        except (OSError, ValueError):
            pass
    sys.exit(code)


def run(argv: list[str] | None = None) -> int:
    """Parse and dispatch; commands report their own errors through `_execute`."""
    from awslogin_helper.words import set_language

    args = sys.argv[1:] if argv is None else argv
    set_language(_lang_option(args))  # before anything prints, --help included
    args = completion.prepare(args)
    try:
        command = typer.main.get_command(app)
        _localize(command)
        result = command.main(args=args, prog_name="awslogin-helper", standalone_mode=False)
    except typer.Abort as exc:
        if isinstance(exc.__context__, EOFError):
            _say_error(_(_INPUT_ENDED))
            return int(ExitCode.USAGE)
        return _interrupted()
    except typer.Exit as exc:
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        _quiet_stdout()
        return _BROKEN_PIPE
    except Exception as exc:  # the last resort: a message, never a traceback
        if _is_usage_error(exc):
            exc.show()  # type: ignore[attr-defined]
            return int(ExitCode.USAGE)
        return _unexpected(exc)
    return int(result) if isinstance(result, int) else int(ExitCode.OK)


def _lang_option(args: list[str]) -> str | None:
    """The value of `--lang` (`--lang zh-CN` or `--lang=zh-CN`), read before Click parses.

    Help texts and Click's usage errors print while parsing, so the language must be known
    first; Click still parses (and validates) the option itself.
    """
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


# Help texts that Typer and Click write themselves, in the catalog so they read in the
# user's language too (the help formatter looks them up; see `_localize`).
_FRAMEWORK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
)


def _localize(command: object) -> None:
    """Translate the help of the command tree (English, the source language, stays as written).

    The option and command help texts are catalog msgids; the headings, the usage prefix and
    the help texts Typer and Click add (--help, completion) go through a help formatter that
    looks them up. Duck-typed: Typer 0.28 vendors its own Click.
    """
    from awslogin_helper.words import ENGLISH, _, cells, current_language, wrap_cells

    if current_language() == ENGLISH:
        return
    context_class: Any = getattr(command, "context_class")  # noqa: B009 -- duck-typed
    base: Any = context_class.formatter_class

    class Formatter(base):  # type: ignore[misc]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, prefix or _("Usage:") + " ")

        def write_heading(self, heading: str) -> None:
            super().write_heading(_(heading))

        def write_dl(
            self, rows: list[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
        ) -> None:
            # Click wraps by characters; a Chinese character takes two cells. Wrap here by
            # cells, to the width Click computes, and mark the text "\b" (do not rewrap).
            first_col = min(max((cells(term) for term, _text in rows), default=0), col_max)
            first_col += col_spacing
            width = max(self.width - first_col - 2 - self.current_indent, 10)
            wrapped = [
                (term, "\b\n" + "\n".join(wrap_cells(_(text), width)) if text else text)
                for term, text in rows
            ]
            super().write_dl(wrapped, col_max, col_spacing)

    class Context(context_class):  # type: ignore[misc]
        formatter_class = Formatter

    def walk(cmd: object) -> None:
        cmd.context_class = Context  # type: ignore[attr-defined]
        if getattr(cmd, "help", None):
            cmd.help = _(cmd.help)  # type: ignore[attr-defined]
        for param in getattr(cmd, "params", []):
            if getattr(param, "help", None):
                param.help = _(param.help)
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(command)


def _is_usage_error(exc: Exception) -> bool:
    """Click's usage errors (bad option, bad value); Typer may vendor Click, so duck-type."""
    return callable(getattr(exc, "show", None)) and getattr(exc, "exit_code", None) == 2


def _say_error(message: str) -> None:
    _error_ui().error(message)


def _report(exc: HelperError) -> int:
    ui = _error_ui()
    ui.error(exc.message)
    for hint in exc.hints:
        ui.hint(hint)
    return int(exc.code)


def _interrupted() -> int:
    try:
        # A fresh line: Ctrl-C usually lands in the middle of a prompt or a child's output.
        sys.stderr.write("\n")
        _say_error(_("Interrupted; nothing more was run."))
    except Exception:  # noqa: S110 -- never let reporting Ctrl-C raise a traceback
        pass
    return int(ExitCode.INTERRUPTED)


def _unexpected(exc: Exception) -> int:
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
