from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "PACE Triage"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from triage import checks  # noqa: F401 -- registers the system checks
        from triage.middleware import start_idle_clock
        from triage.models import linkage  # noqa: F401 -- registers the linkage tables, kept out of triage.models

        user_logged_in.connect(start_idle_clock, dispatch_uid="triage.start_idle_clock")
