"""Command line: options in, exit code out (errors become messages and codes in `exits`).

Imports stay light at module level so `--version` and `--help` start fast; the wizard, Rich
and Questionary load only when a command really runs.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from awslogin_helper import __version__, completion, helptext
from awslogin_helper.checkopt import Check, CheckOpt
from awslogin_helper.checks.profile_vars import check_profile_vars
from awslogin_helper.early import first_lines
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.exits import (
    BROKEN_PIPE,
    INPUT_ENDED,
    execute,
    interrupted,
    is_usage_error,
    make_runner,
    make_ui,
    quiet_stdout,
    say_error,
    to_devnull,
    unexpected,
)
from awslogin_helper.words import N_, _, tr

if TYPE_CHECKING:
    from awslogin_helper.wizard import Options


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
    execute(lambda: _run_wizard(options, verbose=verbose, no_color=no_color))


def _run_wizard(options: Options, *, verbose: bool, no_color: bool) -> ExitCode:
    from awslogin_helper.edges.environment import Environment
    from awslogin_helper.edges.prompter import QuestionaryPrompter
    from awslogin_helper.wizard import Wizard

    env = Environment.from_os()
    ui = make_ui(env, verbose=verbose, no_color=no_color)
    check_profile_vars(env)
    runner = make_runner(env, ui)
    return Wizard(options, env, runner, QuestionaryPrompter(), ui).run()


# `status` only reads and checks: its --profile selects, its --verbose shows every detail.
StatusProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        callback=_check_profile,
        help=N_("Show only this profile (nothing is signed in)."),
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
    check: CheckOpt = Check.default,
) -> None:
    """Every profile: what it holds, who it is, when it expires, and what shadows it."""
    from awslogin_helper.edges.environment import Environment
    from awslogin_helper.status import CheckMode, run_status

    if json_output:
        from awslogin_helper.words import set_language

        set_language("en")  # machine-readable output never changes with the language

    def body() -> ExitCode:
        env = Environment.from_os()
        ui = make_ui(env, verbose=verbose, no_color=no_color)
        check_profile_vars(env)
        runner = make_runner(env, ui)
        mode = CheckMode(check.value)
        return run_status(env, runner, ui, profile=profile, as_json=json_output, check=mode)

    execute(body)


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
        ui = make_ui(env, verbose=False, no_color=no_color)
        check_profile_vars(env)
        return run_tools(env, ui, profile=profile, as_json=json_output)

    execute(body)


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
        ui = make_ui(env, verbose=False, no_color=no_color)
        return run_bridge(env, ui, QuestionaryPrompter(), profile=profile, yes=yes)

    execute(body)


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
        ui = make_ui(env, verbose=verbose, no_color=no_color)
        prompter = QuestionaryPrompter()
        if undo:
            return run_undo(env, ui, prompter, profile=profile, yes=yes)
        runner = make_runner(env, ui)
        sign = wizard_for if sign_in else None
        return run_retire(env, runner, ui, prompter, profile=profile, yes=yes, sign_in=sign)

    execute(body)


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point: every outcome leaves through here with a documented code."""
    code = run(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            # The reader left after the work was done (`| head`): its status stands, quietly.
            to_devnull(stream)
        except (OSError, ValueError):
            pass
    sys.exit(code)


def run(argv: list[str] | None = None) -> int:
    """Parse and dispatch; commands report their own errors through `execute`."""
    from awslogin_helper.words import set_language

    args = sys.argv[1:] if argv is None else argv
    set_language(helptext.lang_option(args))  # before anything prints, --help included
    if not args or args[0].startswith("-"):  # the wizard: its first lines before Rich loads
        first_lines(args)
    args = completion.prepare(args)
    try:
        command = typer.main.get_command(app)
        helptext.localize(command)
        result = command.main(args=args, prog_name="awslogin-helper", standalone_mode=False)
    except typer.Abort as exc:
        if isinstance(exc.__context__, EOFError):
            say_error(_(INPUT_ENDED))
            return int(ExitCode.USAGE)
        return interrupted()
    except typer.Exit as exc:
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return interrupted()
    except BrokenPipeError:
        quiet_stdout()
        return BROKEN_PIPE
    except Exception as exc:  # the last resort: a message, never a traceback
        if is_usage_error(exc):
            exc.show()  # type: ignore[attr-defined]
            return int(ExitCode.USAGE)
        return unexpected(exc)
    return int(result) if isinstance(result, int) else int(ExitCode.OK)
