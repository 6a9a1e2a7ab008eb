from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django.utils.safestring import SafeString


def gds_helper(*layout) -> FormHelper:
    """A crispy helper for a form whose <form> tag, CSRF token and error summary the template writes."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


def _noted_as_rendered(layout, form):
    """The layout's bound field, noted on the form as rendered, as crispy's render_field notes it."""
    name = layout.fields[0]
    if hasattr(form, "rendered_fields"):
        form.rendered_fields.add(name)
    return form[name]


def _radios_html(layout, form, context, *, reveal_on=None, reveal_html="") -> SafeString:
    """Render a radios layout object in Python, as crispy's render_field would through the
    templates: the field noted as rendered, the helper's form_show_errors obeyed."""
    from triage.templatetags.triage_tags import radios_group

    return SafeString(
        radios_group(
            _noted_as_rendered(layout, form),
            legend_size=layout.context.get("legend_size", ""),
            legend_tag=layout.context.get("legend_tag", ""),
            small=layout.context.get("radios_small", False),
            inline=layout.context.get("radios_inline", False),
            reveal_on=reveal_on,
            reveal_html=reveal_html,
            show_errors=context.get("form_show_errors", True),
        )
    )


class Radios(Field):
    """Field.radios, rendered in Python (triage_tags.radios_group) rather than through
    crispy-forms-gds's field and radios templates: the same markup, a tenth of the time."""

    def __init__(self, field: str, *, legend_size: str | None = None, legend_tag: str | None = None, **kwargs):
        small, inline = kwargs.pop("small", False), kwargs.pop("inline", False)
        context: dict[str, object] = {"radios_small": small, "radios_inline": inline}
        if legend_size:
            context["legend_size"] = Size.for_legend(legend_size)
        if legend_tag:
            context["legend_tag"] = legend_tag
        super().__init__(field, context=context, **kwargs)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return _radios_html(self, form, context)


class Text(Field):
    """Field.text, rendered in Python rather than through crispy's render_field and
    crispy-forms-gds's field template: the same markup (tests/unit/test_radios.py), the input
    itself still written by the package's crispy_gds_field node and this project's renderer."""

    def __init__(self, field: str, *, field_width: int | str | None = None, label_size: str | None = None, **kwargs):
        made = Field.text(field, field_width=field_width, label_size=label_size, **kwargs)  # the package's own settings
        super().__init__(field, context=made.context)
        self.attrs = made.attrs

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        from triage.templatetags.triage_tags import text_group

        bound = _noted_as_rendered(self, form)
        if self.attrs:
            bound.field.widget.attrs.update(self.attrs)  # as crispy's render_field does
        return SafeString(
            text_group(
                bound,
                label_size=self.context.get("label_size", ""),
                label_tag=self.context.get("label_tag", ""),
                show_errors=context.get("form_show_errors", True),
                show_labels=context.get("form_show_labels", True),
            )
        )


class Select(Text):
    """Field.select, rendered as Text is: crispy-forms-gds writes a select's group as a text input's."""


class RadiosWithReveal(Field):
    """Radios where one answer reveals more fields beneath it (GOV.UK conditional reveal).

    GOV.UK advises stacked radios for a reveal, so these are never inline. Without JavaScript the
    revealed fields are always shown: the form must ignore them unless `reveal_on` was chosen.
    """

    def __init__(
        self,
        field: str,
        *,
        reveal_on: str,
        reveal: tuple,
        legend_size: str = Size.SMALL,
        legend_tag: str | None = None,
        small: bool = True,
    ):
        context = {"legend_size": Size.for_legend(legend_size), "radios_small": small, "radios_inline": False}
        if legend_tag:
            context["legend_tag"] = legend_tag
        super().__init__(field, context=context)
        self.reveal_on = reveal_on
        self.reveal = reveal

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        revealed = SafeString("".join(render_field(f, form, context, template_pack=template_pack) for f in self.reveal))
        return _radios_html(self, form, context, reveal_on=self.reveal_on, reveal_html=revealed)
