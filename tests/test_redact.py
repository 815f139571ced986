"""Nothing secret reaches the screen: redaction of AWS CLI output."""

from __future__ import annotations

from awslogin_helper.redact import mask_key_id, redact


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
