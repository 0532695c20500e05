"""A friendly 404: unknown interview links (HTTP 404, not a bare error) and pages that do not exist."""
from __future__ import annotations

from nicegui import context, ui

from .i18n import Texts
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
