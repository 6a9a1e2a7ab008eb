"""A partner user's forms: the file of identifiers they upload."""

from crispy_forms_gds.layout import Button, Field
from django import forms

from triage.forms import gds_helper
from triage.lib.identifiers import MAX_UPLOAD_BYTES


class PartnerUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text=f"One person a row, under the column names of the template. At most {MAX_UPLOAD_BYTES // 1_000_000} MB.",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("file"), Button.primary("submit", "Upload the file"))
