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
        return self.get_rendered_fields(
            form,
            context,
            template_pack,
            template=self.get_template_name(template_pack),
            attrs=self.attrs,
            extra_context={**self.context, "reveal_on": self.reveal_on, "reveal_html": revealed},
            **kwargs,
        )
