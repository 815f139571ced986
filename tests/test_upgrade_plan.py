"""The exact commands for each install method, operating system, processor and shell."""

from __future__ import annotations

import pytest
from packaging.version import Version

from awslogin_helper.upgrade.detect import Install, Method
from awslogin_helper.upgrade.model import Group, Host, Plan
from awslogin_helper.upgrade.plan import make_plan, normalise_machine, path_line

HOME = "/home/dev"
MAC_HOME = "/Users/dev"
LINUX_TOOLS = {"curl": "/usr/bin/curl", "unzip": "/usr/bin/unzip", "mktemp": "/usr/bin/mktemp"}
USER_INSTALL = [
    'cd "$(mktemp -d)"',
    "curl -fsSL https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip -o awscliv2.zip",
    "unzip -q awscliv2.zip",
    f"./aws/install --install-dir {HOME}/.local/aws-cli --bin-dir {HOME}/.local/bin",
]
PATH_LINE = f'export PATH={HOME}/.local/bin:"$PATH"'


def linux(**kwargs: object) -> Host:
    values: dict[str, object] = {
        "system": "linux",
        "machine": "x86_64",
        "home": HOME,
        "login_shell": "/bin/bash",
        "path_dirs": ("/usr/local/bin", "/usr/bin", "/bin"),
        "tools": LINUX_TOOLS,
    }
    values.update(kwargs)
    return Host(**values)  # type: ignore[arg-type]


def shown(plan: Plan) -> dict[Group, list[str]]:
    out: dict[Group, list[str]] = {}
    for step in plan.steps:
        out.setdefault(step.group, []).extend(c.shown for c in step.commands)
    return out


def test_pip_v1_in_a_venv_is_uninstalled_with_its_interpreter_then_v2_installed() -> None:
    found = Install(
        Method.PIP,
        f"{HOME}/venv/bin/aws",
        f"{HOME}/venv/bin/aws",
        major=1,
        python=f"{HOME}/venv/bin/python",
        user_owned=True,
    )
    host = linux(path_dirs=(f"{HOME}/venv/bin", "/usr/bin"), aws_on_path=(f"{HOME}/venv/bin/aws",))
    plan = make_plan(found, host)
    assert shown(plan) == {
        Group.REMOVE: [f"{HOME}/venv/bin/python -m pip uninstall -y awscli"],
        Group.INSTALL: USER_INSTALL,
        Group.PATH: [PATH_LINE],
    }
    assert plan.runnable
    assert plan.new_aws == f"{HOME}/.local/bin/aws"
    assert "v1 cannot be upgraded to v2" in plan.steps[0].title
    # The download runs before the removal: a failed download leaves v1 in place.
    order = [c.argv[0] if c.argv else "" for _s, c in plan.run_order()]
    assert order == [
        "/usr/bin/curl",
        "/usr/bin/unzip",
        f"{HOME}/venv/bin/python",
        "\x00tmp/aws/install",
    ]


def test_no_path_line_when_the_bin_dir_already_comes_first() -> None:
    found = Install(
        Method.PIP, f"{HOME}/.local/bin/aws", major=1, python="/usr/bin/python3", user_owned=True
    )
    host = linux(
        path_dirs=(f"{HOME}/.local/bin", "/usr/bin"), aws_on_path=(f"{HOME}/.local/bin/aws",)
    )
    plan = make_plan(found, host)
    assert Group.PATH not in shown(plan)  # the removed script's place is the new link's


def test_pip_into_a_system_python_is_printed_with_sudo_and_not_run() -> None:
    found = Install(Method.PIP, "/usr/local/bin/aws", major=1, python="/usr/bin/python3")
    plan = make_plan(found, linux())
    assert shown(plan)[Group.REMOVE] == ["sudo /usr/bin/python3 -m pip uninstall -y awscli"]
    assert plan.steps[0].elevated
    assert not plan.runnable


