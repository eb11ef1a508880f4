"""The greeting app as a single-file Django project.

Run it with ``DJANGO_SECRET_KEY=... python tiny_django_app.py runserver``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.conf import settings

if not settings.configured:  # settings are global: configure them once per process
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ["DJANGO_SECRET_KEY"],  # never in the code
        ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=["django.middleware.security.SecurityMiddleware"],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [Path(__file__).parent],
            }
        ],
    )

import django  # noqa: E402 (after settings, as Django needs)

django.setup()

from django.http import HttpRequest, HttpResponse, JsonResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.http import require_GET  # noqa: E402


@require_GET
def greeting_page(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("name", "world")
    return render(request, "greeting.html", {"name": name})


@require_GET
def greeting_json(request: HttpRequest) -> JsonResponse:
    name = request.GET.get("name", "world")
    return JsonResponse({"greeting": f"Hello, {name}!"})


urlpatterns = [
    path("", greeting_page),
    path("api/greeting", greeting_json),
]

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
