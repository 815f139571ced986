"""Command line: options in, exit code out. The one place errors become messages and exit codes.

Imports stay light at module level so `--version` and `--help` start fast; the wizard, Rich
and Questionary load only when a command really runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from awslogin_helper import __version__
from awslogin_helper.exit_codes import ExitCode

if TYPE_CHECKING:
    from awslogin_helper.environment import Environment
    from awslogin_helper.errors import HelperError
    from awslogin_helper.runner import SubprocessRunner
    from awslogin_helper.ui import UI
    from awslogin_helper.wizard import Options

ISSUES_URL = "https://github.com/awslogin-helper/awslogin-helper/issues"

app = typer.Typer(
    name="awslogin-helper",
    help="Get working short-term AWS credentials with `aws login`, safely, in one sitting.",
    add_completion=True,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        callback=_check_profile,
        help="Sign in this named profile (default: AWS_PROFILE, else the default profile).",
    ),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colours (NO_COLOR is honoured too).")
]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="Show each AWS CLI command, exit code and time.")
]


@app.callback(invoke_without_command=True)
def wizard(
    ctx: typer.Context,
    profile: ProfileOpt = None,
    remote: Annotated[
        bool | None,
        typer.Option(
            "--remote/--no-remote",
            help="Sign in from another device (`aws login --remote`); default: detected.",
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Answer yes to the one confirmation.")
    ] = False,
    region: Annotated[
        str | None,
        typer.Option(metavar="REGION", help="The AWS region to use (GovCloud/China detection)."),
    ] = None,
    partition: Annotated[
        Partition | None,
        typer.Option(help="The AWS partition, when the region does not tell it."),
    ] = None,
    sso: Annotated[
        bool, typer.Option("--sso", help="Use the IAM Identity Center (SSO) path.")
    ] = False,
    verbose: VerboseOpt = False,
    no_color: NoColorOpt = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
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
    from awslogin_helper.environment import Environment
    from awslogin_helper.prompter import QuestionaryPrompter
    from awslogin_helper.wizard import Wizard

    env = Environment.from_os()
    ui = _make_ui(env, verbose=verbose, no_color=no_color)
    runner = _make_runner(env, ui)
    return Wizard(options, env, runner, QuestionaryPrompter(), ui).run()


@app.command()
def status(
    profile: ProfileOpt = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Machine-readable output on stdout (stable schema).")
    ] = False,
    verbose: VerboseOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Every profile: what it holds, who it is, when it expires, and what shadows it."""
    from awslogin_helper.environment import Environment
    from awslogin_helper.status import run_status

    def body() -> ExitCode:
        env = Environment.from_os()
        ui = _make_ui(env, verbose=verbose, no_color=no_color)
        return run_status(env, _make_runner(env, ui), ui, profile=profile, as_json=json_output)

    _execute(body)


def _make_ui(env: Environment, *, verbose: bool, no_color: bool) -> UI:
    from awslogin_helper.ui import UI, make_console

    _UI_HOLDER.append(UI(make_console(env.vars, no_color=no_color), verbose=verbose))
    return _UI_HOLDER[-1]


def _make_runner(env: Environment, ui: UI) -> SubprocessRunner:
    from awslogin_helper.runner import Completed, SubprocessRunner

    def observe(result: Completed) -> None:
        shown = " ".join(["aws", *result.args[1:]])
        ui.debug(f"$ {shown}  -> exit {result.returncode} in {result.duration:.2f} s")

    return SubprocessRunner(env.vars, observer=observe)


# The UI of the running command, so the error boundary can speak through the same console.
_UI_HOLDER: list[UI] = []


def _error_ui() -> UI:
    if _UI_HOLDER:
        return _UI_HOLDER[-1]
    import os

    from awslogin_helper.ui import UI, make_console

    return UI(make_console(os.environ))


def _execute(body: Callable[[], ExitCode]) -> NoReturn:
    """The one place a command's errors become messages and documented exit codes.

    Inside the command, so Ctrl-C is ours to report whatever the Typer/Click version does
    with a KeyboardInterrupt that escapes (some swallow it into a silent exit 130).
    """
    from awslogin_helper.errors import HelperError

    try:
        code = int(body())
    except HelperError as exc:
        code = _report(exc)
    except KeyboardInterrupt:
        code = _interrupted()
    except EOFError:
        _say_error("Input ended before an answer was given; nothing more was run.")
        code = int(ExitCode.USAGE)
    except Exception as exc:  # the last resort: a message, never a traceback
        code = _unexpected(exc)
    raise typer.Exit(code)


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point: every outcome leaves through here with a documented code."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Parse and dispatch; commands report their own errors through `_execute`."""
    try:
        result = app(args=argv, prog_name="awslogin-helper", standalone_mode=False)
    except typer.Abort as exc:
        if isinstance(exc.__context__, EOFError):
            _say_error("Input ended before an answer was given; nothing more was run.")
            return int(ExitCode.USAGE)
        return _interrupted()
    except typer.Exit as exc:
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as exc:  # the last resort: a message, never a traceback
        if _is_usage_error(exc):
            exc.show()  # type: ignore[attr-defined]
            return int(ExitCode.USAGE)
        return _unexpected(exc)
    return int(result) if isinstance(result, int) else int(ExitCode.OK)


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
        _say_error("Interrupted; nothing more was run.")
    except Exception:  # noqa: S110 -- never let reporting Ctrl-C raise a traceback
        pass
    return int(ExitCode.INTERRUPTED)


def _unexpected(exc: Exception) -> int:
    from awslogin_helper.redact import redact

    ui = _error_ui()
    ui.error(f"Unexpected error: {type(exc).__name__}: {redact(str(exc))}")
    ui.hint(f"This is a bug in awslogin-helper {__version__}; please report it at {ISSUES_URL}")
    ui.hint("and include the output of the same command with --verbose (it shows no secrets).")
    if ui.verbose:
        import traceback

        ui.debug(redact("".join(traceback.format_exception(exc))))
    return int(ExitCode.INTERNAL_ERROR)
