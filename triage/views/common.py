from django.shortcuts import redirect, render

from triage.access import Role, has_role, works_with_people


def home(request):
    """Send each role to where its work starts."""
    if works_with_people(request.user):
        return redirect("person-search")
    if has_role(request.user, Role.ADMIN):
        return redirect("admin:index")
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
