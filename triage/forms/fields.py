from datetime import date

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError


class GovDateField(DateInputField):
    """GOV.UK date input whose errors name the question and never crash on impossible dates."""

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"{what[0].upper()}{what[1:]} must include a day, month and year"
        for sub, part in zip(self.fields, ("day", "month", "year"), strict=True):
            sub.validators[0].message = f"{what[0].upper()}{what[1:]} must be a real date"
            sub.error_messages["incomplete"] = f"{what[0].upper()}{what[1:]} must include a {part}"
            sub.max_length = 4

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError) as error:
            raise ValidationError(
                f"{self.what[0].upper()}{self.what[1:]} must be a real date", code="invalid"
            ) from error
        if value.year < 1900:
            raise ValidationError(f"{self.what[0].upper()}{self.what[1:]} must be a real date", code="invalid")
        return value
