"""`awslogin-helper tools`: which AWS consumers here can read a profile's `aws login` credentials.

Pure scanners over an injected `Environment` (PATH, home, variables, working directory): they
read a bounded set of files (metadata, lock files, extension folders) and never run anything.
Each consumer is one `Consumer` record with its verdict and the one fix.

    scan(profile, env, files)      -> every consumer found
    problems(profile, env, files)  -> the ones that cannot read it (shadowed CLIs left out)

The `bridge` command asks `[c for c in problems(...) if c.uses_bridge]`.
"""

from __future__ import annotations

from pathlib import Path

from awslogin_helper.awsconfig import AwsFiles
from awslogin_helper.edges.environment import Environment
from awslogin_helper.tools.fsread import resolved
from awslogin_helper.tools.model import Consumer, Fix, FixKind, Verdict
from awslogin_helper.tools.node import node_consumers
from awslogin_helper.tools.others import (
    cli_consumers,
    jetbrains_consumers,
    source_profile_consumers,
    terraform_consumers,
    vscode_consumers,
)
from awslogin_helper.tools.python import aws_cli_consumers, python_consumer, python_envs

__all__ = ["Consumer", "Fix", "FixKind", "Verdict", "problems", "scan"]


def scan(
    profile: str,
    env: Environment,
    files: AwsFiles | None,
    *,
    cwd: Path | None = None,
    known_aws: tuple[Path, str] | None = None,
) -> list[Consumer]:
    """Every AWS consumer on this machine and in the project at `cwd` (default: env.cwd).

    `known_aws` is an `aws` whose version the caller already knows (the wizard ran it).
    """
    project = cwd if cwd is not None else env.cwd
    clis, cli_roots = aws_cli_consumers(env, known_aws)
    found = list(clis)
    for py in python_envs(env, project):
        # An environment without botocore holds no AWS consumer; the CLI's own is listed above.
        if py.has("botocore") and resolved(py.prefix) not in cli_roots:
            found.append(python_consumer(py, env))
    found += node_consumers(project)
    found += cli_consumers(env)
    found += terraform_consumers(env, project)
    found += vscode_consumers(env)
    found += jetbrains_consumers(env)
    found += source_profile_consumers(profile, files)
    return found


def problems(
    profile: str,
    env: Environment,
    files: AwsFiles | None,
    *,
    cwd: Path | None = None,
    known_aws: tuple[Path, str] | None = None,
) -> list[Consumer]:
    """The consumers that cannot read the profile, each with its one fix."""
    return [c for c in scan(profile, env, files, cwd=cwd, known_aws=known_aws) if c.is_problem]
