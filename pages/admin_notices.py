"""What the recruiter must not miss on the admin interview page: the candidate asked for a human interviewer, and
when the retention rule will erase the interview."""
from __future__ import annotations

from nicegui import ui

from aisobes.models import Interview
from aisobes.services import Services

from .i18n import Texts
from .theme import testid


def workspace_notices(t: Texts, services: Services, interview: Interview, box: ui.column, deleted: bool) -> None:
    box.clear()
    if deleted:
        return
    with box:
        if getattr(interview, 'human_requested_at', None) is not None:
            with testid(ui.row(), 'human-requested').classes('w-full items-center gap-2 ai-raised p-3 no-wrap'):
                ui.icon('record_voice_over', size='20px').classes('ai-amber')
                ui.label(t('admin.human_requested')).classes('ai-amber')
        erase_at = services.retention.erase_at(interview)
        if erase_at is not None:
            with testid(ui.row(), 'erase-at').classes('w-full items-center gap-2 text-sm ai-muted no-wrap'):
                ui.icon('auto_delete', size='18px')
                ui.label(t('admin.erase_at', date=erase_at.strftime('%Y-%m-%d')))
