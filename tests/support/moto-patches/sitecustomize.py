"""Loaded by the moto server's Python through PYTHONPATH (see tests/support/moto.ts).

moto 5.2.1 checks SigV4 signatures of S3 requests against werkzeug's `request.url`, which is an
IRI: percent-escapes such as %2F, %C3%BC or %2B come back decoded. The canonical request then
differs from the one the client signed, so with auth enforced every S3 request whose path or
query holds such characters fails with SignatureDoesNotMatch - including the everyday
`ListObjectsV2 prefix=a/ delimiter=/`. Real S3 signs the URI exactly as sent, so the auth check
is given the raw request URI instead. Nothing else in moto sees the change.
"""

from moto.core.authorization import ActionAuthenticatorMixin

_original = ActionAuthenticatorMixin._authenticate_and_authorize_action


def _authenticate_with_raw_uri(self, iam_request_cls, resource="*"):
    environ = getattr(getattr(self, "request", None), "environ", None) or {}
    raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not raw_uri:
        return _original(self, iam_request_cls, resource)
    decoded_uri = self.uri
    # Only the path and query of self.uri are read by the auth check.
    self.uri = raw_uri
    try:
        return _original(self, iam_request_cls, resource)
    finally:
        self.uri = decoded_uri


ActionAuthenticatorMixin._authenticate_and_authorize_action = _authenticate_with_raw_uri

# A second stand-in fix, in its own module: real <Initiated> times for multipart uploads. A test of
# code that must stay safe against a server that misreports them turns it off (MotoOptions).
import os  # noqa: E402

if os.environ.get("CROSSBUCKET_MOTO_CONSTANT_INITIATED") != "1":
    import multipart_initiated  # noqa: E402,F401

# A third: GetSessionToken answers with credentials requests can be signed with (the user's own).
import session_token  # noqa: E402,F401
