"""System checks: settings that would otherwise fail only when a page is opened."""

from django.conf import settings
from django.core.checks import Error, register
from django.template import TemplateDoesNotExist
from django.template.loader import get_template


@register()
def privacy_notice_has_words(app_configs, **kwargs) -> list[Error]:
    """The privacy notice version recorded at consent must be a notice a person can read."""
    from triage.views.pages import privacy_notice_template

    name = privacy_notice_template(settings.PRIVACY_NOTICE_VERSION)
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return [
            Error(
                f"PRIVACY_NOTICE_VERSION is {settings.PRIVACY_NOTICE_VERSION!r} but there is no template {name}",
                hint="Write the notice's words in that template before recording consent to it.",
                id="triage.E001",
            )
        ]
    return []
