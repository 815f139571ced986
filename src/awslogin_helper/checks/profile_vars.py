"""AWS_PROFILE and AWS_DEFAULT_PROFILE checked like `--profile`, before anything runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.words import tr

if TYPE_CHECKING:
    from awslogin_helper.edges.environment import Environment


def check_profile_vars(env: Environment) -> None:
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
