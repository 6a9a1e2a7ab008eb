from datetime import date

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError


class GovDateField(DateInputField):
    """GOV.UK date input with the pattern's error wording, which never crashes on impossible dates.

    `name` starts the messages ("Date of birth must be a real date"); `required_message` is shown
    when nothing is entered ("Enter their date of birth").
    """

    def __init__(self, *, name: str, required_message: str, **kwargs):
        self.name = name
        super().__init__(**kwargs)
        self.real_date_message = f"{name} must be a real date"
        self.error_messages["required"] = required_message
        self.error_messages["incomplete"] = f"{name} must include a day, month and year"
        for sub, part in zip(self.fields, ("day", "month", "year"), strict=True):
            sub.validators[0].message = self.real_date_message
            sub.error_messages["incomplete"] = f"{name} must include a {part}"
            sub.max_length = 4

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError) as error:
            raise ValidationError(self.real_date_message, code="invalid") from error
        if value.year < 1900:
            raise ValidationError(self.real_date_message, code="invalid")
        return value
