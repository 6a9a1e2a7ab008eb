"""The service's URLs plus the baseline the load test measures beside them (benchmarks/load.py).

`bench/bare-insert/` is a bare Django view that inserts one row and answers 200: one SQL statement,
no session, no sign-in, no template. Reachable only under benchmarks/bench_settings.py.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from pace_site.urls import handler404, handler500  # noqa: F401
from pace_site.urls import urlpatterns as service_urlpatterns
from triage.models import AuditAction, AuditEvent, User

_user_id: list[int] = []


@csrf_exempt
@login_not_required
def bare_insert(request):
    """One INSERT, as light as a Django view that writes can be."""
    if not _user_id:
        _user_id.append(User.objects.order_by("pk").values_list("pk", flat=True).first())  # once per worker
    AuditEvent.objects.create(user_id=_user_id[0], action=AuditAction.PERSON_VIEWED, detail="load test baseline")
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare-insert/", bare_insert), *service_urlpatterns]