def test_pyenv_shim_without_a_known_version_uses_pyenv_exec() -> None:
    found = Install(Method.PIP, f"{HOME}/.pyenv/shims/aws", major=1, pyenv=True, user_owned=True)
    plan = make_plan(found, linux(tools={**LINUX_TOOLS, "pyenv": f"{HOME}/.pyenv/bin/pyenv"}))
    assert shown(plan)[Group.REMOVE] == ["pyenv exec python -m pip uninstall -y awscli"]
    assert plan.runnable


def test_pipx() -> None:
    found = Install(Method.PIPX, f"{HOME}/.local/bin/aws", major=1, user_owned=True)
    plan = make_plan(found, linux(tools={**LINUX_TOOLS, "pipx": "/usr/bin/pipx"}))
    assert shown(plan)[Group.REMOVE] == ["pipx uninstall awscli"]
    assert plan.runnable
    assert not make_plan(found, linux()).runnable  # no pipx on PATH: printed only


def test_debian_package_removal_is_printed_optional_and_the_install_runs() -> None:
    found = Install(Method.DISTRO, "/usr/bin/aws", package_manager="apt", major=2)
    plan = make_plan(found, linux(aws_on_path=("/usr/bin/aws",)))
    assert shown(plan) == {
        Group.REMOVE: ["sudo apt remove awscli"],
        Group.INSTALL: USER_INSTALL,
        Group.PATH: [PATH_LINE],
    }
    removal = plan.steps[0]
    assert removal.elevated and removal.optional
    assert plan.runnable  # the new one comes first on PATH: the package may stay
    assert all("sudo" not in c.shown for _s, c in plan.run_order())


def test_fedora_package_is_removed_with_dnf() -> None:
    found = Install(Method.DISTRO, "/usr/bin/aws", package_manager="dnf", certain=False)
    assert shown(make_plan(found, linux()))[Group.REMOVE] == ["sudo dnf remove awscli"]


def test_installer_in_usr_local_is_updated_in_place_with_sudo() -> None:
    found = Install(
        Method.INSTALLER,
        "/usr/local/bin/aws",
        install_dir="/usr/local/aws-cli",
        bin_dir="/usr/local/bin",
    )
    plan = make_plan(found, linux(machine="aarch64", aws_on_path=("/usr/local/bin/aws",)))
    assert shown(plan) == {
        Group.INSTALL: [
            'cd "$(mktemp -d)"',
            "curl -fsSL https://awscli.amazonaws.com/awscli-exe-linux-aarch64.zip -o awscliv2.zip",
            "unzip -q awscliv2.zip",
            "sudo ./aws/install --install-dir /usr/local/aws-cli --bin-dir /usr/local/bin --update",
        ]
    }
    assert not plan.runnable


def test_installer_in_home_is_updated_by_the_helper() -> None:
    found = Install(
        Method.INSTALLER,
        f"{HOME}/.local/bin/aws",
        install_dir=f"{HOME}/.local/aws-cli",
        bin_dir=f"{HOME}/.local/bin",
        user_owned=True,
    )
    host = linux(path_dirs=(f"{HOME}/.local/bin",), aws_on_path=(f"{HOME}/.local/bin/aws",))
    plan = make_plan(found, host)
    assert shown(plan)[Group.INSTALL][-1] == (
        f"./aws/install --install-dir {HOME}/.local/aws-cli --bin-dir {HOME}/.local/bin --update"
    )
    assert plan.runnable


def test_aws_update_for_installer_copies_from_2_36() -> None:
    found = Install(Method.INSTALLER, "/usr/local/bin/aws", install_dir="/usr/local/aws-cli")
    plan = make_plan(found, linux(), version=Version("2.36.0"))
    assert shown(plan) == {Group.INSTALL: ["aws update"]}
    assert plan.steps[0].elevated  # root's files


