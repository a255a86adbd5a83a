# One image for the web, the worker, beat and the migrate job (compose.yaml picks the command).
# Building needs the package registry (or a mirror of it); running needs nothing from outside.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TRACKER_VAR_DIR=/var/lib/luoshi

WORKDIR /app
COPY pyproject.toml README.md ./
COPY tracker ./tracker
COPY workers ./workers
COPY templates ./templates

# Editable: the templates live beside the package (templates/), found from the project root.
RUN pip install -e . \
    && useradd --system --uid 10001 --home-dir /app luoshi \
    && mkdir -p /var/lib/luoshi \
    && chown luoshi /var/lib/luoshi

USER luoshi
VOLUME ["/var/lib/luoshi"]
EXPOSE 8000
CMD ["gunicorn", "--config", "python:tracker.web.gunicorn_config", "tracker.web:create_app()"]
