"""Nothing secret reaches the screen: redaction of AWS CLI output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from awslogin_helper.redact import (
    CREDENTIAL_PROCESS_FAILED,
    credential_process_failed,
    mask_key_id,
    redact,
)


def test_mask_key_id_keeps_last_four() -> None:
    assert mask_key_id("AKIAIOSFODNN7EXAMPLE") == "****MPLE"
    assert mask_key_id("abc") == "****"


def test_secret_key_session_token_and_pem_are_removed() -> None:
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    token = "IQoJb3JpZ2luX2VjEJr" + "A1b2C3d4" * 20
    text = (
        f"aws_secret_access_key = {secret}\n"
        f'"sessionToken": "{token}"\n'
        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIFAKE\n-----END EC PRIVATE KEY-----\n"
        f"stray {secret} and AKIAIOSFODNN7EXAMPLE\n"
    )
    out = redact(text)
    assert secret not in out
    assert token not in out
    assert "MHcCAQEEIFAKE" not in out
    assert "AKIAIOSFODNN7EXAMPLE" not in out
    assert "****MPLE" in out


def test_ordinary_messages_survive() -> None:
    text = (
        "Could not connect to the endpoint URL: "
        '"https://sts.us-east-1.amazonaws.com/" arn:aws:iam::123456789012:user/DevAdmin'
    )
    assert redact(text) == text


def test_paths_survive() -> None:
    text = (
        "Cannot read /tmp/pytest-of-root/pytest-16/test_configure_failed0/home/.aws/credentials"
        " or C:\\Users\\Developer\\AppData\\Roaming\\awslogin\\config"
    )
    assert redact(text) == text


def test_jwt_is_removed() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcm46YXdzOmlhbTo6MTIzIn0.c2lnbmF0dXJlLXZhbHVl"
    assert jwt not in redact(f"idToken {jwt}")


# --------------------------------------------------------------------------- by structure

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # AWS documentation example
HEX64 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
PASSWORD = "FAKEhunter2pw"
TOKEN = "FwoGZXIvYXdzEFAKESESSIONtoken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"--secret-access-key={SECRET}", SECRET),
        (f"--secret-access-key {SECRET}", SECRET),
        (f"key/{SECRET}", SECRET),
        (f'"{SECRET}"', SECRET),
        (f"={SECRET}=", SECRET),
        (f"SecretKey={PASSWORD}", PASSWORD),
        (f"aws_secret_key={PASSWORD}", PASSWORD),
        (f"secret={PASSWORD}", PASSWORD),
        (f"password={PASSWORD}", PASSWORD),
        (f"password: {PASSWORD}", PASSWORD),
        (f"db_passwd = {PASSWORD}", PASSWORD),
        (f"MYSQL_PWD={PASSWORD}", PASSWORD),
        (f"passphrase={PASSWORD}", PASSWORD),
        (f"Authorization: Bearer {PASSWORD}", PASSWORD),
        (f"authorization: Basic {PASSWORD}", PASSWORD),
        (f"Cookie: a=1; session={PASSWORD}", PASSWORD),
        (f"curl -H 'Authorization: Bearer {PASSWORD}'", PASSWORD),
        (f"Bearer {PASSWORD}", PASSWORD),
        (f"api_key={PASSWORD}", PASSWORD),
        (f"apiKey: {PASSWORD}", PASSWORD),
        (f'{{"client_secret": "{PASSWORD}"}}', PASSWORD),
        (f"{{'password': '{PASSWORD}'}}", PASSWORD),
        (f'{{"kty":"EC","crv":"P-256","x":"pub","d":"{PASSWORD}"}}', PASSWORD),
        (f'{{"password":"{PASSWORD}"}}', PASSWORD),
        (f'"{{\\"password\\": \\"{PASSWORD}\\"}}"', PASSWORD),
        (f"privateKey={PASSWORD}", PASSWORD),
        (f"X-Amz-Signature={HEX64}&X-Amz-Date=20240101T000000Z", HEX64),
        (f"sig {HEX64}", HEX64),
        (f"HMAC {HEX64}.", HEX64),
        (f"?X-Amz-Security-Token={TOKEN[:30]}%2F{TOKEN[30:60]}%2B{TOKEN[60:]}%3D&x=1", TOKEN[:30]),
        (f"?X-Amz-Security-Token={TOKEN[:30]}%2F{TOKEN[30:60]}%2B{TOKEN[60:]}%3D&x=1", TOKEN[60:]),
        ("?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1%2Fs3", "20240101"),
        (f"AWS_SECRET_ACCESS_KEY={SECRET}", SECRET),
        (f'export AWS_SESSION_TOKEN="{TOKEN}"', TOKEN),
        (f"$env:AWS_SESSION_TOKEN='{TOKEN}'", TOKEN),
        (f"session token {TOKEN} here", TOKEN),
        (f'"SecretAccessKey": "{SECRET}"', SECRET),
        (f"aws configure set aws_secret_access_key {SECRET}", SECRET),
        (f'{{"secret": "{SECRET.replace("/", chr(92) + "/")}"}}', "bPxRfiCYEXAMPLEKEY"),
        ("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIFAKEpem\nAwEHoUQDQgAE", "AwEHoUQDQgAE"),
        ('"dpopKey": "-----BEGIN EC PRIVATE KEY-----\\nMHcFAKEpem\\n-----END EC', "MHcFAKEpem"),
        ("-----BEGIN RSA PRIV", "RSA PRIV"),
    ],
)
def test_secret_in_each_shape_is_removed(text: str, secret: str) -> None:
    out = redact(text)
    assert secret not in out
    assert "[redacted]" in out or "****" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_access_key_id = ****MPLE"),
        ('"AccessKeyId": "ASIAFAKETEMPORARY567"', '"AccessKeyId": "****Y567"'),
        ("AWS_ACCESS_KEY_ID=AKIAFAKELONGTERM1234", "AWS_ACCESS_KEY_ID=****1234"),
        ("--access-key-id FAKEKEYIDVALUE99", "--access-key-id ****UE99"),
        ("access_key : ****************MPLE : env", "access_key : ****************MPLE : env"),
        ("secret_key : ****************EKEY : env", "secret_key : ****************EKEY : env"),
        ("Credential=AKIAIOSFODNN7EXAMPLE/2024", "Credential=[redacted]"),
        ("key AKIAIOSFODNN7EXAMPLE, and ASIAFAKETEMPORARY567.", "key ****MPLE, and ****Y567."),
    ],
)
def test_key_ids_keep_their_last_four(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Profile 'default' is already configured with Access Key credentials.",
        "the key type is RSA and the token cache lives in ~/.aws/sso/cache",
        "Error when retrieving token from sso: Token has expired and refresh failed",
        '"tokenType": "aws_sigv4", "expiresIn": 900',
        "key_type = rsa, token_type=Bearer, auth_type: sigv4",
        "credential_process = aws configure export-credentials --profile NAME --format process",
        "credential_source = Ec2InstanceMetadata",
        "AWS_SHARED_CREDENTIALS_FILE=/home/dev/.aws/credentials",
        "login_session = arn:aws:iam::123456789012:user/DevAdmin",
        "sso_session = my-sso",
        "role_session_name: dev-session",
        "A session: stdout shows it",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:MySecret-AbCdEf",
        "arn:aws:iam::aws:policy/SignInLocalDevelopmentAccess",
        "https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sign-in.html",
        "GET /v1/authorize?response_type=code&client_id=arn:aws:signin:::devtools/same-device",
        "Use a bearer token, see Basic Configuration and Token refresh.",
        "--password-stdin and --auth-type sigv4",
        '{"password": null, "secret": true}',
        "password=[redacted] and password: ****",
        "/home/dev/.aws/login/cache/" + HEX64 + ".json",
        "C:\\Users\\Dev\\.aws\\login\\cache\\" + HEX64 + ".json",
        "UUID 123e4567-e89b-12d3-a456-426614174000, account 123456789012, aws-cli/2.36.7",
        "/tmp/pytest-of-root/pytest-16/test_configure_failed0/home/.aws/credentials",
        "Products/MyProject/Components/AdminPanel",
        # RFC 7636's example code_challenge: 43 base64url characters, not a secret key.
        "https://us-east-1.signin.aws.amazon.com/v1/authorize?response_type=code&client_id="
        "arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fsame-device&state=3f1c2b7e-5d4a-4e8b-9c1d-"
        "2a6b7c8d9e0f&code_challenge_method=SHA-256&scope=openid&redirect_uri=http%3A%2F%2F"
        "127.0.0.1%3A53412%2Foauth%2Fcallback&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


def test_hex_is_masked_unless_it_is_a_cache_file_name() -> None:
    assert redact(f"digest {HEX64}.json") == "digest [redacted].json"
    assert redact(f"sha256:{HEX64}") == "sha256:[redacted]"
    assert redact(f"{HEX64[:32]}") == "[redacted]"
    assert redact(f"{HEX64[:31]}") == HEX64[:31]  # short hex (a commit prefix) stays


def _messages() -> list[str]:
    path = Path(__file__).with_name("aws_cli_messages.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


_KEY_ID = re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b")


def test_every_aws_cli_message_survives_redaction() -> None:
    """Every quoted message of the facts file and every real CLI line stays as it is."""
    messages = _messages()
    assert len(messages) > 250
    changed = []
    for message in messages:
        expected = _KEY_ID.sub(lambda m: mask_key_id(m.group(0)), message)
        if redact(message) != expected:
            changed.append((message, redact(message)))
    assert changed == []


def test_all_messages_together_survive_as_one_text() -> None:
    text = "\n".join(m for m in _messages() if not _KEY_ID.search(m))
    assert redact(text) == text


def test_redaction_is_idempotent() -> None:
    text = f"password={PASSWORD}\nAKIAIOSFODNN7EXAMPLE {SECRET} {TOKEN}\n-----BEGIN X-----\nab"
    once = redact(text)
    assert redact(once) == once


def test_whole_text_is_redacted_before_the_last_line_is_taken() -> None:
    from awslogin_helper.edges.runner import Completed
    from awslogin_helper.status.answers import check_identity

    stderr = "\naws: [ERROR]: -----BEGIN RSA PRIVATE KEY-----\nMIIEFAKEpemBODY\nAwEHoFAKEtail\n"
    outcome = Completed(["aws"], 255, "", stderr, 0.1)
    check = check_identity(outcome)
    assert check.detail is not None
    assert "FAKE" not in check.detail


def test_credential_process_failure_is_replaced_by_a_sentence() -> None:
    from awslogin_helper.edges.runner import Completed
    from awslogin_helper.status.answers import check_identity

    stderr = (
        "\naws: [ERROR]: Error when retrieving credentials from custom-process: "
        "get-creds --token plainFAKEtoken\nusage: get-creds --pin FAKE1234\n"
    )
    assert credential_process_failed(stderr)
    assert not credential_process_failed("aws: [ERROR]: Unable to locate credentials")
    check = check_identity(Completed(["aws"], 255, "", stderr, 0.1))
    # A catalog message now; its English (the `--json` text) is the sentence redact names.
    assert not isinstance(check.detail, str) and check.detail is not None
    assert check.detail.english() == CREDENTIAL_PROCESS_FAILED


@pytest.mark.parametrize(
    "hostile",
    [
        "a=" * 500_000,
        "-----BEGIN " * 100_000,
        "password=" * 120_000,
        '"token": "' * 100_000,
        "eyJ" * 350_000,
        "A" * 1_000_000,
        "a/" * 500_000,
        "%2F" * 350_000,
        "--password " * 100_000,
        "Bearer " * 150_000,
        ("x" * 39 + "/") * 25_000,
        "AKIA" * 250_000,
        "0123456789abcdef" * 65_000,
        '\\"' * 500_000,
    ],
    ids=lambda s: repr(s[:12]),
)
def test_hostile_megabyte_finishes(hostile: str) -> None:
    # No timing assertion: catastrophic backtracking would hang here for hours.
    out = redact(hostile)
    assert isinstance(out, str)