def test_homebrew_upgrade_runs_with_the_prefix_brew() -> None:
    found = Install(
        Method.HOMEBREW, "/opt/homebrew/bin/aws", brew_prefix="/opt/homebrew", user_owned=True
    )
    host = Host(
        "darwin",
        "aarch64",
        MAC_HOME,
        path_dirs=("/opt/homebrew/bin",),
        aws_on_path=("/opt/homebrew/bin/aws",),
    )
    plan = make_plan(found, host)
    assert shown(plan) == {Group.INSTALL: ["brew upgrade awscli"]}
    assert [c.argv for _s, c in plan.run_order()] == [
        ("/opt/homebrew/bin/brew", "upgrade", "awscli")
    ]


def test_macos_pip_v1_without_brew_gets_the_per_user_pkg_printed() -> None:
    found = Install(
        Method.PIP,
        f"{MAC_HOME}/venv/bin/aws",
        major=1,
        python=f"{MAC_HOME}/venv/bin/python",
        user_owned=True,
    )
    host = Host("darwin", "x86_64", MAC_HOME, syntax="posix", login_shell="/bin/zsh")
    plan = make_plan(found, host)
    install = shown(plan)[Group.INSTALL]
    assert install[2] == "curl -fsSL https://awscli.amazonaws.com/AWSCLIV2.pkg -o AWSCLIV2.pkg"
    assert install[3] == (
        "installer -pkg AWSCLIV2.pkg -target CurrentUserHomeDirectory -applyChoiceChangesXML choices.xml"
    )
    assert f"<string>{MAC_HOME}</string>" in install[1]
    assert install[1].endswith("> choices.xml")
    assert install[-2:] == [
        f"ln -sf {MAC_HOME}/aws-cli/aws {MAC_HOME}/.local/bin/aws",
        f"ln -sf {MAC_HOME}/aws-cli/aws_completer {MAC_HOME}/.local/bin/aws_completer",
    ]
    assert shown(plan)[Group.PATH] == [f'export PATH={MAC_HOME}/.local/bin:"$PATH"']
    assert "~/.zshrc" in plan.steps[-1].title
    assert not plan.runnable  # the choices file is the user's to write


def test_macos_missing_with_brew_installs_with_brew() -> None:
    host = Host(
        "darwin",
        "aarch64",
        MAC_HOME,
        tools={"brew": "/opt/homebrew/bin/brew"},
        path_dirs=("/opt/homebrew/bin",),
    )
    plan = make_plan(Install(Method.MISSING), host)
    assert shown(plan) == {Group.INSTALL: ["brew install awscli"]}
    assert plan.runnable


def test_macos_installer_for_all_users_needs_sudo() -> None:
    found = Install(Method.INSTALLER, "/usr/local/bin/aws", install_dir="/usr/local/aws-cli")
    plan = make_plan(
        found,
        Host(
            "darwin",
            "x86_64",
            MAC_HOME,
            aws_on_path=("/usr/local/bin/aws",),
            path_dirs=("/usr/local/bin",),
        ),
    )
    assert shown(plan)[Group.INSTALL] == [
        "curl -fsSL https://awscli.amazonaws.com/AWSCLIV2.pkg -o AWSCLIV2.pkg",
        "sudo installer -pkg AWSCLIV2.pkg -target /",
    ]


def test_windows_msi_and_missing_print_msiexec() -> None:
    host = Host("windows", "x86_64", r"C:\Users\dev", syntax="powershell")
    for found in (
        Install(Method.MSI, r"C:\Program Files\Amazon\AWSCLIV2\aws.exe"),
        Install(Method.MISSING),
    ):
        plan = make_plan(found, host)
        assert shown(plan) == {
            Group.INSTALL: ["msiexec.exe /i https://awscli.amazonaws.com/AWSCLIV2.msi"]
        }
        assert plan.steps[0].elevated and not plan.runnable


