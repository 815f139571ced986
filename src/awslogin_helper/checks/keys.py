"""What the target profile and the shell hold: the key kinds the checks warn about.

Read by `checks.check_keys` (the timeouts stay `checks`' module attributes, passed in, so a
test can shorten them there) and by the `aws login` path (the key left behind).
"""

from __future__ import annotations

from awslogin_helper import awsconfig
from awslogin_helper.checks.classify import (
    classify_identity_error,
    parse_configure_list,
    parse_identity,
    problem_text,
)
from awslogin_helper.edges.runner import CommandNotStarted, CommandOutputTooLarge, CommandTimeout
from awslogin_helper.redact import mask_key_id
from awslogin_helper.state import LONG_TERM_RISK, Context
from awslogin_helper.words import N_, _, tr


def explain_long_term(ctx: Context) -> None:
    """The risk and the remedy, said once per run (a key in a profile or in the shell)."""
    if not ctx.progress.explained_long_term:
        ctx.ui.detail(_(LONG_TERM_RISK))
        ctx.progress.explained_long_term = True


def configured_key_id(profile: awsconfig.Profile | None) -> str | None:
    """The key ID in the files (what `aws configure get aws_access_key_id` prints)."""
    return profile.get("aws_access_key_id") if profile else None


def configured_key_source(ctx: Context, timeout: float) -> str:
    """Where `aws configure list` says the key comes from (its type column; "" if unknown)."""
    assert ctx.found.aws is not None
    cmd = [ctx.found.aws, "configure", "list", *ctx.profile_args()]
    try:
        result = ctx.probes.get(cmd, timeout)
    except (CommandTimeout, CommandNotStarted, CommandOutputTooLarge):
        return ""
    row = parse_configure_list(result.stdout).get("access_key") if result.ok else None
    if row is None or row.type in ("None", ""):
        return ""
    return row.type


# Where `aws configure list` says the long-term key comes from: one whole sentence each
# (an unknown source is shown as the CLI names it).
_LONG_TERM_KEY_AT = {
    "": N_("{label} holds a long-term key, {key}."),
    "shared-credentials-file": N_("{label} holds a long-term key, {key} (credentials file)."),
    "config-file": N_("{label} holds a long-term key, {key} (config file)."),
    "env": N_("{label} holds a long-term key, {key} (environment variables)."),
}
_LONG_TERM_KEY_OTHER = N_("{label} holds a long-term key, {key} (source: {source}).")


def long_term_key_text(label: str, key_id: str, source: str) -> str:
    """The warning for a long-term key in the profile, with where it comes from."""
    return tr(
        _LONG_TERM_KEY_AT.get(source, _LONG_TERM_KEY_OTHER),
        label=label,
        key="AKIA" + mask_key_id(key_id),  # every long-term key starts so: nothing revealed
        source=source,
    )


def _env_keys_verdict(ctx: Context, timeout: float) -> tuple[bool, str] | None:
    """(they work, why not) for the variables' own keys (None when not checked)."""
    if ctx.named:
        return None
    try:
        result = ctx.probes.get(ctx.identity_cmd(bare=True), timeout)
    except (CommandTimeout, CommandNotStarted):
        return None
    if result.ok and parse_identity(result.stdout) is not None:
        return True, ""
    return False, problem_text(classify_identity_error(result.stderr))


# The kind of key in AWS_ACCESS_KEY_ID, shown in parentheses (translated where shown).
_ENV_KEY_KINDS = {"long-term": N_("a long-term key"), "temporary": N_("a temporary key")}
_ENV_KEY_ANY = N_("a key")


def warn_env_keys(ctx: Context, timeout: float) -> None:
    """AWS_ACCESS_KEY_ID beats every profile without --profile: say so, and what it is worth."""
    key_id = ctx.env.get("AWS_ACCESS_KEY_ID")
    if not key_id:
        return
    kind = awsconfig.key_id_kind(key_id)
    values = {
        "variable": "AWS_ACCESS_KEY_ID",
        "kind": _(_ENV_KEY_KINDS.get(kind, _ENV_KEY_ANY)),
        "key": mask_key_id(key_id),
        "flag": "--profile",
    }
    verdict = _env_keys_verdict(ctx, timeout)
    # How to clear it is said once, at the end.
    if verdict is None:
        text = tr(
            "{variable} ({kind}, {key}) is set: it beats every profile without {flag}.", **values
        )
    elif verdict[0]:
        text = tr(
            "{variable} ({kind}, {key}) is set and works: it beats every profile without {flag}.",
            **values,
        )
    else:
        text = tr(
            "{variable} ({kind}, {key}) is set, beats every profile without {flag}, and does not "
            "work: {problem}.",
            problem=verdict[1],
            **values,
        )
    ctx.ui.warn(text)
    if kind == "long-term":
        explain_long_term(ctx)
