from datetime import date

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")


class GovDateField(DateInputField):
    """GOV.UK date input with the pattern's error wording; never crashes on impossible dates.

    `name` starts the messages ("Date of birth must include a year"); `required_message` is shown
    when nothing is entered ("Enter their date of birth"). A part-filled optional date is an error,
    never silently dropped. Each message is also put on the first input at fault, so the error
    summary links to that input.
    """

    def __init__(self, *, name: str, required_message: str, **kwargs):
        self.name = name
        super().__init__(**kwargs)
        self.error_messages["required"] = required_message
        self.real_date_message = f"{name} must be a real date"

    def clean(self, value):
        for sub in self.fields:
            sub.widget.errors = []
        parts = list(value)[:3] if isinstance(value, (list, tuple)) else []
        parts = [str(p or "").strip() for p in parts] + [""] * (3 - len(parts))
        if not any(parts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [part for part, text in zip(PARTS, parts, strict=True) if not text]
        if missing:
            self._fail(f"{self.name} must include a {' and a '.join(missing)}", PARTS.index(missing[0]))
        for index, text in enumerate(parts):
            # isdecimal, not isdigit: superscripts (²) are digits that int() cannot read.
            if not text.isdecimal():
                self._fail(self.real_date_message, index)
        if len(parts[2]) != 4:
            self._fail("Year must include 4 numbers", 2)
        try:
            result = date(day=int(parts[0]), month=int(parts[1]), year=int(parts[2]))
        except (ValueError, OverflowError):
            self._fail(self.real_date_message, 0 if int(parts[1] or 0) in range(1, 13) else 1)
        if result.year < 1900:
            self._fail(self.real_date_message, 2)
        self.validate(result)
        self.run_validators(result)
        return result

    def _fail(self, message: str, index: int):
        self.fields[index].widget.errors = [message]
        raise ValidationError(message, code="invalid")
