"""How the `aws` found was installed, told from fabricated layouts under a fake filesystem root."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from awslogin_helper.upgrade.detect import (
    BROKEN_LINK,
    DIRECTORY,
    LINK_LOOP,
    NOT_EXECUTABLE,
    Layout,
    Method,
    OnPath,
    detect,
    every_aws,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX layouts with symlinks")

HOME = "/home/dev"
V1 = "aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11"
V2_EXE = "aws-cli/2.16.9 Python/3.11.8 Linux/6.8.0-1008-aws exe/x86_64.ubuntu.24"
V2_DEBIAN = "aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off"
V2_BREW = "aws-cli/2.28.10 Python/3.13.6 Darwin/24.6.0 source/arm64"
V2_MSI = "aws-cli/2.7.24 Python/3.8.8 Windows/10 exe/AMD64 prompt/off"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "root"


def layout(root: Path, **kwargs: object) -> Layout:
    return Layout(root=root, home=Path(HOME), **kwargs)  # type: ignore[arg-type]


def put(root: Path, path: str, text: str = "#!/bin/sh\n", mode: int = 0o755) -> None:
    where = root / path.lstrip("/")
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text(text, encoding="utf-8")
    where.chmod(mode)


def link(root: Path, path: str, target: str) -> None:
    where = root / path.lstrip("/")
    where.parent.mkdir(parents=True, exist_ok=True)
    where.symlink_to(target)


def installer_tree(root: Path, install_dir: str, bin_dir: str) -> None:
    """What `./aws/install -i DIR -b BIN` leaves: absolute links, `current` to the version."""
    put(root, f"{install_dir}/v2/2.16.9/dist/aws")
    link(root, f"{install_dir}/v2/2.16.9/bin/aws", f"{install_dir}/v2/2.16.9/dist/aws")
    link(root, f"{install_dir}/v2/current", f"{install_dir}/v2/2.16.9")
    link(root, f"{bin_dir}/aws", f"{install_dir}/v2/current/bin/aws")


def test_official_installer_in_usr_local_is_found_through_its_links(root: Path) -> None:
    installer_tree(root, "/usr/local/aws-cli", "/usr/local/bin")
    found = detect(layout(root), "/usr/local/bin/aws", V2_EXE)
    assert found.method is Method.INSTALLER
    assert (found.install_dir, found.bin_dir) == ("/usr/local/aws-cli", "/usr/local/bin")
    assert found.target == "/usr/local/aws-cli/v2/2.16.9/dist/aws"
    assert not found.user_owned  # /usr/local is root's: updating it needs sudo


def test_installer_with_install_dir_in_home_is_the_users(root: Path) -> None:
    installer_tree(root, f"{HOME}/.local/aws-cli", f"{HOME}/.local/bin")
    found = detect(layout(root), f"{HOME}/.local/bin/aws", V2_EXE)
    assert found.method is Method.INSTALLER
    assert found.install_dir == f"{HOME}/.local/aws-cli"
    assert found.user_owned


def test_homebrew_cellar_behind_a_relative_link(root: Path) -> None:
    put(root, "/opt/homebrew/Cellar/awscli/2.28.10/bin/aws")
    link(root, "/opt/homebrew/bin/aws", "../Cellar/awscli/2.28.10/bin/aws")
    found = detect(layout(root, platform="darwin"), "/opt/homebrew/bin/aws", V2_BREW)
    assert found.method is Method.HOMEBREW
    assert found.brew_prefix == "/opt/homebrew"
    assert found.user_owned  # brew never wants root


def test_pip_v1_in_a_virtual_environment_names_its_interpreter(root: Path) -> None:
    put(root, f"{HOME}/venvs/tools/pyvenv.cfg", "home = /usr/bin\n")
    put(root, f"{HOME}/venvs/tools/bin/aws", f"#!{HOME}/venvs/tools/bin/python\n")
    found = detect(layout(root), f"{HOME}/venvs/tools/bin/aws", V1)
    assert found.method is Method.PIP
    assert found.python == f"{HOME}/venvs/tools/bin/python"
    assert found.major == 1
    assert found.user_owned


def test_pip_user_site_in_local_bin_reads_the_shebang(root: Path) -> None:
    put(root, f"{HOME}/.local/bin/aws", "#!/usr/bin/python3\nimport awscli\n")
    found = detect(layout(root), f"{HOME}/.local/bin/aws", V1)
    assert found.method is Method.PIP
    assert found.python == "/usr/bin/python3"
    assert found.user_owned  # the script is in the home directory: `--user` site


def test_a_big_script_is_still_read_by_its_first_line(root: Path) -> None:
    # Only the first line counts: a script with its program inside may be of any size.
    body = f"#!{HOME}/.pyenv/versions/3.11.7/bin/python\n" + "# padding\n" * 20_000
    put(root, f"{HOME}/.local/bin/aws", body)
    found = detect(layout(root), f"{HOME}/.local/bin/aws", V1)
    assert found.method is Method.PIP
    assert found.python == f"{HOME}/.pyenv/versions/3.11.7/bin/python"


def test_pip_into_an_environment_in_the_home_is_the_users(root: Path) -> None:
    # The script was linked or copied outside the home; pip changes the venv it belongs to.
    put(root, f"{HOME}/venvs/aws/pyvenv.cfg", "home = /usr/bin\n")
    put(root, "/opt/tools/bin/aws", f"#!{HOME}/venvs/aws/bin/python\n")
    found = detect(layout(root), "/opt/tools/bin/aws", V1)
    assert found.method is Method.PIP
    assert found.python == f"{HOME}/venvs/aws/bin/python"
    assert found.user_owned  # no sudo for `python -m pip uninstall`


def test_pip_into_the_system_python_needs_root(root: Path) -> None:
    put(root, "/usr/local/bin/aws", "#!/usr/bin/python3\n")
    found = detect(layout(root), "/usr/local/bin/aws", V1)
    assert found.method is Method.PIP
    assert not found.user_owned


def test_pyenv_shim_resolves_the_selected_version(root: Path) -> None:
    put(root, f"{HOME}/.pyenv/shims/aws")
    put(root, f"{HOME}/.pyenv/version", "3.11.7\n")
    put(root, f"{HOME}/.pyenv/versions/3.11.7/bin/aws", "#!python\n")
    found = detect(layout(root), f"{HOME}/.pyenv/shims/aws", V1)
    assert found.method is Method.PIP
    assert found.pyenv
    assert found.python == f"{HOME}/.pyenv/versions/3.11.7/bin/python"


def test_pyenv_version_variable_beats_the_file(root: Path) -> None:
    put(root, f"{HOME}/.pyenv/shims/aws")
    put(root, f"{HOME}/.pyenv/version", "3.11.7\n")
    put(root, f"{HOME}/.pyenv/versions/3.12.1/bin/aws")
    found = detect(layout(root, env={"PYENV_VERSION": "3.12.1"}), f"{HOME}/.pyenv/shims/aws", V1)
    assert found.python == f"{HOME}/.pyenv/versions/3.12.1/bin/python"


def test_pyenv_shim_without_a_matching_version_is_a_guess(root: Path) -> None:
    put(root, f"{HOME}/.pyenv/shims/aws")
    found = detect(layout(root), f"{HOME}/.pyenv/shims/aws", V1)
    assert found.method is Method.PIP
    assert found.python is None
    assert not found.certain


def test_pipx_venv(root: Path) -> None:
    put(root, f"{HOME}/.local/share/pipx/venvs/awscli/bin/aws", "#!/x/python\n")
    link(root, f"{HOME}/.local/bin/aws", f"{HOME}/.local/share/pipx/venvs/awscli/bin/aws")
    found = detect(layout(root), f"{HOME}/.local/bin/aws", V1)
    assert found.method is Method.PIPX


def test_debian_package_from_dpkg_file_list(root: Path) -> None:
    put(root, "/usr/bin/aws", "#!/usr/bin/python3\n")
    put(root, "/var/lib/dpkg/info/awscli.list", "/.\n/usr\n/usr/bin\n/usr/bin/aws\n", 0o644)
    found = detect(layout(root), "/usr/bin/aws", V2_DEBIAN)
    assert found.method is Method.DISTRO
    assert found.package_manager == "apt"
    assert found.certain
    assert not found.user_owned


def test_debian_package_from_the_dpkg_status_entry(root: Path) -> None:
    put(root, "/usr/bin/aws", "#!/usr/bin/python3\n")
    status = (
        "Package: bash\nStatus: install ok installed\n\n"
        "Package: awscli\nStatus: install ok installed\nVersion: 2.9.19-1\n\n"
    )
    put(root, "/var/lib/dpkg/status", status, 0o644)
    assert detect(layout(root), "/usr/bin/aws", V2_DEBIAN).method is Method.DISTRO


def test_removed_package_in_dpkg_status_is_not_the_owner(root: Path) -> None:
    put(root, "/usr/bin/aws", "#!/bin/sh\n")
    put(root, "/var/lib/dpkg/status", "Package: awscli\nStatus: deinstall ok config-files\n")
    assert detect(layout(root), "/usr/bin/aws", V2_DEBIAN).method is Method.UNKNOWN


def test_fedora_package_is_only_probable(root: Path) -> None:
    put(root, "/usr/bin/aws", "#!/bin/sh\n")
    put(root, "/etc/fedora-release", "Fedora release 40\n", 0o644)
    found = detect(layout(root), "/usr/bin/aws", V2_DEBIAN)
    assert (found.method, found.package_manager, found.certain) == (Method.DISTRO, "dnf", False)


def test_snap(root: Path) -> None:
    put(root, "/snap/aws-cli/current/bin/aws")
    link(root, "/snap/bin/aws", "/snap/aws-cli/current/bin/aws")
    assert detect(layout(root), "/snap/bin/aws", V2_EXE).method is Method.SNAP


def test_windows_msi_from_the_path_and_the_version_line(root: Path) -> None:
    win = layout(root, platform="win32")
    msi = r"C:\Program Files\Amazon\AWSCLIV2\aws.exe"
    assert detect(win, msi, V2_MSI).method is Method.MSI
    assert detect(win, msi, None).method is Method.MSI
    pip = detect(win, r"C:\Users\dev\venv\Scripts\aws.cmd", V1)
    assert (pip.method, pip.python) == (Method.PIP, r"C:\Users\dev\venv\Scripts\python.exe")


def test_container_is_noted(root: Path) -> None:
    put(root, "/.dockerenv", "", 0o644)
    assert detect(layout(root), None).container
    assert not detect(layout(root / "elsewhere"), None).container


def test_missing_and_unknown(root: Path) -> None:
    assert detect(layout(root), None).method is Method.MISSING
    put(root, "/opt/tools/aws", "\x7fELF")
    found = detect(layout(root), "/opt/tools/aws", "aws-cli/2.1.0 something-new/9")
    assert (found.method, found.certain) == (Method.UNKNOWN, False)


def test_bad_entries_on_path_say_what_is_wrong(root: Path) -> None:
    link(root, "/a/aws", "/nowhere/aws")
    (root / "b" / "aws").mkdir(parents=True)
    put(root, "/c/aws", mode=0o644)
    link(root, "/d/aws", "/d/aws2")
    link(root, "/d/aws2", "/d/aws")
    put(root, "/e/aws")
    found = every_aws(layout(root), ["/a", "/b", "/c", "/d", "/e", "/f"])
    assert found == [
        OnPath("/a/aws", BROKEN_LINK),
        OnPath("/b/aws", DIRECTORY),
        OnPath("/c/aws", NOT_EXECUTABLE),
        OnPath("/d/aws", LINK_LOOP),
        OnPath("/e/aws", None),
    ]


def test_a_broken_installer_link_is_reported_not_followed_out_of_root(root: Path) -> None:
    link(root, "/usr/local/bin/aws", "/usr/local/aws-cli/v2/current/bin/aws")
    found = detect(layout(root), "/usr/local/bin/aws")
    assert found.problem == BROKEN_LINK


def test_a_fifo_as_the_script_does_not_block(root: Path) -> None:
    (root / "x").mkdir(parents=True)
    os.mkfifo(root / "x" / "aws")
    found = detect(layout(root), "/x/aws", V1)
    assert found.problem == NOT_EXECUTABLE
    assert found.method is Method.UNKNOWN
