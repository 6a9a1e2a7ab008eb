import os

from django.core.wsgi import get_wsgi_application

from pace_site.tuning import tune_garbage_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pace_site.settings")

application = get_wsgi_application()
tune_garbage_collector()
