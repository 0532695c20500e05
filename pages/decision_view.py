"""The recruiter's decision on the admin interview page: advance / hold / reject with a note, shown and editable
once the interview is finished (before that, a hint). Saved through the decision service, as the API does."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from nicegui import ui

from aisobes.models import Interview, Status
from aisobes.schemas import DecisionIn, DecisionKind
from aisobes.services import Services

from .i18n import Texts
from .local_time import LocalTime
from .theme import card, testid

ADMIN = 'admin'  # who a decision made on the admin pages is recorded as (one admin password, no user names)


def decision_card(t: Texts, services: Services, interview: Interview,
                  on_saved: Callable[[], Awaitable[None]]) -> None:
    with testid(card(), 'decision').classes('gap-2 w-full'):
        with ui.row().classes('items-center gap-2'):
            ui.icon('gavel', size='20px').classes('ai-primary')
            ui.label(t('decision.title')).classes('text-lg font-semibold')
        if interview.status != Status.FINISHED:
            ui.label(t('decision.after_finish')).classes('ai-muted text-sm')
            return
        ui.label(t('decision.hint')).classes('ai-muted text-xs')
        current = interview.decision or {}
        if current:
            with testid(ui.row(), 'decision-current').classes('items-center gap-1 text-sm'):
                ui.label(t('decision.current', decision=t(f'decision.{current.get("decision")}'),
                           by=current.get('by'), at=''))
                try:
                    LocalTime(datetime.fromisoformat(str(current.get('at'))), mode='datetime',
                              language=t.language).classes('ai-muted text-xs')
                except ValueError:
                    pass
        options = {kind.value: t(f'decision.{kind.value}') for kind in DecisionKind}
        kind = testid(ui.select(options, value=current.get('decision'), label=t('decision.kind')),
                      'decision-kind').props('dark outlined').classes('w-full')
        note = testid(ui.textarea(t('decision.note'), value=current.get('note') or ''), 'decision-note') \
            .props('dark outlined autogrow maxlength=2000').classes('w-full')

        async def save() -> None:
            kind.error = None
            if not kind.value:
                kind.error = t('form.required')
                return
            await services.decisions.record(interview.id, DecisionIn(decision=kind.value, note=note.value or ''),
                                            by=ADMIN)
            ui.notify(t('decision.saved'), type='positive')
            await on_saved()

        testid(ui.button(t('decision.save'), icon='save', on_click=save), 'decision-save') \
            .props('unelevated no-caps color=primary')
