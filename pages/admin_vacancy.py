"""`/admin/vacancies/{id}`: the vacancy's plan, candidates added from a pasted list or a CSV file (every bad line named,
nothing created then), and the comparison: candidates x competencies, sortable, each row a link to the interview."""
from __future__ import annotations

from nicegui import events, ui

from aisobes.audit import AuditAction, interview_target
from aisobes.candidate_list import RowError, parse_candidates
from aisobes.comparison import candidate_row, competency_names
from aisobes.errors import NotFound
from aisobes.services import Services
from aisobes.users import UserRole
from aisobes.vacancies import Vacancy

from .i18n import Texts, texts
from .not_found import not_found
from .session import page_actor, page_role
from .theme import card, frame, testid

MAX_CSV_BYTES = 1_000_000
LINK_SLOT = r'''<q-td :props="props"><a class="ai-link" :href="'/admin/interviews/' + props.row.interview_id"
  :data-testid="'compare-link-' + props.row.interview_id">{{ props.value }}</a></q-td>'''


def register(services: Services) -> None:
    settings = services.settings

    @ui.page('/admin/vacancies/{vacancy_id}')
    async def vacancy_page(vacancy_id: str) -> None:
        t = texts(settings.language)
        try:
            vacancy = await services.vacancies.get(int(vacancy_id))
        except (ValueError, NotFound):
            not_found(t, 'notfound.vacancy')
            return
        with frame(t, title=vacancy.title, admin=True, wide=True):
            with ui.row().classes('w-full items-center gap-3'):
                ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to('/admin/vacancies')) \
                    .props('flat round dense')
                ui.label(vacancy.title).classes('text-2xl font-semibold')
            _plan(t, vacancy)

            @ui.refreshable
            async def comparison() -> None:
                await _comparison(t, services, vacancy)

            if page_role().allows(UserRole.RECRUITER):
                _add_candidates(t, services, vacancy, comparison.refresh)
            await comparison()


def _plan(t: Texts, vacancy: Vacancy) -> None:
    if not vacancy.competencies and not vacancy.description:
        return
    with card().classes('gap-1 text-sm'):
        if vacancy.description:
            ui.label(vacancy.description).classes('ai-muted whitespace-pre-wrap')
        for item in vacancy.competencies or []:
            ui.label(f'• {item["name"]}' + (f': {item["rubric"]}' if item.get('rubric') else ''))


def _add_candidates(t: Texts, services: Services, vacancy: Vacancy, refresh) -> None:
    with card():
        ui.label(t('vacancy.add_title')).classes('text-lg font-semibold')
        ui.label(t('vacancy.add_hint')).classes('ai-muted text-sm')
        pasted = testid(ui.textarea(t('vacancy.paste')), 'candidates-text').props('dark outlined autogrow') \
            .classes('w-full font-mono')
        errors = testid(ui.column(), 'candidates-errors').classes('gap-0 ai-red text-sm')

        async def add(text: str) -> None:
            errors.clear()
            candidates, problems = parse_candidates(text)
            if problems:
                _show_problems(t, errors, problems)
                return
            created = await services.vacancies.add_candidates(vacancy.id, candidates)
            for interview in created:
                await services.audit.record(AuditAction.CREATE, page_actor(), interview_target(interview.id))
            pasted.set_value('')
            ui.notify(t('vacancy.added', count=len(created)), type='positive')
            refresh()

        async def uploaded(event: events.UploadEventArguments) -> None:
            data = await event.file.read()
            await add(data[:MAX_CSV_BYTES].decode('utf-8-sig', errors='replace'))

        with ui.row().classes('w-full items-center gap-3'):
            testid(ui.button(t('vacancy.add'), icon='group_add', on_click=lambda: add(pasted.value or '')),
                   'candidates-add').props('unelevated no-caps color=primary')
            testid(ui.upload(label=t('vacancy.upload'), auto_upload=True, on_upload=uploaded,
                             max_file_size=MAX_CSV_BYTES), 'candidates-csv') \
                .props('dark flat bordered accept=".csv,.txt,text/csv,text/plain"').classes('w-72')


def _show_problems(t: Texts, box: ui.column, problems: list[RowError]) -> None:
    with box:
        ui.label(t('vacancy.not_added')).classes('font-medium')
        for problem in problems:
            testid(ui.label(t(f'row.{problem.problem.value}', line=problem.line)), 'candidates-error')


async def _comparison(t: Texts, services: Services, vacancy: Vacancy) -> None:
    rows = [candidate_row(i) for i in await services.vacancies.interviews_of(vacancy.id)]
    names = competency_names(rows, vacancy.competencies)
    columns = [{'name': 'name', 'label': t('vacancy.col_candidate'), 'field': 'name', 'sortable': True,
                'align': 'left'},
               {'name': 'status', 'label': t('vacancy.col_status'), 'field': 'status', 'sortable': True},
               {'name': 'recommendation', 'label': t('vacancy.col_recommendation'), 'field': 'recommendation',
                'sortable': True},
               {'name': 'decision', 'label': t('vacancy.col_decision'), 'field': 'decision', 'sortable': True},
               {'name': 'human', 'label': t('list.human_requested'), 'field': 'human', 'sortable': True}]
    columns += [{'name': f'c{i}', 'label': name, 'field': f'c{i}', 'sortable': True} for i, name in enumerate(names)]
    table_rows = []
    for row in rows:
        values = {'interview_id': row.interview_id, 'name': row.candidate_name,
                  'status': t(f'status.{row.status.value}'),
                  'recommendation': t(f'report.rec.{row.recommendation}') if row.recommendation else '—',
                  'decision': t(f'decision.{row.decision}') if row.decision else '—',
                  'human': '✓' if row.human_requested else ''}
        values.update({f'c{i}': _status(t, row.competencies.get(name)) for i, name in enumerate(names)})
        table_rows.append(values)
    ui.label(t('vacancy.compare')).classes('text-lg font-semibold')
    table = testid(ui.table(columns=columns, rows=table_rows, row_key='interview_id',
                            pagination={'rowsPerPage': 0, 'sortBy': 'name'}), 'compare-table') \
        .props('dark flat bordered dense').classes('w-full')
    table.add_slot('body-cell-name', LINK_SLOT)


def _status(t: Texts, status: str | None) -> str:
    return t(f'report.status.{status}') if status and t.has(f'report.status.{status}') else (status or '—')
