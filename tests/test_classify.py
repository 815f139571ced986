"""Classification of real AWS CLI error texts (facts file) and of `aws configure list`."""

from __future__ import annotations

import pytest

from awslogin_helper.checks.classify import (
    Identity,
    IdentityProblem,
    LoginProblem,
    attach_policy_command,
    classify_identity_error,
    classify_login_failure,
    parse_configure_list,
    parse_identity,
    refusal_kind,
    row_is_set,
)

P = "aws: [ERROR]: "


@pytest.mark.parametrize(
    ("stderr", "problem"),
    [
        (
            'Unable to locate credentials. You can configure credentials by running "aws configure".',
            IdentityProblem.NO_CREDENTIALS,
        ),
        (
            P + "An error occurred (NoCredentials): Unable to locate credentials.",
            IdentityProblem.NO_CREDENTIALS,
        ),
        (
            "An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired",
            IdentityProblem.EXPIRED,
        ),
        (
            "An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.",
            IdentityProblem.INVALID_KEY,
        ),
        (
            "An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation",
            IdentityProblem.INVALID_KEY,
        ),
        (
            "Error when retrieving token from sso: Token has expired and refresh failed",
            IdentityProblem.SSO_EXPIRED,
        ),
        (
            P + "Your session has expired. Please reauthenticate using 'aws login'.",
            IdentityProblem.LOGIN_SESSION_EXPIRED,
        ),
        (
            "Unable to refresh login credentials because of a change in your password.",
            IdentityProblem.LOGIN_SESSION_EXPIRED,
        ),
        (  # the refresh of a session whose cached key awscrt cannot load (ran, 2.36.7)
            P + "7178 (AWS_ERROR_CAL_UNSUPPORTED_KEY_FORMAT): Key format is not supported.",
            IdentityProblem.LOGIN_KEY_UNREADABLE,
        ),
        (
            "Unable to load a existing login session for session arn:aws:iam::1:user/x",
            IdentityProblem.LOGIN_SESSION_EXPIRED,
        ),
        (
            "You may be missing permission for the 'signin:CreateOAuth2Token' action.",
            IdentityProblem.PERMISSION,
        ),
        (
            'Could not connect to the endpoint URL: "https://sts.amazonaws.com/"',
            IdentityProblem.NETWORK,
        ),
        (
            'Connect timeout on endpoint URL: "https://sts.us-east-1.amazonaws.com/"',
            IdentityProblem.NETWORK,
        ),
        (
            'You must specify a region. You can also configure your region by running "aws configure".',
            IdentityProblem.NO_REGION,
        ),
        ("\nThe config profile (staging) could not be found\n", IdentityProblem.UNKNOWN_PROFILE),
        (
            "login_session requires an additional dependency. pip install botocore[crt]",
            IdentityProblem.NEEDS_CRT,
        ),
        ("something new and strange", IdentityProblem.OTHER),
    ],
)
def test_identity_errors(stderr: str, problem: IdentityProblem) -> None:
    assert classify_identity_error(stderr) is problem


