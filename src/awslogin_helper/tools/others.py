"""The CDK and SAM CLIs on PATH, Terraform, the IDE toolkits, and `source_profile` users.

Versions come from where the tools keep them on disk: an npm package's `package.json`, a
Python environment's metadata, a version directory on the way to the executable (Homebrew's
`Cellar/NAME/X.Y.Z`, tfenv's `versions/X.Y.Z`, asdf's `installs/terraform/X.Y.Z`), a VS Code
extension's folder name. Anything else is "version unknown".
"""

from __future__ import annotations

import json
from pathlib import Path

from packaging.version import Version

from awslogin_helper.awsconfig import AwsFiles
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.safeio import Reason
from awslogin_helper.tools.fsread import (
    entries,
    is_dir,
    parse_version,
    read_text,
    resolved,
    version_in_name,
)
from awslogin_helper.tools.model import (
    SAM_MIN,
    TERRAFORM_GUIDE,
    TERRAFORM_S3_MIN,
    VSCODE_TOOLKIT_FRESH,
    VSCODE_TOOLKIT_MIN,
    Consumer,
    Fix,
    FixKind,
    Verdict,
)
from awslogin_helper.tools.node import cdk_consumer
from awslogin_helper.tools.pyenvs import env_from_python, interpreter_of_script
from awslogin_helper.words import N_

BRIDGE = Fix(FixKind.BRIDGE)
VSCODE_ID = "amazonwebservices.aws-toolkit-vscode"
_VSCODE_DIRS = (".vscode", ".vscode-insiders", ".vscode-server", ".vscode-oss")
_MAX_TF_FILES = 200  # *.tf files read in the project's top directory
_TF_PROVIDER = "registry.terraform.io/hashicorp/aws"
_MAX_PRODUCTS = 100  # JetBrains product directories looked at


def _version_dir(path: Path, markers: tuple[str, ...]) -> str | None:
    """The version directory right after one of `markers` on the real path of `path`."""
    parts = resolved(path).parts
    for index in range(1, len(parts)):
        if parts[index - 1] in markers:
            version = version_in_name(parts[index])
            if version is not None:
                return version
    return None


def _npm_package_version(exe: Path, package: str) -> str | None:
    """An npm-installed CLI (`.../node_modules/PACKAGE/bin/x`): its package.json version."""
    real = resolved(exe)
    for parent in list(real.parents)[:4]:
        if parent.name == package and parent.parent.name == "node_modules":
            text = read_text(parent / "package.json")
            try:
                data = json.loads(text) if text else None
            except ValueError:
                return None
            version = data.get("version") if isinstance(data, dict) else None
            return version if isinstance(version, str) else None
    return None


def cli_consumers(env: Environment) -> list[Consumer]:
    """`cdk` and `sam` on PATH (the first of each: the one a plain command runs)."""
    found: list[Consumer] = []
    cdk = env.which("cdk")
    if cdk is not None:
        version = _npm_package_version(cdk, "aws-cdk") or _version_dir(cdk, ("aws-cdk",))
        upgrade = Fix(FixKind.COMMAND, ("npm", "install", "--global", "aws-cdk@latest"))
        found.append(cdk_consumer(str(cdk), version, upgrade))
    sam = env.which("sam")
    if sam is not None:
        version = _version_dir(sam, ("aws-sam-cli",))
        python = interpreter_of_script(sam, {"python3": env.which("python3")})
        if version is None and python is not None:
            version = env_from_python(python, env.home).packages.get("aws-sam-cli")
        found.append(_sam(sam, version))
    return found


def _sam(sam: Path, version: str | None) -> Consumer:
    parsed = parse_version(version)
    if parsed is None:
        verdict, reason, fix = Verdict.UNKNOWN, Reason(N_("version unknown")), None
    elif parsed < SAM_MIN:
        verdict, fix = Verdict.CANNOT, Fix(FixKind.UPGRADE)
        reason = Reason(N_("older than {minimum}"), {"minimum": str(SAM_MIN)})
    else:
        verdict, reason, fix = Verdict.OK, Reason(N_("reads it")), None
    return Consumer("sam", N_("AWS SAM CLI"), str(sam), version, verdict, reason, fix)


# --------------------------------------------------------------------------- Terraform


def _tf_project(cwd: Path | None) -> tuple[bool, list[str], bool]:
    """(uses the AWS provider, its installed versions, has an S3 backend) for the project."""
    if cwd is None:
        return False, [], False
    provider_dir = cwd / ".terraform" / "providers" / _TF_PROVIDER
    versions = [n for n in entries(provider_dir) if version_in_name(n)]
    lock = read_text(cwd / ".terraform.lock.hcl") or ""
    uses_provider = bool(versions) or _TF_PROVIDER in lock
    s3 = False
    tf_files = [n for n in entries(cwd) if n.endswith(".tf")][:_MAX_TF_FILES]
    for name in tf_files:
        text = read_text(cwd / name) or ""
        squeezed = " ".join(text.split())
        uses_provider = uses_provider or 'provider "aws"' in squeezed
        s3 = s3 or 'backend "s3"' in squeezed
    return uses_provider, versions, s3


