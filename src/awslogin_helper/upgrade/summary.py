"""One sentence on how the `aws` found was installed, and the notes that go with a plan."""

from __future__ import annotations

from awslogin_helper.upgrade.detect import Install, Method
from awslogin_helper.words import N_, _, tr

# Marked only: translated where shown.
_PLAIN = {
    Method.SNAP: N_("It was installed with snap."),
    Method.MSI: N_("It was installed with AWS's Windows installer."),
}


def summary(found: Install) -> str:
    """How it was installed, in the current language (paths and tool names are values)."""
    method, path = found.method, found.target or found.path or ""
    if found.problem is not None or method is Method.MISSING:
        # No `aws` at all: the verdict just said so (said once), nothing to add.
        return (
            tr("{path} on your PATH is {problem}.", path=found.path, problem=_(found.problem))
            if found.problem is not None
            else ""
        )
    if method is Method.INSTALLER:
        return tr("It was installed with AWS's installer, in {path}.", path=found.install_dir)
    if method is Method.HOMEBREW:
        return tr("It was installed with Homebrew ({path}).", path=found.brew_prefix)
    if method is Method.PIP and found.pyenv:
        return tr("It was installed with pip in a pyenv Python ({path}).", path=found.path)
    if method is Method.PIP and found.python:
        return tr(
            "It was installed with pip, in the Python environment of {python}.",
            python=found.python,
        )
    if method is Method.PIPX:
        return tr("It was installed with pipx ({path}).", path=path)
    if method is Method.DISTRO:
        package = "awscli"
        if found.certain:
            return tr(
                "It comes from the distribution's {package} package ({manager}), which lags "
                "behind AWS's releases.",
                package=package,
                manager=found.package_manager,
            )
        return tr(
            "It probably comes from the distribution's {package} package ({manager}), which "
            "lags behind AWS's releases.",
            package=package,
            manager=found.package_manager,
        )
    if method in _PLAIN:
        return _(_PLAIN[method])
    return tr(
        "How {path} was installed is unknown: remove it the way it was installed, or let the "
        "new one come first on PATH.",
        path=path,
    )


def notes(found: Install) -> tuple[str, ...]:
    if found.container:
        return (
            _(
                "This is a container: put the AWS CLI into its image too (the Dockerfile), or "
                "the change is lost with the container."
            ),
        )
    return ()
