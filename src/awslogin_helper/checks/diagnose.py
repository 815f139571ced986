"""What a failed run's endings read from the context.

`situation` is what the endings table (`endings`) may name: the profile, its principal, the
proxy, the source profile. `hint_newer_aws` looks for a fitting `aws` later on PATH, the usual
cause of "invalid choice" after an update.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from packaging.version import Version

from awslogin_helper.checks import steps as checks
from awslogin_helper.checks.classify import denied_by, proxy_host, source_profile_named
from awslogin_helper.checks.versions import parse_aws_version
from awslogin_helper.edges.runner import CommandNotStarted, CommandOutputTooLarge, CommandTimeout
from awslogin_helper.endings import Situation
from awslogin_helper.state import Context
from awslogin_helper.words import tr

# At most this many later `aws` executables on PATH are asked for their version at once.
LATER_AWS_WORKERS = 4


def situation(ctx: Context, *, refresh: bool = False) -> Situation:
    """What the endings table may name: the profile, its principal, proxy, source."""
    profile = ctx.current_profile()
    denied_arn, _action = denied_by(ctx.found.login_stderr)
    arn = (
        denied_arn
        or (ctx.found.identity.arn if ctx.found.identity else None)
        or (profile.get("login_session") if profile else None)
    )
    host = proxy_host(ctx.found.login_stderr)
    source = source_profile_named(ctx.found.login_stderr) or (
        profile.get("source_profile") if profile else None
    )
    return Situation(
        profile=ctx.progress.profile,
        named=ctx.named,
        remote=ctx.found.remote,
        verbose=ctx.ui.verbose,
        after_login=refresh,
        principal_arn=arn,
        source_profile=source,
        proxy=(_proxy_variable(ctx), host) if host else None,
    )


def _proxy_variable(ctx: Context) -> str:
    """The variable that names the proxy the AWS CLI uses for HTTPS (as botocore reads it)."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        if ctx.env.get(name):
            return name
    return "HTTPS_PROXY"


def hint_newer_aws(ctx: Context) -> None:
    """A newer `aws` later on PATH is a common cause of 'invalid choice'."""
    newer = newer_aws(ctx)
    if newer is not None:
        say_newer_aws(ctx, *newer)


def say_newer_aws(ctx: Context, version: Version, path: str) -> None:
    ctx.ui.hint(
        tr(
            "AWS CLI {version} is at {path}, later on your PATH: put its "
            "directory first on PATH (or remove the old one).",
            version=version,
            path=path,
        )
    )


def newer_aws(ctx: Context) -> tuple[Version, str] | None:
    """The first `aws` later on PATH that fits (its version and path), or None.

    The later executables are asked at once (a bounded pool), so hanging ones cost one
    timeout, not one each; the first fitting one in PATH order wins.
    """
    others = ctx.env.which_all("aws")[1:]
    if not others:
        return None
    workers = min(len(others), LATER_AWS_WORKERS)
    pool = ThreadPoolExecutor(workers, thread_name_prefix="aws-later")
    futures = [
        pool.submit(ctx.runner.run, [str(other), "--version"], timeout=checks.VERSION_TIMEOUT)
        for other in others
    ]
    try:
        for other, future in zip(others, futures, strict=True):
            try:
                result = future.result()
            except (CommandTimeout, CommandNotStarted, CommandOutputTooLarge):
                continue
            found = parse_aws_version(result.stdout + "\n" + result.stderr)
            if found and (ctx.found.minimum is None or found.version >= ctx.found.minimum):
                return found.version, str(other)
        return None
    finally:
        # What is still running is moot now (an answer was found, or we are leaving).
        pool.shutdown(wait=False, cancel_futures=True)
        ctx.runner.cancel_all()
        pool.shutdown(wait=True)