@pytest.mark.parametrize(
    ("code", "stderr", "problem"),
    [
        (
            252,
            "aws: error: argument command: Invalid choice, valid choices are:\n\naccessanalyzer",
            LoginProblem.NOT_SUPPORTED,
        ),
        (252, "aws: [ERROR]: Found invalid choice 'login'", LoginProblem.NOT_SUPPORTED),
        # An option-looking value (`--profile --debug`) is an argument error, not an old CLI.
        (
            252,
            "usage: aws [options]\naws: error: argument --profile: expected one argument\n",
            LoginProblem.BAD_ARGUMENTS,
        ),
        (252, "aws: [ERROR]: Unknown options: --redirect-port,1234", LoginProblem.BAD_ARGUMENTS),
        (
            2,
            "usage: aws [options]\naws: error: argument command: Invalid choice, valid choices are:",
            LoginProblem.NOT_SUPPORTED,
        ),
        (
            253,
            "Profile 'default' is already configured with Access Key credentials.\n\nYou may run 'aws login --profile new-profile-name'",
            LoginProblem.REFUSED,
        ),
        (
            255,
            "Unable to create or refresh login credentials due to insufficient permissions. You may be missing permission for the 'signin:CreateOAuth2Token' action.",
            LoginProblem.PERMISSION,
        ),
        (
            255,
            "Error loading or redeeming a login authorization code: Failed to retrieve an authorization code.",
            LoginProblem.CANCELLED,
        ),
        (
            255,
            "Unable to complete the login process due to an expired authorization code.",
            LoginProblem.CODE_EXPIRED,
        ),
        (
            255,
            "The pending authorization to retrieve an SSO token has expired. The login flow to retrieve an SSO token must be restarted.",
            LoginProblem.BROWSER_TIMEOUT,
        ),
        (
            255,
            "Unable to initialize the OAuth 2.0 authorization callback handler",
            LoginProblem.CALLBACK,
        ),
        (255, "Failed to decode the verification code.", LoginProblem.BAD_CODE),
        (
            255,
            'Could not connect to the endpoint URL: "https://signin.aws.amazon.com"',
            LoginProblem.NETWORK,
        ),
        (
            254,
            "An error occurred (ValidationException) when calling the CreateOAuth2Token operation: bad",
            LoginProblem.SERVICE,
        ),
        (130, "\n", LoginProblem.INTERRUPTED),
        (255, "??", LoginProblem.OTHER),
    ],
)
def test_login_failures(code: int, stderr: str, problem: LoginProblem) -> None:
    assert classify_login_failure(code, stderr) is problem


@pytest.mark.parametrize(
    "kind", ["Web Identity", "SSO", "Access Key", "Assume Role", "Credential Process"]
)
def test_refusal_kind(kind: str) -> None:
    assert refusal_kind(f"Profile 'dev' is already configured with {kind} credentials.") == kind


def test_parse_identity() -> None:
    ident = parse_identity(
        '{"UserId": "AIDA1", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/DevAdmin"}'
    )
    assert ident == Identity("123456789012", "arn:aws:iam::123456789012:user/DevAdmin", "AIDA1")
    assert parse_identity("not json") is None
    assert parse_identity("[]") is None


@pytest.mark.parametrize(
    ("arn", "command"),
    [
        (
            "arn:aws:iam::123456789012:user/DevAdmin",
            "aws iam attach-user-policy --user-name DevAdmin --policy-arn arn:aws:iam::aws:policy/SignInLocalDevelopmentAccess",
        ),
        (
            "arn:aws:iam::123456789012:user/team/Dev",
            "aws iam attach-user-policy --user-name Dev --policy-arn arn:aws:iam::aws:policy/SignInLocalDevelopmentAccess",
        ),
        (
            "arn:aws:sts::123456789012:assumed-role/my-role/my-session",
            "aws iam attach-role-policy --role-name my-role --policy-arn arn:aws:iam::aws:policy/SignInLocalDevelopmentAccess",
        ),
        ("arn:aws:iam::123456789012:root", None),
    ],
)
def test_attach_policy_command(arn: str, command: str | None) -> None:
    assert attach_policy_command(Identity("123456789012", arn, "x")) == command


NEW_LAYOUT = """NAME       : VALUE                    : TYPE             : LOCATION
profile    : dev                      : manual           : --profile
access_key : ****************MPLE     : shared-credentials-file :
secret_key : ****************EKEY     : shared-credentials-file :
region     : us-west-2                : config-file      : C:\\Users\\me\\.aws\\config
"""
OLD_LAYOUT = """      Name                    Value             Type    Location
      ----                    -----             ----    --------
   profile                <not set>             None    None
access_key                <not set>             None    None
secret_key                <not set>             None    None
    region                us-east-1      config-file    ~/.aws/config
"""


def test_configure_list_new_layout() -> None:
    rows = parse_configure_list(NEW_LAYOUT)
    assert rows["access_key"].type == "shared-credentials-file"
    assert rows["access_key"].value.endswith("MPLE")
    assert rows["region"].location == "C:\\Users\\me\\.aws\\config"
    assert row_is_set(rows["access_key"])


def test_configure_list_old_layout_not_set() -> None:
    rows = parse_configure_list(OLD_LAYOUT)
    assert rows["access_key"].value == "<not set>"
    assert not row_is_set(rows["access_key"])
    assert rows["region"].value == "us-east-1"
    assert rows["region"].type == "config-file"
