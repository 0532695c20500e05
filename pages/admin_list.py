"""`/admin`: the interviews, newest first, with a status filter and a search by name, ID or position; live."""
from __future__ import annotations

from nicegui import context, ui

from aisobes.models import Interview, Status
from aisobes.services import Services
from aisobes.users import UserRole

from .i18n import Texts, texts
from .local_time import LocalTime
from .session import page_role
from .theme import frame, status_badge, testid
from .timer import clock

PAGE_SIZE = 100
LIST_REFRESH_SECONDS = 0.5  # at most this often after a change: a burst of API calls redraws the list once
GRID = 'grid grid-cols-[130px_minmax(0,1.4fr)_minmax(0,1.2fr)_150px_120px_110px] gap-3 items-center'


def register(services: Services) -> None:
    settings = services.settings

    @ui.page('/admin')
    async def interviews_page(status: str = '', search: str = '') -> None:
        t = texts(settings.language)
        state = {'status': status if status in {s.value for s in Status} else '', 'search': search}
        with frame(t, title=t('list.title'), admin=True, wide=True):
            with ui.row().classes('w-full items-center gap-3 flex-wrap'):
                ui.label(t('list.title')).classes('text-2xl font-semibold')
                ui.space()
                new = testid(ui.button(t('nav.new'), icon='add', on_click=lambda: ui.navigate.to('/admin/new')),
                             'admin-new').props('unelevated no-caps color=primary')
                new.set_visibility(page_role().allows(UserRole.RECRUITER))
            with ui.row().classes('w-full items-center gap-3 flex-wrap'):
                options = {'': t('status.all'), **{s.value: t(f'status.{s.value}') for s in Status}}
                testid(ui.select(options, value=state['status'], on_change=lambda e: apply(status=e.value or '')),
                       'filter-status').props('dark outlined dense options-dense').classes('w-48')
                testid(ui.input(placeholder=t('list.search'), value=search,
                                on_change=lambda e: apply(search=e.value or '')), 'search') \
                    .props('dark outlined dense clearable debounce=300').classes('w-72 max-sm:w-full') \
                    .add_slot('prepend', '<q-icon name="search" />')

            @ui.refreshable
            async def table() -> None:
                items, total = await services.interviews.list(
                    status=Status(state['status']) if state['status'] else None, search=state['search'],
                    limit=PAGE_SIZE)
                interview_table(t, services, items, total)

            await table()
            _follow_list(services, table.refresh)

        def apply(**changes: str) -> None:
            state.update(changes)
            table.refresh()


def _follow_list(services: Services, refresh) -> None:
    """Redraw when an interview is created, started, finished or deleted, by anyone (another recruiter, the API, the
    candidate). A burst of changes redraws once: the change only raises a flag the page's timer picks up."""
    changed = {'flag': False}
    unsubscribe = services.rooms.watch_list(lambda: changed.update(flag=True))
    context.client.on_delete(unsubscribe)

    def check() -> None:
        if changed['flag']:
            changed['flag'] = False
            refresh()
    ui.timer(LIST_REFRESH_SECONDS, check)


def interview_table(t: Texts, services: Services, items: list[Interview], total: int) -> None:
    with ui.column().classes('ai-card w-full gap-0 overflow-hidden'):
        with ui.element('div').classes(f'{GRID} w-full px-4 py-2 text-xs uppercase tracking-wide ai-muted '
                                       'border-b border-[#2a2a2a] max-md:hidden'):
            for key in ('status', 'candidate', 'position', 'created', 'duration', 'actions'):
                ui.label(t(f'list.col_{key}'))
        if not items:
            with ui.column().classes('w-full items-center py-12 gap-2'):
                ui.icon('inbox', size='40px').classes('ai-muted')
                testid(ui.label(t('list.empty')), 'list-empty').classes('ai-muted')
        for interview in items:
            _row(t, services, interview)
    if total > len(items):
        ui.label(t('list.more', shown=len(items), total=total)).classes('ai-muted text-sm')


def _row(t: Texts, services: Services, interview: Interview) -> None:
    status = interview.status
    target = f'/admin/interviews/{interview.id}'
    with testid(ui.element('div'), 'interview-row') \
            .classes(f'{GRID} max-md:flex max-md:flex-col max-md:items-start max-md:gap-1 w-full px-4 py-3 '
                     'border-b border-[#1f1f1f] hover:bg-[#141414] cursor-pointer') \
            .props(f'data-id={interview.id}').on('click', lambda: ui.navigate.to(target)):
        status_badge(t, status)
        with ui.column().classes('gap-0 min-w-0'):
            ui.label(interview.candidate_name).classes('font-medium truncate max-w-full')
            ui.label(interview.candidate_id).classes('ai-muted text-xs truncate max-w-full')
            if interview.human_requested_at is not None:
                testid(ui.label(t('list.human_requested')), 'row-human-requested').classes('ai-amber text-xs')
        ui.label(interview.position).classes('truncate max-w-full')
        LocalTime(interview.created_at, mode='datetime', language=t.language).classes('ai-muted text-sm')
        ui.label(_duration(t, interview)).classes('text-sm')
        with ui.row().classes('gap-1 no-wrap'):
            link = services.interviews.full_link(interview)
            ui.button(icon='content_copy').props('flat round dense size=sm') \
                .on('click.stop', lambda: copy_text(t, link)).tooltip(t('list.copy_link'))
            ui.button(icon='open_in_new').props(f'flat round dense size=sm href="{link}" target=_blank') \
                .on('click.stop', js_handler='() => {}').tooltip(t('list.open_room'))
            ui.button(icon='chevron_right', on_click=lambda: ui.navigate.to(target)) \
                .props('flat round dense size=sm').tooltip(t('list.open'))


def _duration(t: Texts, interview: Interview) -> str:
    if interview.actual_duration is not None:
        return clock(interview.actual_duration)
    if interview.status == Status.FINISHED:
        return '—'  # finished without ever starting (a no-show): not the planned «30 мин» as if it had lasted
    return t('common.minutes', minutes=interview.recommended_duration)


def copy_text(t: Texts, text: str, note: str | None = None) -> None:
    ui.clipboard.write(text)
    ui.notify(note or t('common.copied'), type='positive', position='bottom')