def terraform_consumers(env: Environment, cwd: Path | None) -> list[Consumer]:
    terraform = env.which("terraform")
    version = (
        _version_dir(terraform, ("terraform", "versions", ".terraform.versions"))
        if terraform is not None
        else None
    )
    uses_provider, provider_versions, s3 = _tf_project(cwd)
    found: list[Consumer] = []
    no_support = Reason(N_("no support for `aws login` profiles (use the bridge)"))
    if uses_provider and cwd is not None:
        best = max(provider_versions, key=lambda v: parse_version(v) or Version("0"))
        found.append(
            Consumer(
                "terraform-provider",
                N_("Terraform AWS provider"),
                str(cwd / ".terraform" if provider_versions else cwd),
                best if provider_versions else None,
                Verdict.CANNOT,
                no_support,
                BRIDGE,
            )
        )
    elif terraform is not None:
        found.append(
            Consumer(
                "terraform",
                N_("Terraform AWS provider"),
                str(terraform),
                version,
                Verdict.CANNOT,
                no_support,
                BRIDGE,
            )
        )
    if s3 and cwd is not None:
        parsed = parse_version(version)
        if parsed is None:
            verdict, reason, fix = Verdict.UNKNOWN, Reason(N_("version unknown")), None
        elif parsed < TERRAFORM_S3_MIN:
            verdict, fix = Verdict.CANNOT, Fix(FixKind.UPGRADE, url=TERRAFORM_GUIDE)
            reason = Reason(N_("older than {minimum}"), {"minimum": str(TERRAFORM_S3_MIN)})
        else:
            verdict, reason, fix = Verdict.OK, Reason(N_("reads it")), None
        where = str(terraform) if terraform is not None else str(cwd)
        name = N_("Terraform S3 backend")
        found.append(Consumer("terraform-s3-backend", name, where, version, verdict, reason, fix))
    return found


# --------------------------------------------------------------------------- IDEs


def vscode_consumers(env: Environment) -> list[Consumer]:
    found: list[Consumer] = []
    for folder in _VSCODE_DIRS:
        extensions = env.home / folder / "extensions"
        names = [n for n in entries(extensions) if n.lower().startswith(VSCODE_ID + "-")]
        if not names:
            continue
        versions = {n: parse_version(version_in_name(n[len(VSCODE_ID) + 1 :]) or "") for n in names}
        known = [(v, n) for n, v in versions.items() if v is not None]
        # VS Code keeps an old version's folder until it cleans up: the newest one runs.
        newest = max(known)[1] if known else names[-1]
        version = versions[newest]
        if version is None:
            verdict, reason, fix = Verdict.UNKNOWN, Reason(N_("version unknown")), None
        elif version < VSCODE_TOOLKIT_MIN:
            verdict = Verdict.CANNOT
            reason = Reason(N_("older than {minimum}"), {"minimum": str(VSCODE_TOOLKIT_MIN)})
            fix = Fix(FixKind.COMMAND, ("code", "--install-extension", VSCODE_ID, "--force"))
        elif version < VSCODE_TOOLKIT_FRESH:
            verdict, fix = Verdict.OK, None
            reason = Reason(
                N_("reads it; {version} fixes stale credentials"),
                {"version": str(VSCODE_TOOLKIT_FRESH)},
            )
        else:
            verdict, reason, fix = Verdict.OK, Reason(N_("reads it")), None
        found.append(
            Consumer(
                "vscode-toolkit",
                N_("AWS Toolkit for VS Code"),
                str(extensions / newest),
                str(version) if version is not None else None,
                verdict,
                reason,
                fix,
            )
        )
    return found


def jetbrains_consumers(env: Environment) -> list[Consumer]:
    roots = [
        env.home / ".local" / "share" / "JetBrains",
        env.home / "Library" / "Application Support" / "JetBrains",
    ]
    appdata = env.get("APPDATA")
    if appdata:
        roots.append(Path(appdata) / "JetBrains")
    found: list[Consumer] = []
    for root in roots:
        for product in entries(root)[:_MAX_PRODUCTS]:
            for base in (root / product, root / product / "plugins"):
                for name in entries(base) if is_dir(base) else []:
                    if name.lower().startswith("aws-toolkit") and is_dir(base / name):
                        found.append(
                            Consumer(
                                "jetbrains-toolkit",
                                N_("AWS Toolkit for JetBrains"),
                                str(base / name),
                                None,
                                Verdict.CANNOT,
                                Reason(N_("no support for `aws login` profiles (use the bridge)")),
                                BRIDGE,
                            )
                        )
    return found


# --------------------------------------------------------------------------- source_profile


def source_profile_consumers(profile: str, files: AwsFiles | None) -> list[Consumer]:
    """Profiles that name `profile` as their source: the Go v2 and PHP SDKs cannot follow it."""
    if files is None:
        return []
    found: list[Consumer] = []
    for name, other in files.profiles.items():
        if name != profile and other.get("source_profile") == profile:
            found.append(
                Consumer(
                    "source-profile",
                    N_("Profiles using it as source_profile"),
                    str(files.config_path) + f" [{name}]",
                    None,
                    Verdict.CANNOT,
                    Reason(
                        N_("the AWS SDKs for Go v2 and PHP cannot follow it from profile {name}"),
                        {"name": name},
                    ),
                    BRIDGE,
                    details={"profile": name},
                )
            )
    return found
