# gunicorn reads this file at start-up and again on HUP. Values come from the environment,
# so the same file serves a laptop, CI and production.
import os

wsgi_app = "deploy_health_app:app"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # the proxy talks to this
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))  # start with 2 x CPU cores
worker_class = "sync"  # "uvicorn_worker.UvicornWorker" for an ASGI app
timeout = 30  # kill a worker stuck on one request for this long
graceful_timeout = 20  # on restart, let requests in flight finish
keepalive = 5  # a little longer than nothing: the proxy reuses connections
max_requests = 2000  # recycle workers now and then (slow leaks)
max_requests_jitter = 200  # ...but not all at the same moment
accesslog = "-"  # to stdout; the platform collects and ships logs
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
