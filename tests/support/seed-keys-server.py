"""moto_server with a bulk-seeding endpoint, for worlds with many generated keys.

Started by tests/support/moto.ts (`bulkSeeding: true`) with the interpreter of the moto_server it
would otherwise run, the same arguments and the same environment (recording, auth allowance and
the sitecustomize signature patch all apply unchanged).

Creating 100,000 keys through moto's HTTP API takes about 390 s: each PUT costs a request parse,
auth and response on moto's single server thread. `POST /_crossbucket/seed-keys` stores them
through moto's own S3 backend (`put_object`, exactly what a PUT ends in) in one request. It is not
an AWS action, so it neither uses up nor needs the no-auth allowance and is never recorded; it is
answered to loopback callers only.

It also loads moto-patches/fast_listing.py, so that listing such a prefix page by page is not
quadratic.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "moto-patches"))

import fast_listing  # noqa: E402,F401  (patches moto on import)
from moto import server  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication  # noqa: E402
from moto.s3.models import s3_backends  # noqa: E402

SEED_PATH = "/_crossbucket/seed-keys"
LOOPBACK = ("127.0.0.1", "::1")


def _respond(start_response, status, payload):
    body = json.dumps(payload).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _seed(environ, start_response):
    if environ.get("REMOTE_ADDR") not in LOOPBACK:
        return _respond(start_response, "403 Forbidden", {"error": "loopback only"})
    if environ.get("REQUEST_METHOD") != "POST":
        return _respond(start_response, "405 Method Not Allowed", {"error": "POST only"})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    request = json.loads(environ["wsgi.input"].read(length))
    bucket = request["bucket"]
    body = request["body"].encode("utf-8")
    located = s3_backends.bucket_accounts.get(bucket)
    if located is None:
        return _respond(start_response, "404 Not Found", {"error": f"no bucket {bucket}"})
    partition, account = located
    backend = s3_backends[account][partition]
    for key in request["keys"]:
        # Bulk set-up data: no event notifications, as none are configured in test worlds anyway.
        backend.put_object(bucket, key, body, disable_notification=True)
    return _respond(start_response, "200 OK", {"seeded": len(request["keys"])})


_dispatch = DomainDispatcherApplication.__call__


def _call(self, environ, start_response):
    if environ.get("PATH_INFO") == SEED_PATH:
        return _seed(environ, start_response)
    return _dispatch(self, environ, start_response)


DomainDispatcherApplication.__call__ = _call

if __name__ == "__main__":
    server.main(sys.argv[1:])
