"""The exact commands that bring this machine to the current AWS CLI v2, grouped. Pure.

For each install method (`detect`) on each operating system and processor: what must go (v1
cannot be upgraded to v2; a distribution package lags behind), how to install or update v2
the vendor's way (AWS's installers from AWS's own URLs, user-level where no administrator
rights are wanted; `brew upgrade awscli`; `aws update` for installer copies from 2.36.0), and
the line that makes the new one win on PATH in the user's shell. Every value inside a command
is quoted by `quoting`; each step says whether it needs elevation. A step's commands carry
the argument lists that run them (`Command.argv`) only where the helper may run them itself:
no elevation, the vendor's documented steps, the tool found on PATH.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

from packaging.version import Version

from awslogin_helper.checks.versions import INSTALL_GUIDE
from awslogin_helper.quoting import quote, quote_string, shell_command
from awslogin_helper.shells import startup_file
from awslogin_helper.upgrade.detect import Install, Method
from awslogin_helper.upgrade.model import TMP, Command, Group, Host, Plan, Step
from awslogin_helper.upgrade.summary import notes, summary
from awslogin_helper.words import _, tr

BASE_URL = "https://awscli.amazonaws.com/"
LINUX_ZIP = {"x86_64": "awscli-exe-linux-x86_64.zip", "aarch64": "awscli-exe-linux-aarch64.zip"}
MAC_PKG = BASE_URL + "AWSCLIV2.pkg"
WINDOWS_MSI = BASE_URL + "AWSCLIV2.msi"
# `aws update` exists from this release on, for copies from AWS's installers only.
SELF_UPDATE = Version("2.36.0")
_ZIP = "awscliv2.zip"


def normalise_machine(machine: str) -> str:
    lowered = machine.lower()
    if lowered in ("x86_64", "amd64", "x64"):
        return "x86_64"
    if lowered in ("aarch64", "arm64", "armv8l"):
        return "aarch64"
    return lowered


def _as_admin(elevated: bool) -> list[str]:
    """The prefix of a command the user runs with administrator rights: printed, never run."""
    return ["sudo"] if elevated else []


def _cmd(host: Host, shown: Sequence[str], argv: tuple[str, ...] | None) -> Command:
    return Command(shell_command(shown, "fish" if host.syntax == "fish" else "posix"), argv)


def _cd_tmp(host: Host) -> Command:
    return Command("cd (mktemp -d)" if host.syntax == "fish" else 'cd "$(mktemp -d)"', ())


def _linux_installer(host: Host, install_dir: str, bin_dir: str, *, update: bool) -> Step:
    name = LINUX_ZIP.get(host.machine)
    if name is None:
        return Step(
            Group.INSTALL,
            tr(
                "AWS has no installer for this processor ({machine}); see the install guide: {url}",
                machine=host.machine,
                url=INSTALL_GUIDE,
            ),
        )
    flags = ["--install-dir", install_dir, "--bin-dir", bin_dir, *(["--update"] if update else [])]
    curl = host.tool("curl", "-fsSL", BASE_URL + name, "-o", f"{TMP}/{_ZIP}")
    unzip = host.tool("unzip", "-q", f"{TMP}/{_ZIP}", "-d", TMP)
    elevated = not _under(install_dir, host.home)
    run = (f"{TMP}/aws/install", *flags)
    commands = (
        _cd_tmp(host),
        # An elevated step is shown, never run (argv None; the runner refuses sudo anyway).
        _cmd(host, ["curl", "-fsSL", BASE_URL + name, "-o", _ZIP], None if elevated else curl),
        _cmd(host, ["unzip", "-q", _ZIP], None if elevated else unzip),
        _cmd(host, [*_as_admin(elevated), "./aws/install", *flags], None if elevated else run),
    )
    title = (
        tr(
            "Update it with AWS's installer, in {path} (needs administrator rights):",
            path=install_dir,
        )
        if elevated
        else _("Install the current AWS CLI v2 into your home directory (no administrator rights):")
    )
    return Step(Group.INSTALL, title, commands, elevated=elevated, in_tmp=True)


def _mac_user_pkg(host: Host) -> Step:
    """AWS's documented per-user install: a choices file naming the folder, then `installer`."""
    choices = (
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"'
        ' "http://www.apple.com/DTDs/PropertyList-1.0.dtd"><plist version="1.0"><array><dict>'
        "<key>choiceAttribute</key><string>customLocation</string><key>attributeSetting</key>"
        f"<string>{host.home}</string><key>choiceIdentifier</key><string>default</string>"
        "</dict></array></plist>"
    )
    bin_dir = host.home + "/.local/bin"
    installed = host.home + "/aws-cli"
    shell = "fish" if host.syntax == "fish" else "posix"
    commands = (
        _cd_tmp(host),
        Command(f"printf %s {quote(choices, shell)} > choices.xml"),
        _cmd(host, ["curl", "-fsSL", MAC_PKG, "-o", "AWSCLIV2.pkg"], None),
        _cmd(
            host,
            [
                "installer",
                *("-pkg", "AWSCLIV2.pkg", "-target", "CurrentUserHomeDirectory"),
                *("-applyChoiceChangesXML", "choices.xml"),
            ],
            None,
        ),
        _cmd(host, ["mkdir", "-p", bin_dir], None),
        _cmd(host, ["ln", "-sf", installed + "/aws", bin_dir + "/aws"], None),
        _cmd(host, ["ln", "-sf", installed + "/aws_completer", bin_dir + "/aws_completer"], None),
    )
    return Step(
        Group.INSTALL,
        _("Install it with AWS's macOS package, for your user only (no administrator rights):"),
        commands,
        in_tmp=True,
    )


