from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout


def gds_helper(*layout) -> FormHelper:
    """A crispy helper for a form whose <form> tag, CSRF token and error summary the template writes."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper
