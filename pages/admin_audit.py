"""`/admin/audit`: the audit log, newest first, filtered by actor and action; and `page_actor()`, who the audit log
names for an action taken on an admin page (from pages.session)."""
from __future__ import annotations

from nicegui import ui

from aisobes.audit import AuditAction
from aisobes.services import Services

from .i18n import texts
from .local_time import LocalTime
from .session import page_actor
from .theme import frame, testid

__all__ = ['page_actor', 'register']
PAGE_SIZE = 200
GRID = 'grid grid-cols-[170px_140px_150px_minmax(0,1fr)_130px] gap-3 items-center'


def register(services: Services) -> None:
    settings = services.settings

    @ui.page('/admin/audit')
    async def audit_page(actor: str = '', action: str = '') -> None:
        t = texts(settings.language)
        state = {'actor': actor, 'action': action if action in {a.value for a in AuditAction} else ''}
        with frame(t, title=t('audit.title'), admin=True, wide=True):
            ui.label(t('audit.title')).classes('text-2xl font-semibold')
            with ui.row().classes('w-full items-center gap-3 flex-wrap'):
                options = {'': t('audit.all'), **{a.value: a.value for a in AuditAction}}
                testid(ui.select(options, value=state['action'], on_change=lambda e: apply(action=e.value or '')),
                       'audit-action').props('dark outlined dense options-dense').classes('w-56')
                testid(ui.input(placeholder=t('audit.actor'), value=actor,
                                on_change=lambda e: apply(actor=e.value or '')), 'audit-actor') \
                    .props('dark outlined dense clearable debounce=300').classes('w-56')

            @ui.refreshable
            async def table() -> None:
                items, total = await services.audit.query(
                    actor=state['actor'].strip() or None,
                    action=AuditAction(state['action']) if state['action'] else None, limit=PAGE_SIZE)
                with ui.column().classes('ai-card w-full gap-0 overflow-hidden'):
                    with ui.element('div').classes(f'{GRID} w-full px-4 py-2 text-xs uppercase ai-muted '
                                                   'border-b border-[#2a2a2a]'):
                        for key in ('at', 'actor', 'action', 'target', 'ip'):
                            ui.label(t(f'audit.{key}'))
                    if not items:
                        testid(ui.label(t('audit.empty')), 'audit-empty').classes('ai-muted p-6')
                    for entry in items:
                        with testid(ui.element('div'), 'audit-row') \
                                .classes(f'{GRID} w-full px-4 py-2 border-b border-[#1f1f1f] text-sm'):
                            LocalTime(entry.at, mode='datetime', language=t.language).classes('ai-muted')
                            ui.label(entry.actor).classes('truncate')
                            ui.label(entry.action.value)
                            _target(entry.target)
                            ui.label(entry.ip or '—').classes('ai-muted truncate')
                if total > len(items):
                    ui.label(t('audit.more', shown=len(items), total=total)).classes('ai-muted text-sm')

            await table()

        def apply(**changes: str) -> None:
            state.update(changes)
            table.refresh()


def _target(target: str) -> None:
    kind, _, ident = target.partition(':')
    if kind == 'interview' and ident.isdigit():
        ui.link(target, f'/admin/interviews/{ident}').classes('ai-link truncate')
    else:
        ui.label(target or '—').classes('truncate')