def _fresh_install(host: Host) -> tuple[Step, str | None]:
    """Install v2 where there is none worth keeping: (the step, where its `aws` will be)."""
    if host.system == "windows":
        return _msi(host), None
    if host.system == "darwin":
        if host.tools.get("brew"):
            brew = host.tool("brew", "install", "awscli")
            step = Step(
                Group.INSTALL,
                _("Install it with Homebrew:"),
                (_cmd(host, ["brew", "install", "awscli"], brew),),
            )
            return step, posixpath.join(posixpath.dirname(host.tools["brew"]), "aws")
        return _mac_user_pkg(host), host.home + "/.local/bin/aws"
    bin_dir = host.home + "/.local/bin"
    step = _linux_installer(host, host.home + "/.local/aws-cli", bin_dir, update=False)
    return step, bin_dir + "/aws"


def _msi(host: Host) -> Step:
    return Step(
        Group.INSTALL,
        _("Install it with AWS's Windows installer (needs administrator rights):"),
        (Command(shell_command(["msiexec.exe", "/i", WINDOWS_MSI], host.syntax)),),
        elevated=True,
    )


def _under(path: str, home: str) -> bool:
    return path.startswith(home.rstrip("/") + "/")


def _update_in_place(
    found: Install, host: Host, version: Version | None
) -> tuple[Step, str | None]:
    """Installer, Homebrew, snap and MSI copies are updated where they are."""
    method, path = found.method, found.path
    if method is Method.HOMEBREW:
        brew = (found.brew_prefix or "") + "/bin/brew"
        return (
            Step(
                Group.INSTALL,
                _("Update it with Homebrew:"),
                (_cmd(host, ["brew", "upgrade", "awscli"], (brew, "upgrade", "awscli")),),
            ),
            path,
        )
    if method is Method.SNAP:
        return (
            Step(
                Group.INSTALL,
                _("Update it with snap (needs administrator rights):"),
                (Command(shell_command([*_as_admin(True), "snap", "refresh", "aws-cli"])),),
                elevated=True,
            ),
            path,
        )
    if method is Method.MSI:
        return _msi(host), path
    assert path is not None
    if version is not None and version >= SELF_UPDATE:
        return (
            Step(
                Group.INSTALL,
                _("Update it with its own command:"),
                (_cmd(host, ["aws", "update"], (path, "update")),),
                elevated=not found.user_owned,
            ),
            path,
        )
    install_dir = found.install_dir or "/usr/local/aws-cli"
    bin_dir = found.bin_dir or posixpath.dirname(path)
    if host.system == "darwin" and not found.user_owned:
        return (
            Step(
                Group.INSTALL,
                _("Update it with AWS's macOS package (needs administrator rights):"),
                (
                    _cmd(host, ["curl", "-fsSL", MAC_PKG, "-o", "AWSCLIV2.pkg"], None),
                    Command(
                        shell_command(
                            [*_as_admin(True), "installer", "-pkg", "AWSCLIV2.pkg", "-target", "/"]
                        )
                    ),
                ),
                elevated=True,
            ),
            path,
        )
    if host.system == "darwin":
        return _mac_user_pkg(host), host.home + "/.local/bin/aws"
    return _linux_installer(host, install_dir, bin_dir, update=True), bin_dir + "/aws"


