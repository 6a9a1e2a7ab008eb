"""Uploaded files are kept in memory, never written to disk, and cut off past the largest file any
form accepts: the follow-ups file and a partner's file of identifiers are read, checked and thrown
away within their request."""

from io import BytesIO

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from triage.lib import identifiers, outcomes

# A partner's file of identifiers may be larger (identifiers.MAX_UPLOAD_BYTES); every other form's
# largest is the follow-ups file's.
PARTNER_PATH = "/partner/"


def upload_limit(path: str) -> int:
    """The most bytes any form under `path` accepts in one file."""
    return identifiers.MAX_UPLOAD_BYTES if path.startswith(PARTNER_PATH) else outcomes.MAX_UPLOAD_BYTES


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps at most upload_limit + 1 bytes of each file in memory and drops the rest, so that a
    huge file costs what the form accepts and is refused as too big (the extra byte says it was)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = upload_limit(self.request.path_info if self.request is not None else "") + 1
        self.buffer = BytesIO()

    def receive_data_chunk(self, raw_data, start):
        room = self.limit - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])
        return None  # no later handler: nothing reaches the disk

    def file_complete(self, file_size):
        size = self.buffer.tell()
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
