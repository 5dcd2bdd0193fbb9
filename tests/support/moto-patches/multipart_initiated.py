"""Loaded by sitecustomize.py: ListMultipartUploads tells when each upload began, as S3 does.

moto 5.2.1 answers every upload's <Initiated> with the same constant, 2010-11-10T20:48:33Z, so
nothing that judges an upload by its age (abort those older than N days, or tell a stray upload
of our own from another tool's) can be tested against it. Each upload now records the time it was
created and the listing reports that; everything else in the answer is moto's own.
"""

import datetime

from moto.s3.models import FakeMultipart
from moto.s3.responses import S3Response

_INITIATED = "_crossbucket_initiated"
_original_init = FakeMultipart.__init__
_original_list = S3Response.list_multipart_uploads


def _init_with_time(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    setattr(self, _INITIATED, datetime.datetime.now(datetime.timezone.utc))


def _list_with_times(self):
    started = {
        upload.id: getattr(upload, _INITIATED, None)
        for upload in self.backend.list_multipart_uploads(self.bucket_name).values()
    }
    original_serialized = self.serialized

    def serialized(result):
        for upload in result.result.get("Uploads", []):
            when = started.get(upload.get("UploadId"))
            if when is not None:
                upload["Initiated"] = when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
        return original_serialized(result)

    self.serialized = serialized
    try:
        return _original_list(self)
    finally:
        del self.serialized


FakeMultipart.__init__ = _init_with_time
S3Response.list_multipart_uploads = _list_with_times
