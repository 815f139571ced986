"""`awslogin-helper tools`: every consumer found in fabricated trees, judged by the facts file.

Each test builds the files a real install leaves (dist-info METADATA, lock files, extension
folders, version directories) in tmp_path and points an `Environment` at them; nothing is run.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from tests.fakeaws import helper_command

from awslogin_helper.awsconfig import load_aws_files
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.ui import UI, make_console
from awslogin_helper.tools import Consumer, FixKind, Verdict, problems, scan
from awslogin_helper.tools.report import after_login, render, to_json

POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="POSIX layouts and symlinks")
pytestmark = POSIX_ONLY


# --------------------------------------------------------------------------- builders


def executable(path: Path, text: str = "#!/bin/sh\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def dist(site: Path, name: str, version: str | None, *, metadata: str | None = None) -> None:
    """A `NAME-VERSION.dist-info/METADATA` as pip writes it (or `metadata` as given)."""
    # pip writes the name with underscores: aws_sam_cli-1.148.0.dist-info
    folder = site / f"{name.replace('-', '_')}-{version or '0'}.dist-info"
    folder.mkdir(parents=True, exist_ok=True)
    body = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nA README.\nVersion: 9\n"
    (folder / "METADATA").write_text(body if metadata is None else metadata, encoding="utf-8")


def venv(root: Path, packages: dict[str, str], *, scripts: tuple[str, ...] = ()) -> Path:
    """A virtual environment: pyvenv.cfg, bin/python, site-packages with `packages`."""
    (root).mkdir(parents=True, exist_ok=True)
    (root / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.7\n", encoding="utf-8")
    python = executable(root / "bin" / "python")
    site = root / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True, exist_ok=True)
    for name, version in packages.items():
        dist(site, name, version)
    for script in scripts:
        executable(root / "bin" / script, f"#!{python}\nimport sys\n")
    return site


def environment(tmp_path: Path, *path_dirs: Path, **variables: str) -> Environment:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    return Environment(
        vars={"PATH": os.pathsep.join(str(d) for d in path_dirs), "HOME": str(home), **variables},
        home=home,
        cwd=project,
    )


def only(consumers: list[Consumer], kind: str) -> Consumer:
    found = [c for c in consumers if c.kind == kind]
    assert len(found) == 1, consumers
    return found[0]


def shown(consumers: list[Consumer], profile: str = "dev") -> str:
    buffer = io.StringIO()
    console = make_console({"NO_COLOR": "1"}, file=buffer)
    console.width = 10_000
    render(UI(console), profile, consumers, ("posix",))
    return buffer.getvalue()


# --------------------------------------------------------------------------- AWS CLIs


def test_a_pip_built_v2_cli_is_read_from_its_environment(tmp_path: Path) -> None:
    venv(tmp_path / "cli", {"awscli": "2.36.7"}, scripts=("aws",))
    found = only(scan("dev", environment(tmp_path, tmp_path / "cli" / "bin"), None), "aws-cli")
    assert (found.version, found.verdict) == ("2.36.7", Verdict.OK)


def test_a_v2_older_than_2_32_cannot_and_is_told_to_upgrade(tmp_path: Path) -> None:
    venv(tmp_path / "cli", {"awscli": "2.9.19"}, scripts=("aws",))
    found = only(scan("dev", environment(tmp_path, tmp_path / "cli" / "bin"), None), "aws-cli")
    assert found.verdict is Verdict.CANNOT
    assert found.fix is not None and found.fix.kind is FixKind.UPGRADE
    assert "getting-started-install" in (found.fix.url or "")
    assert "older than 2.32.0" in shown([found])


def test_the_official_installer_tree_gives_its_version_through_current(tmp_path: Path) -> None:
    # /usr/local/aws-cli/v2/2.15.30/dist/aws, `current` -> 2.15.30, bin/aws -> current/...
    root = tmp_path / "aws-cli" / "v2"
    (root / "2.15.30" / "dist").mkdir(parents=True)
    (root / "2.15.30" / "dist" / "aws").write_bytes(b"\x7fELF\x00binary")
    (root / "2.15.30" / "dist" / "aws").chmod(0o755)
    (root / "current").symlink_to("2.15.30")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").symlink_to(root / "current" / "dist" / "aws")
    found = only(scan("dev", environment(tmp_path, bin_dir), None), "aws-cli")
    assert (found.version, found.verdict) == ("2.15.30", Verdict.CANNOT)


def test_homebrew_keeps_the_version_in_its_cellar(tmp_path: Path) -> None:
    real = executable(tmp_path / "Cellar" / "awscli" / "2.33.1" / "bin" / "aws", "\x7fELF")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "aws").symlink_to(real)
    found = only(scan("dev", environment(tmp_path, tmp_path / "bin"), None), "aws-cli")
    assert (found.version, found.verdict) == ("2.33.1", Verdict.OK)


def test_an_unreadable_version_is_unknown_unless_the_wizard_knows_it(tmp_path: Path) -> None:
    aws = executable(tmp_path / "bin" / "aws", "\x7fELF no version anywhere")
    env = environment(tmp_path, tmp_path / "bin")
    found = only(scan("dev", env, None), "aws-cli")
    assert (found.version, found.verdict) == (None, Verdict.UNKNOWN)
    assert "version unknown" in shown([found])
    known = only(scan("dev", env, None, known_aws=(aws, "2.36.7")), "aws-cli")
    assert (known.version, known.verdict) == ("2.36.7", Verdict.OK)


def test_v1_reads_it_only_with_botocore_1_41_and_awscrt(tmp_path: Path) -> None:
    venv(tmp_path / "v1", {"awscli": "1.43.2", "botocore": "1.42.2"}, scripts=("aws",))
    env = environment(tmp_path, tmp_path / "v1" / "bin")
    found = only(scan("dev", env, None), "aws-cli")
    assert found.verdict is Verdict.CANNOT
    assert found.fix is not None
    assert found.fix.argv == (str(tmp_path / "v1" / "bin" / "python"), "-m", "pip", "install",
                              "botocore[crt]")  # fmt: skip
    # Its environment is the CLI's: not listed a second time as a Python environment.
    assert [c.kind for c in scan("dev", env, None)] == ["aws-cli"]
    dist(tmp_path / "v1" / "lib" / "python3.11" / "site-packages", "awscrt", "0.28.4")
    readable = only(scan("dev", env, None), "aws-cli")
    assert readable.verdict is Verdict.OK
    assert "cannot sign in" in readable.reason.english()


def test_an_old_v1_is_told_to_move_to_v2(tmp_path: Path) -> None:
    venv(tmp_path / "v1", {"awscli": "1.40.0", "botocore": "1.39.0"}, scripts=("aws",))
    found = only(scan("dev", environment(tmp_path, tmp_path / "v1" / "bin"), None), "aws-cli")
    assert found.verdict is Verdict.CANNOT
    assert found.fix is not None and found.fix.kind is FixKind.UPGRADE


def test_a_later_aws_on_path_is_shadowed_and_no_problem(tmp_path: Path) -> None:
    venv(tmp_path / "new", {"awscli": "2.36.7"}, scripts=("aws",))
    venv(tmp_path / "old", {"awscli": "2.9.19"}, scripts=("aws",))
    env = environment(tmp_path, tmp_path / "new" / "bin", tmp_path / "old" / "bin")
    clis = [c for c in scan("dev", env, None) if c.kind == "aws-cli"]
    assert [(c.version, c.shadowed) for c in clis] == [("2.36.7", False), ("2.9.19", True)]
    assert problems("dev", env, None) == []
    assert "a plain `aws` runs an earlier one" in shown(clis)


# --------------------------------------------------------------------------- Python envs


def test_a_project_venv_without_awscrt_gets_the_pip_command(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    venv(env.cwd / ".venv", {"botocore": "1.42.9", "boto3": "1.41.9"})
    found = only(scan("dev", env, None), "python")
    assert found.verdict is Verdict.CANNOT
    assert "botocore 1.42.9 without awscrt" in found.reason.english()
    assert found.fix is not None
    python = env.cwd / ".venv" / "bin" / "python"
    assert found.fix.command() == f"{python} -m pip install 'botocore[crt]'"
    out = shown([found])
    # The command stands alone on its line, whole, to copy.
    assert f"    {python} -m pip install 'botocore[crt]'\n" in out


def test_an_old_botocore_is_upgraded_together_with_boto3(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    venv(env.cwd / "venv", {"botocore": "1.35.0", "boto3": "1.35.0", "awscrt": "0.28.4"})
    found = only(scan("dev", env, None), "python")
    assert found.verdict is Verdict.CANNOT
    assert found.fix is not None
    assert found.fix.argv[-4:] == ("install", "--upgrade", "boto3", "botocore[crt]")


@pytest.mark.parametrize(
    ("value", "verdict"),
    [(None, Verdict.OK), ("TRUE", Verdict.CANNOT), ("true", Verdict.CANNOT), ("1", Verdict.OK)],
)
def test_boto_disable_crt_counts_only_as_botocore_reads_it(
    tmp_path: Path, value: str | None, verdict: Verdict
) -> None:
    extra = {"BOTO_DISABLE_CRT": value} if value is not None else {}
    env = environment(tmp_path, **extra)
    assert env.cwd is not None
    venv(env.cwd / ".venv", {"botocore": "1.41.0", "awscrt": "0.28.4"})
    found = only(scan("dev", env, None), "python")
    assert found.verdict is verdict
    if verdict is Verdict.CANNOT:
        assert found.fix is not None and found.fix.kind is FixKind.UNSET
        assert "    unset BOTO_DISABLE_CRT\n" in shown([found])


def test_pipx_and_uv_tools_get_their_own_commands(tmp_path: Path) -> None:
    env = environment(tmp_path, UV_TOOL_DIR=str(tmp_path / "uvtools"))
    venv(env.home / ".local" / "pipx" / "venvs" / "mytool", {"botocore": "1.42.0"})
    venv(tmp_path / "uvtools" / "other", {"botocore": "1.30.0"})
    commands = {c.details.get("tool"): c.fix.command() for c in scan("dev", env, None) if c.fix}
    assert commands == {
        "mytool": "pipx inject mytool 'botocore[crt]'",
        "other": "uv tool install --with 'botocore[crt]>=1.41.0' other",
    }


def test_pipx_home_moves_the_pipx_environments(tmp_path: Path) -> None:
    env = environment(tmp_path, PIPX_HOME=str(tmp_path / "px"))
    venv(tmp_path / "px" / "venvs" / "boto-tool", {"botocore": "1.42.0", "awscrt": "0.29.0"})
    found = only(scan("dev", env, None), "python")
    assert (found.verdict, found.details["tool"]) == (Verdict.OK, "boto-tool")


@pytest.mark.parametrize(
    "metadata",
    ["", "Metadata-Version: 2.1\nName: botocore\n", "Version: not-a-version\n", "\x00\x01binary"],
    ids=["empty", "truncated", "garbage", "binary"],
)
def test_malformed_metadata_makes_the_version_unknown(tmp_path: Path, metadata: str) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    site = venv(env.cwd / ".venv", {})
    dist(site, "botocore", "1.42.0", metadata=metadata)
    found = only(scan("dev", env, None), "python")
    assert (found.version, found.verdict) == (None, Verdict.UNKNOWN)
    assert problems("dev", env, None) == []


def test_an_environment_without_botocore_is_no_consumer(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    venv(env.cwd / ".venv", {"requests": "2.32.0"})
    assert scan("dev", env, None) == []
    assert "No AWS tools were found" in shown([])


def test_interpreters_on_path_are_read_once_per_environment(tmp_path: Path) -> None:
    site = venv(tmp_path / "env", {"botocore": "1.42.0"})
    bin_dir = tmp_path / "env" / "bin"
    (bin_dir / "python3").symlink_to("python")
    (bin_dir / "python3.11").symlink_to("python")
    assert site.is_dir()
    found = [c for c in scan("dev", environment(tmp_path, bin_dir), None) if c.kind == "python"]
    assert len(found) == 1


def test_symlink_loops_end_nowhere_quietly(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").symlink_to(bin_dir / "aws")  # a loop: not an executable
    (bin_dir / "python3").symlink_to(bin_dir / "python3")
    loop_dir = tmp_path / "loop"
    loop_dir.symlink_to(loop_dir)
    env = environment(tmp_path, bin_dir, loop_dir)
    assert env.cwd is not None
    (env.cwd / ".venv").symlink_to(env.cwd / ".venv")
    (env.cwd / "package-lock.json").symlink_to(env.cwd / "package-lock.json")
    assert [c.verdict for c in scan("dev", env, None)] == []


# --------------------------------------------------------------------------- Node


def _lock(cwd: Path, packages: dict[str, str]) -> None:
    data = {
        "name": "app",
        "lockfileVersion": 3,
        "packages": {
            "": {"dependencies": {"@aws-sdk/client-s3": "^3.0.0"}},
            **{f"node_modules/{n}": {"version": v} for n, v in packages.items()},
        },
    }
    (cwd / "package-lock.json").write_text(json.dumps(data), encoding="utf-8")


def test_a_js_sdk_with_the_login_provider_reads_it(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    _lock(
        env.cwd, {"@aws-sdk/client-s3": "3.940.0", "@aws-sdk/credential-provider-login": "3.936.0"}
    )
    found = only(scan("dev", env, None), "node")
    assert (found.version, found.verdict) == ("3.936.0", Verdict.OK)


def test_a_js_sdk_from_before_the_login_provider_is_upgraded(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    _lock(
        env.cwd, {"@aws-sdk/client-s3": "3.500.0", "@aws-sdk/credential-provider-node": "3.500.0"}
    )
    (env.cwd / "package.json").write_text(
        json.dumps({"dependencies": {"@aws-sdk/client-s3": "^3.500.0", "left-pad": "1"}}),
        encoding="utf-8",
    )
    found = only(scan("dev", env, None), "node")
    assert found.verdict is Verdict.CANNOT
    assert found.fix is not None and found.fix.command() == "npm install @aws-sdk/client-s3@latest"


def test_a_lockfile_v1_is_read_through_its_nesting(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    nested = {"dependencies": {"@aws-sdk/credential-provider-login": {"version": "3.930.0"}}}
    data = {"lockfileVersion": 1, "dependencies": {"@aws-sdk/client-sts": {"version": "3.930.0",
            **nested}}}  # fmt: skip
    (env.cwd / "package-lock.json").write_text(json.dumps(data), encoding="utf-8")
    found = only(scan("dev", env, None), "node")
    assert (found.version, found.verdict) == ("3.930.0", Verdict.CANNOT)


@pytest.mark.parametrize(
    ("filename", "text", "verdict"),
    [
        ("pnpm-lock.yaml", "packages:\n  '@aws-sdk/credential-provider-login@3.940.0':\n"
         "    resolution: {integrity: x}\n  '@aws-sdk/client-s3@3.940.0':\n", Verdict.OK),
        ("pnpm-lock.yaml", "packages:\n  /@aws-sdk/client-s3@3.400.0:\n    dev: false\n",
         Verdict.CANNOT),
        ("yarn.lock", '"@aws-sdk/credential-provider-login@^3.936.0":\n  version "3.937.0"\n',
         Verdict.OK),
        ("yarn.lock", '"@aws-sdk/credential-provider-login@npm:^3.900.0":\n  version: 3.901.0\n',
         Verdict.CANNOT),
    ],
    ids=["pnpm9-ok", "pnpm6-old", "yarn1-ok", "yarn-berry-old"],
)  # fmt: skip
def test_pnpm_and_yarn_locks(tmp_path: Path, filename: str, text: str, verdict: Verdict) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    (env.cwd / filename).write_text(text, encoding="utf-8")
    assert only(scan("dev", env, None), "node").verdict is verdict


@pytest.mark.parametrize("kind", ["directory", "huge", "binary", "malformed"])
def test_an_unreadable_lock_file_is_unknown(tmp_path: Path, kind: str) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    lock = env.cwd / "package-lock.json"
    if kind == "directory":
        lock.mkdir()
    elif kind == "huge":
        with lock.open("wb") as handle:  # sparse: 40 MiB on paper, nothing on disk
            handle.truncate(40 * 1024 * 1024)
    elif kind == "binary":
        lock.write_bytes(b"\x00\xff\xfe" * 100)
    else:
        lock.write_text('{"packages": {"node_modules/@aws-sdk/client-s3": ', encoding="utf-8")
    found = only(scan("dev", env, None), "node")
    assert (found.verdict, found.version) == (Verdict.UNKNOWN, None)


def test_the_cdk_cli_in_a_project_lock_and_on_path(tmp_path: Path) -> None:
    package = tmp_path / "npm" / "lib" / "node_modules" / "aws-cdk"
    executable(package / "bin" / "cdk", "#!/usr/bin/env node\n")
    (package / "package.json").write_text('{"name": "aws-cdk", "version": "2.1034.0"}', "utf-8")
    (tmp_path / "npm" / "bin").mkdir()
    (tmp_path / "npm" / "bin" / "cdk").symlink_to(package / "bin" / "cdk")
    env = environment(tmp_path, tmp_path / "npm" / "bin")
    assert env.cwd is not None
    _lock(env.cwd, {"aws-cdk": "2.1000.0"})
    cdks = [c for c in scan("dev", env, None) if c.kind == "cdk"]
    assert sorted((c.version, c.verdict) for c in cdks) == [
        ("2.1000.0", Verdict.CANNOT),
        ("2.1034.0", Verdict.OK),
    ]


def test_the_sam_cli_from_pip_and_from_homebrew(tmp_path: Path) -> None:
    venv(tmp_path / "sam", {"aws-sam-cli": "1.100.0"}, scripts=("sam",))
    old = only(scan("dev", environment(tmp_path, tmp_path / "sam" / "bin"), None), "sam")
    assert (old.version, old.verdict) == ("1.100.0", Verdict.CANNOT)
    executable(tmp_path / "Cellar" / "aws-sam-cli" / "1.150.0" / "bin" / "sam", "\x7fELF")
    brew = environment(tmp_path, tmp_path / "Cellar" / "aws-sam-cli" / "1.150.0" / "bin")
    assert only(scan("dev", brew, None), "sam").verdict is Verdict.OK


# --------------------------------------------------------------------------- Terraform, IDEs


def test_the_terraform_aws_provider_of_the_project_needs_the_bridge(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    provider = env.cwd / ".terraform" / "providers" / "registry.terraform.io" / "hashicorp" / "aws"
    (provider / "5.70.0" / "linux_amd64").mkdir(parents=True)
    found = only(scan("dev", env, None), "terraform-provider")
    assert (found.version, found.verdict, found.uses_bridge) == ("5.70.0", Verdict.CANNOT, True)
    out = shown([found])
    assert "dev-process" in out
    assert "    awslogin-helper bridge dev\n" in out


@pytest.mark.parametrize(
    ("version", "verdict"), [("1.9.8", Verdict.CANNOT), ("1.14.9", Verdict.OK)]
)
def test_the_s3_backend_needs_terraform_1_14_9(
    tmp_path: Path, version: str, verdict: Verdict
) -> None:
    bin_dir = tmp_path / "Cellar" / "terraform" / version / "bin"
    executable(bin_dir / "terraform", "\x7fELF")
    env = environment(tmp_path, bin_dir)
    assert env.cwd is not None
    (env.cwd / "main.tf").write_text('terraform {\n  backend   "s3" {\n  }\n}\n', "utf-8")
    found = scan("dev", env, None)
    assert only(found, "terraform-s3-backend").verdict is verdict
    assert only(found, "terraform").uses_bridge  # its AWS provider, wherever it is used


def test_vscode_toolkit_newest_folder_counts(tmp_path: Path) -> None:
    env = environment(tmp_path)
    extensions = env.home / ".vscode" / "extensions"
    for version in ("3.80.0", "3.95.1"):
        (extensions / f"amazonwebservices.aws-toolkit-vscode-{version}").mkdir(parents=True)
    found = only(scan("dev", env, None), "vscode-toolkit")
    assert (found.version, found.verdict) == ("3.95.1", Verdict.OK)


@pytest.mark.parametrize(
    ("folder", "verdict"),
    [("3.80.0", Verdict.CANNOT), ("3.92.0", Verdict.OK), ("latest", Verdict.UNKNOWN)],
)
def test_vscode_toolkit_versions(tmp_path: Path, folder: str, verdict: Verdict) -> None:
    env = environment(tmp_path)
    name = f"amazonwebservices.aws-toolkit-vscode-{folder}"
    (env.home / ".vscode-server" / "extensions" / name).mkdir(parents=True)
    found = only(scan("dev", env, None), "vscode-toolkit")
    assert found.verdict is verdict
    if verdict is Verdict.CANNOT:
        assert found.fix is not None
        assert found.fix.command() == (
            "code --install-extension amazonwebservices.aws-toolkit-vscode --force"
        )


def test_the_jetbrains_toolkit_needs_the_bridge(tmp_path: Path) -> None:
    env = environment(tmp_path)
    (env.home / ".local" / "share" / "JetBrains" / "PyCharm2025.1" / "aws-toolkit-jetbrains").mkdir(
        parents=True
    )
    (env.home / ".local" / "share" / "JetBrains" / "PyCharm2025.1" / "other-plugin").mkdir()
    found = only(scan("dev", env, None), "jetbrains-toolkit")
    assert (found.verdict, found.uses_bridge, found.version) == (Verdict.CANNOT, True, None)


def test_profiles_that_use_it_as_source_profile(tmp_path: Path) -> None:
    env = environment(tmp_path)
    config = env.home / ".aws" / "config"
    config.parent.mkdir()
    config.write_text(
        "[profile dev]\nlogin_session = arn:aws:iam::123456789012:user/dev\n"
        "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\n"
        "source_profile = dev\n[profile other]\nsource_profile = prod\n",
        encoding="utf-8",
    )
    files = load_aws_files(env.vars, env.home)
    found = only(scan("dev", env, files), "source-profile")
    assert (found.details["profile"], found.uses_bridge) == ("deploy", True)
    assert "Go v2 and PHP" in found.reason.english()


# --------------------------------------------------------------------------- output


def test_json_is_stable_english_and_says_what_needs_attention(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    venv(env.cwd / ".venv", {"botocore": "1.42.0"})
    data: dict[str, Any] = json.loads(json.dumps(to_json("dev", True, scan("dev", env, None))))
    assert set(data) == {"schema_version", "profile", "login_session", "needs_attention",
                         "consumers"}  # fmt: skip
    assert (data["schema_version"], data["needs_attention"]) == (1, True)
    consumer = data["consumers"][0]
    assert consumer["fix"]["command"].endswith("-m pip install 'botocore[crt]'")
    assert consumer["verdict"] == "cannot"


def test_after_login_names_each_problem_and_nothing_when_none(tmp_path: Path) -> None:
    env = environment(tmp_path)
    buffer = io.StringIO()
    console = make_console({"NO_COLOR": "1"}, file=buffer)
    console.width = 10_000
    found = SimpleNamespace(aws=None, cli=None, files=None)
    ctx: Any = SimpleNamespace(ui=UI(console), env=env, progress=SimpleNamespace(profile="dev"),
                               found=found)  # fmt: skip
    after_login(ctx)
    assert buffer.getvalue() == ""
    (env.home / ".vscode" / "extensions" / "amazonwebservices.aws-toolkit-vscode-3.1.0").mkdir(
        parents=True
    )
    after_login(ctx)
    out = buffer.getvalue()
    assert "Some tools here cannot read profile dev yet:" in out
    assert "AWS Toolkit for VS Code 3.1.0" in out
    assert "    code --install-extension amazonwebservices.aws-toolkit-vscode --force\n" in out


# --------------------------------------------------------------------------- the command


def run_tools(tmp_path: Path, *args: str, path: str = "") -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    project = tmp_path / "project"
    env = {
        "HOME": str(home),
        "PATH": path,
        "AWS_CONFIG_FILE": str(home / ".aws" / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / ".aws" / "credentials"),
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        "COLUMNS": "200",
    }
    if "SYSTEMROOT" in os.environ:
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    return subprocess.run(
        [*helper_command(), "tools", *args],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_the_installed_command_reports_and_exits_1_on_a_problem(tmp_path: Path) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    (env.home / ".aws").mkdir()
    (env.home / ".aws" / "config").write_text(
        "[profile dev]\nlogin_session = arn:aws:iam::123456789012:user/dev\n", encoding="utf-8"
    )
    venv(env.cwd / ".venv", {"botocore": "1.42.0"})
    result = run_tools(tmp_path, "--profile", "dev")
    assert result.returncode == 1, result.stderr
    assert "X Python virtual environment" in result.stdout
    assert "-m pip install 'botocore[crt]'" in result.stdout
    as_json = run_tools(tmp_path, "--profile", "dev", "--json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["login_session"] is True


def test_the_installed_command_exits_0_when_all_can_and_14_for_no_such_profile(
    tmp_path: Path,
) -> None:
    env = environment(tmp_path)
    assert env.cwd is not None
    venv(env.cwd / ".venv", {"botocore": "1.42.0", "awscrt": "0.29.1"})
    result = run_tools(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✓ Python virtual environment" in result.stdout
    missing = run_tools(tmp_path, "--profile", "nosuch")
    assert missing.returncode == 14  # NOT_FOUND, like `bridge` and `retire-keys`
    assert "There is no profile nosuch in " in missing.stderr
    assert "awslogin-helper --profile nosuch" in missing.stderr


def test_pips_long_path_launcher_is_followed_to_its_python(tmp_path: Path) -> None:
    # pip writes `#!/bin/sh` + `'''exec' /long/path/python "$0" "$@"` when the path is long.
    venv(tmp_path / "cli", {"awscli": "2.9.19"})
    python = tmp_path / "cli" / "bin" / "python"
    launcher = f"#!/bin/sh\n'''exec' {python} \"$0\" \"$@\"\n' '''\nimport sys\n"
    executable(tmp_path / "cli" / "bin" / "aws", launcher)
    found = only(scan("dev", environment(tmp_path, tmp_path / "cli" / "bin"), None), "aws-cli")
    assert found.version == "2.9.19"


def test_a_listing_stops_at_its_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from awslogin_helper.tools import fsread

    for n in range(30):
        (tmp_path / f"f{n}").touch()
    monkeypatch.setattr(fsread, "MAX_ENTRIES", 10)
    assert len(fsread.entries(tmp_path)) == 10
