# Production image: the same code serves web (gunicorn), the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango; fonts give PDFs real text; curl serves the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core fonts-liberation curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt
COPY . .
# Static files with hashed names and a manifest, collected with DEBUG off as the app runs (see the script).
RUN scripts/build_static.sh \
 && useradd --create-home --uid 1000 partnership \
 && mkdir -p /data/media && chown partnership /data/media
USER partnership
EXPOSE 8000
CMD ["gunicorn", "partnership.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
