"""The form renderer: Django's, with its two commonest widget templates written in Python.

Every <input> and every <select> of a form goes through Django's widget templates: a template for
the widget, one included for its attributes, and for a select one more per option. On the
registration page that was about a third of the page's time (docs/performance.md). These
functions write the same markup, character for character, as the templates they stand in for
(django/forms/widgets/input.html, select.html, select_option.html, attrs.html);
tests/unit/test_form_renderer.py renders every widget of the service's forms both ways and
compares them. A widget with a template of its own, or a select whose options have one, still
goes through the templates.
"""

from html import escape

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
# The stock templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None and template_name in INPUT_TEMPLATES:
            return _input(widget)
        if (
            widget is not None
            and template_name == SELECT_TEMPLATE
            and all(
                option["template_name"] == OPTION_TEMPLATE for _, group, _ in widget["optgroups"] for option in group
            )
        ):
            return _select(widget)
        return super().render(template_name, context, request)


def _text(value) -> str:
    """`{{ value }}` or `{{ value|stringformat:'s' }}` in an autoescaping template: escaped unless
    marked safe. The standard library's escape is Django's, without its check for lazy text."""
    text = value if type(value) is str else str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" + ("" if value is True else f'="{_text(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _select(widget: dict) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # select_option.html ends with a newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)
