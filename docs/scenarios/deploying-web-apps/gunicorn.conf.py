# gunicorn reads this file at start-up and again on HUP. Values come from the environment,
# so the same file serves a laptop, CI and production.
import os

wsgi_app = "deploy_health_app:app"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # the proxy talks to this
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))  # start with 2 x CPU cores
worker_class = "sync"  # "asgi" for an ASGI app (gunicorn 24+)
timeout = 30  # kill a worker stuck on one request for this long
# On HUP or TERM, requests in flight get this long to finish. It must end before the
# platform's own kill: docker stop sends SIGKILL 10 s after SIGTERM unless told otherwise.
graceful_timeout = 8
max_requests = 2000  # recycle workers now and then (slow leaks)
max_requests_jitter = 200  # ...but not all at the same moment
accesslog = "-"  # to stdout; the platform collects and ships logs
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
