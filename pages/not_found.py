"""A friendly 404: unknown interview links (HTTP 404, not a bare error) and pages that do not exist."""
from __future__ import annotations

from fastapi import Request, Response
from nicegui import Client, app, context, ui
from nicegui.page import page
from starlette.exceptions import HTTPException as StarletteHTTPException

from aisobes.services import Services

from .i18n import Texts, texts
from .theme import card, frame, testid


def not_found(t: Texts, message_key: str = 'notfound.page') -> None:
    """Render the not-found page into the current page and make its response a 404."""
    context.client.status_code = 404
    with frame(t, title=t('notfound.title')):
        with testid(card(), 'not-found').classes('max-w-lg mx-auto mt-16 items-center text-center gap-3 py-10'):
            ui.icon('link_off', size='56px').classes('ai-primary')
            ui.label('404').classes('text-4xl font-bold')
            ui.label(t('notfound.title')).classes('text-xl font-semibold')
            ui.label(t(message_key)).classes('ai-muted')


def register(services: Services) -> None:
    """Unknown page paths get the same friendly page (404); API paths keep their JSON 404 from NiceGUI/FastAPI."""
    current = app.exception_handlers.get(404)
    fallback = getattr(current, 'fallback', current)  # a test run registers the pages more than once

    async def page_not_found(request: Request, exception: Exception) -> Response:
        if fallback is not None and not _wants_page(request, exception):
            return await fallback(request, exception)
        with Client(page(''), request=request) as client:
            not_found(texts(services.settings.language))
        return client.build_response(request, 404)

    page_not_found.fallback = fallback  # type: ignore[attr-defined]
    app.add_exception_handler(404, page_not_found)


def _wants_page(request: Request, exception: Exception) -> bool:
    if request.url.path.startswith(('/api/', '/_nicegui', '/docs', '/openapi')):
        return False
    endpoint = request.scope.get('endpoint')
    if endpoint is not None and endpoint is not app and not request.scope.get('nicegui_page_path') \
            and isinstance(exception, StarletteHTTPException):
        return False  # a non-page endpoint said 404 on purpose: keep its JSON
    return 'text/html' in request.headers.get('accept', 'text/html')
