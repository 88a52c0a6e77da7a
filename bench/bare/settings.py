"""A bare Django project: the reference bench/pages.py compares Kakehashi's pages with.
One view renders one small template; no database, no sessions, no middleware but Common.
Served by gunicorn with the same settings as Kakehashi in the same run."""

SECRET_KEY = "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bare.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES: dict = {}
USE_I18N = False
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": False,
              "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", {
                  "page.html": "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ title }}</title>"
                               "</head><body><h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>"
                               "{% endfor %}</ul></body></html>",
              })]}}]
