"""Loaded by sitecustomize.py: GetSessionToken issues credentials that work, as STS does.

moto 5.2.1 answers every GetSessionToken with the same documentation example keys, which no
request can then be signed with while IAM auth is enforced; and it asks for an sts:GetSessionToken
permission, which AWS does not (any IAM user may call it). Here the call is authenticated but not
authorized, and answers with a new key pair of the calling user (so requests signed with it are the
user's, under the user's policies, as on AWS) plus a session token and the expiry asked for. The
key id keeps moto's AKIA prefix (moto decides by the prefix whose key it is), and a request signed
with it must carry its session token, as on AWS; moto would refuse any token with a user's key.
"""

import datetime
import re
import secrets

from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.responses import ActionResult
from moto.iam.access_control import CreateAccessKeyFailure, IAMRequest, IAMUserAccessKey
from moto.iam.models import iam_backends
from moto.sts.responses import TokenResponse


class _AuthenticatedOnly(IAMRequest):
    def check_action_permitted(self, resource):  # noqa: ARG002 - AWS checks no permission here
        return None


_previous_auth = ActionAuthenticatorMixin._authenticate_and_authorize_action


def _auth(self, iam_request_cls, resource="*"):
    if isinstance(self, TokenResponse) and "GetSessionToken" in self.querystring.get("Action", []):
        iam_request_cls = _AuthenticatedOnly
    return _previous_auth(self, iam_request_cls, resource)


ActionAuthenticatorMixin._authenticate_and_authorize_action = _auth


def _caller_key_id(headers):
    found = re.search(r"Credential=([^/]+)/", headers.get("Authorization", ""))
    return found.group(1) if found else None


def _user_of(key_id):
    for accounts in iam_backends.values():
        for backend in accounts.values():
            user = backend.get_user_from_access_key_id(key_id) if key_id else None
            if user is not None:
                return backend, user
    return None, None


# Key id -> the session token issued with it.
_ISSUED = {}
_original_key_init = IAMUserAccessKey.__init__


def _key_init(self, account_id, partition, access_key_id, headers):
    token = _ISSUED.get(access_key_id)
    if token is not None:
        sent = {k.lower(): v for k, v in headers.items()}.get("x-amz-security-token")
        if sent != token:
            raise CreateAccessKeyFailure(reason="InvalidToken")
        headers = {k: v for k, v in headers.items() if k.lower() != "x-amz-security-token"}
    _original_key_init(self, account_id, partition, access_key_id, headers)


IAMUserAccessKey.__init__ = _key_init

_original = TokenResponse.get_session_token


def _get_session_token(self):
    backend, user = _user_of(_caller_key_id(self.headers))
    if user is None:
        return _original(self)
    duration = self._get_int_param("DurationSeconds", 43200)
    key = user.create_access_key(prefix="AKIA")
    backend.access_keys[key.physical_resource_id] = key
    token = "FQoGZXIvYXdzE" + secrets.token_urlsafe(96)
    _ISSUED[key.access_key_id] = token
    expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=duration)
    return ActionResult(
        {
            "Credentials": {
                "AccessKeyId": key.access_key_id,
                "SecretAccessKey": key.secret_access_key,
                "SessionToken": token,
                "Expiration": expiration,
            }
        }
    )


TokenResponse.get_session_token = _get_session_token
