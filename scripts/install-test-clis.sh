#!/usr/bin/env bash
# Installs the real AWS CLIs that the real-CLI test tiers run, each in a virtual environment of
# its own under .tiers/ (never in the project's venv: a CLI in the tool's bin/ would be the
# first `aws` on PATH after `source .venv/bin/activate`, and the helper would refuse it).
#
#   .tiers/awscli-v1/bin/aws       the AWS CLI v1 from PyPI (tier realcli_v1)
#   .tiers/awscli-current/bin/aws  the AWS CLI v2 2.36.7 wheel in ../shared/vendor (tier
#                                  realcli_current), where that folder exists
#
# Then it prints the variables the tiers read, as lines for eval:
#   eval "$(bash scripts/install-test-clis.sh)"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
python="${PYTHON:-python3}"
tiers="$root/.tiers"
mkdir -p "$tiers"

venv_with() {  # venv_with DIR PIP-ARGS...: a venv holding just these packages
    local dir="$1"
    shift
    [ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
    "$dir/bin/python" -m pip install --disable-pip-version-check -q "$@"
}

venv_with "$tiers/awscli-v1" 'awscli>=1.32,<2'
say_export() {  # say_export NAME EXE: a line for `eval`, the CLI's version as a comment
    printf 'export %s=%q  # %s\n' "$1" "$2" "$("$2" --version 2>&1 </dev/null)"
}

say_export AWSLOGIN_HELPER_REAL_AWS_V1 "$tiers/awscli-v1/bin/aws"

wheel="$root/../shared/vendor/awscli-2.36.7-py3-none-any.whl"
if [ -f "$wheel" ]; then
    # The wheel is checked against the checksum shipped beside it before it is installed.
    (cd "$(dirname "$wheel")" && sha256sum -c --ignore-missing --quiet SHA256SUMS)
    venv_with "$tiers/awscli-current" "$wheel"
    say_export AWSLOGIN_HELPER_REAL_AWS "$tiers/awscli-current/bin/aws"
else
    echo "# no $wheel: the realcli_current tier will use an AWS CLI v2 >= 2.32.0 found on PATH" >&2
fi
