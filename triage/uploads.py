"""Uploaded files are kept in memory, never written to disk, and cut off past the largest file any
form accepts: the follow-ups file and a partner's file of identifiers are read, checked and thrown
away within their request."""

from io import BytesIO

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from triage.lib import identifiers, outcomes

MAX_UPLOAD_BYTES = max(outcomes.MAX_UPLOAD_BYTES, identifiers.MAX_UPLOAD_BYTES)


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps at most MAX_UPLOAD_BYTES + 1 bytes of each file in memory and drops the rest, so that a
    huge file costs a megabyte and is refused as too big (the extra byte says it was)."""

    limit = MAX_UPLOAD_BYTES + 1

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
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