def _removal(found: Install, host: Host) -> Step | None:
    """What must go first: v1 from pip or pipx, a lagging distribution package."""
    if found.method is Method.PIP:
        v1 = found.major == 1
        title = (
            tr(
                "Remove the AWS CLI v1 that {tool} installed (v1 cannot be upgraded to v2):",
                tool="pip",
            )
            if v1
            else tr("Remove the AWS CLI that {tool} installed:", tool="pip")
        )
        uninstall = ("-m", "pip", "uninstall", "-y", "awscli")
        if found.python is None:
            pyenv = host.tool("pyenv", "exec", "python", *uninstall)
            shown = ["pyenv", "exec", "python", *uninstall]
            return Step(Group.REMOVE, title, (_cmd(host, shown, pyenv),))
        elevated = not found.user_owned
        shown = [*_as_admin(elevated), found.python, *uninstall]
        argv = None if elevated else (found.python, *uninstall)
        return Step(Group.REMOVE, title, (_cmd(host, shown, argv),), elevated=elevated)
    if found.method is Method.PIPX:
        title = tr(
            "Remove the AWS CLI v1 that {tool} installed (v1 cannot be upgraded to v2):",
            tool="pipx",
        )
        pipx = host.tool("pipx", "uninstall", "awscli")
        return Step(Group.REMOVE, title, (_cmd(host, ["pipx", "uninstall", "awscli"], pipx),))
    if found.method is Method.DISTRO:
        manager = found.package_manager or "apt"
        return Step(
            Group.REMOVE,
            _(
                "Optional: remove the distribution's package, which lags behind (needs "
                "administrator rights; the new one comes first on PATH anyway):"
            ),
            (Command(shell_command([*_as_admin(True), manager, "remove", "awscli"])),),
            elevated=True,
            optional=True,
        )
    return None


def path_line(shell: str, directory: str) -> str:
    """The line that puts `directory` first on PATH in `shell` (`$PATH` still expands)."""
    if shell == "fish":
        return f"set -gx PATH {quote(directory, 'fish')} $PATH"
    if shell == "powershell":
        return f"$Env:Path = {quote_string(directory + ';', 'powershell')} + $Env:Path"
    if shell == "cmd":
        return f'set "PATH={directory};%PATH%"'
    return f'export PATH={quote(directory)}:"$PATH"'


def _wins(host: Host, new_aws: str, removed: str | None) -> bool:
    """Whether `new_aws` is what a new terminal's `aws` will run (after `removed` is gone)."""
    directory = posixpath.dirname(new_aws)
    if directory not in host.path_dirs:
        return False
    for other in host.aws_on_path:
        if other == new_aws:
            return True
        if other != removed:
            return False
    return True


def _path_step(host: Host, directory: str, title_values: Mapping[str, str] | None = None) -> Step:
    file = startup_file(host.syntax, host.login_shell)
    line = Command(path_line(host.syntax, directory))
    if title_values:
        title = tr(
            "Put the directory of AWS CLI {version} first on PATH: add this line to {file}, "
            "then open a new terminal:",
            file=file or "$PROFILE",
            **title_values,
        )
    elif file:
        title = tr(
            "Make it the {aws} your shell runs: add this line to {file}, then open a new terminal:",
            aws="`aws`",
            file=file,
        )
    else:
        title = tr("Make it the {aws} this terminal runs:", aws="`aws`")
    return Step(Group.PATH, title, (line,))


def make_plan(
    found: Install,
    host: Host,
    *,
    version: Version | None = None,
    newer: tuple[str, str] | None = None,
) -> Plan:
    """The plan for `found` on `host`.

    `newer` is (version, path) of a fitting `aws` later on PATH: then it only has to win.
    """
    steps: list[Step] = []
    removal = _removal(found, host)
    if newer is not None:
        # Shadowed: the fitting one is there already; it only has to come first.
        if removal is not None:
            steps.append(
                Step(Group.REMOVE, removal.title, removal.commands, removal.elevated, True)
            )
        steps.append(_path_step(host, posixpath.dirname(newer[1]), {"version": newer[0]}))
        return Plan(found, summary(found), tuple(steps), newer[1], notes(found))
    if removal is not None:
        steps.append(removal)
    if found.method in (Method.INSTALLER, Method.HOMEBREW, Method.SNAP, Method.MSI):
        install, new_aws = _update_in_place(found, host, version)
    else:
        install, new_aws = _fresh_install(host)
    steps.append(install)
    if not install.commands:
        new_aws = None  # no installer here: nothing to put on PATH
    removed = found.path if removal is not None and not removal.optional else None
    if new_aws is not None and host.system != "windows" and not _wins(host, new_aws, removed):
        steps.append(_path_step(host, posixpath.dirname(new_aws)))
    return Plan(found, summary(found), tuple(steps), new_aws, notes(found))
