"""The web app: FastAPI factory, JSON API under ``/api/v1``, server-rendered UI (Jinja2 + HTMX)."""