def test_snap_refresh_needs_sudo() -> None:
    plan = make_plan(
        Install(Method.SNAP, "/snap/bin/aws"),
        linux(path_dirs=("/snap/bin", "/usr/bin"), aws_on_path=("/snap/bin/aws",)),
    )
    assert shown(plan) == {Group.INSTALL: ["sudo snap refresh aws-cli"]}


def test_missing_on_linux_installs_into_home_and_fish_gets_its_own_lines() -> None:
    plan = make_plan(Install(Method.MISSING), linux(syntax="fish", login_shell="/usr/bin/fish"))
    lines = shown(plan)
    assert lines[Group.INSTALL][0] == "cd (mktemp -d)"
    assert lines[Group.PATH] == [f"set -gx PATH {HOME}/.local/bin $PATH"]
    assert "~/.config/fish/config.fish" in plan.steps[-1].title


def test_an_unsupported_processor_gets_the_guide_and_no_commands() -> None:
    plan = make_plan(Install(Method.MISSING), linux(machine=normalise_machine("s390x")))
    assert shown(plan) == {Group.INSTALL: []}
    assert "s390x" in plan.steps[0].title
    assert not plan.runnable


def test_shadowed_by_an_older_one_earlier_on_path_only_reorders_path() -> None:
    found = Install(
        Method.PIP,
        f"{HOME}/venv/bin/aws",
        major=1,
        python=f"{HOME}/venv/bin/python",
        user_owned=True,
    )
    plan = make_plan(found, linux(), newer=("2.34.50", "/opt/aws/bin/aws"))
    assert shown(plan) == {
        Group.REMOVE: [f"{HOME}/venv/bin/python -m pip uninstall -y awscli"],
        Group.PATH: ['export PATH=/opt/aws/bin:"$PATH"'],
    }
    assert "2.34.50" in plan.steps[-1].title
    assert plan.steps[0].optional
    assert not plan.runnable  # nothing to install: the PATH line is the user's to add


def test_values_are_quoted_for_the_shell() -> None:
    found = Install(
        Method.PIP,
        "/home/o'neil/v env/bin/aws",
        major=1,
        python="/home/o'neil/v env/bin/python",
        user_owned=True,
    )
    plan = make_plan(found, linux(home="/home/o'neil"))
    assert shown(plan)[Group.REMOVE] == [
        "'/home/o'\"'\"'neil/v env/bin/python' -m pip uninstall -y awscli"
    ]
    assert path_line("posix", "/a b") == "export PATH='/a b':\"$PATH\""
    assert path_line("powershell", r"C:\a b") == '$Env:Path = "C:\\a b;" + $Env:Path'


def test_machine_names_are_normalised() -> None:
    assert [normalise_machine(m) for m in ("AMD64", "x86_64", "arm64", "aarch64")] == [
        "x86_64",
        "x86_64",
        "aarch64",
        "aarch64",
    ]


@pytest.mark.parametrize(
    "found",
    [
        Install(Method.INSTALLER, "/usr/local/bin/aws", install_dir="/usr/local/aws-cli"),
        Install(Method.DISTRO, "/usr/bin/aws", package_manager="apt", certain=True),
        Install(Method.SNAP, "/snap/bin/aws"),
        Install(Method.PIP, "/usr/bin/aws", "/usr/bin/aws", major=1, python="/usr/bin/python3"),
    ],
    ids=lambda f: f.method.value,
)
@pytest.mark.parametrize("system", ["linux", "darwin"])
def test_an_elevated_step_is_printed_never_run(found: Install, system: str) -> None:
    plan = make_plan(found, linux(system=system))
    elevated = [c for s in plan.steps if s.elevated for c in s.commands]
    for command in elevated:
        assert not command.argv, command  # nothing the helper would run
        assert "sudo" not in (command.argv or ())
    for step in plan.steps:
        for command in step.commands:
            assert not command.argv or command.argv[0] != "sudo", command
