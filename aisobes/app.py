"""The server: the services built once (aisobes.services.build_services), the API routers and the pages registered
on NiceGUI's app, start-up and shutdown wired to the services. The only module of aisobes/ that imports NiceGUI."""
from __future__ import annotations

import logging
import os
from typing import Any

from nicegui import app, ui

from . import __version__
from .api import audit as audit_api
from .api import chat as chat_api
from .api import errors as api_errors
from .api import health as health_api
from .api import interviews as interviews_api
from .api import metrics as metrics_api
from .api import plans as plans_api
from .api import reports as reports_api
from .api import security as security_api
from .api import speech as speech_api
from .api import users as users_api
from .api import vacancies as vacancies_api
from .api import whisper as whisper_api
from .config import Settings
from .services import Services, build_services

log = logging.getLogger('aisobes')

PAGE_RECONNECT_TIMEOUT = 5.0  # seconds; the candidate room asks for much more itself
ROUTERS = (health_api, interviews_api, plans_api, chat_api, speech_api, whisper_api, metrics_api, audit_api,
           reports_api, users_api, vacancies_api)


def create_app(settings: Settings | None = None) -> Services:
    """Build everything once and register it on NiceGUI's FastAPI app. Call before `ui.run`."""
    services = build_services(settings or Settings())
    app.state.services = services
    api_errors.install(app)
    security_api.install(app)
    lifespan = app.router.lifespan_context
    for api in ROUTERS:
        api_errors.document_body_errors(api.router)
        app.include_router(api.router)
    # our routers have no lifespan of their own, but each include wraps the app's once more; a test run builds the
    # app for every page test on the same FastAPI object, and a hundred wraps exceed the recursion limit
    app.router.lifespan_context = lifespan

    import pages  # the UI floor; imported here so that the domain never depends on it
    pages.register(services)

    app.on_startup(lambda: _startup(services))
    app.on_shutdown(services.stop)
    return services


def run(settings: Settings) -> None:
    os.umask(0o077)  # every file the server writes (database, secrets, transcripts, NiceGUI's storage): owner only
    services = create_app(settings)
    ui.run(host=settings.host, port=settings.port, reload=False, show=False, title='aisobes',
           storage_secret=services.settings.storage_secret, fastapi_docs=True, language=_quasar_language(settings),
           reconnect_timeout=PAGE_RECONNECT_TIMEOUT, favicon='🟣', dark=True, uvicorn_logging_level='warning',
           proxy_headers=bool(settings.forwarded_allow_ips),
           forwarded_allow_ips=settings.forwarded_allow_ips or None, **_ssl(settings))


def _ssl(settings: Settings) -> dict[str, Any]:
    if not settings.ssl_certfile:
        return {}
    return {'ssl_certfile': str(settings.ssl_certfile), 'ssl_keyfile': str(settings.ssl_keyfile)}


async def _startup(services: Services) -> None:
    await services.start()
    _print_banner(services.settings)


def _quasar_language(settings: Settings) -> str:
    return 'ru' if settings.language == 'ru' else 'en-US'


def _print_banner(settings: Settings) -> None:
    base = settings.base_url
    print(f'\naisobes {__version__} is running', flush=True)
    print(f'  Admin page:  {base}/admin   (password: {settings.admin_password})', flush=True)
    print(f'  API docs:    {base}/docs', flush=True)
    print(f'  API token:   {settings.api_token}   (header "Authorization: Bearer <token>")', flush=True)
    print(f'  Database:    {_safe_url(settings.db_url)}', flush=True)
    print(f'  Transcripts: {settings.transcripts_dir.resolve()}\n', flush=True)


def _safe_url(url: str) -> str:
    """The database URL without its password."""
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)
