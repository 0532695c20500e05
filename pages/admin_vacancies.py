"""`/admin/vacancies`: the vacancies with their number of candidates, and a form for a new one (recruiter and up):
title, description, knowledge base, competencies one per line (`Name: rubric points`), duration, language."""
from __future__ import annotations

from nicegui import ui
from pydantic import ValidationError

from aisobes.audit import AuditAction
from aisobes.languages import Language
from aisobes.schemas import DURATION_MAX, DURATION_MIN
from aisobes.services import Services
from aisobes.users import UserRole
from aisobes.vacancy_schemas import VacancyCreate

from .admin_create import LANGUAGE_NAMES
from .i18n import texts
from .local_time import LocalTime
from .session import page_actor, page_role
from .theme import card, frame, testid


def register(services: Services) -> None:
    settings = services.settings

    @ui.page('/admin/vacancies')
    async def vacancies_page() -> None:
        t = texts(settings.language)
        with frame(t, title=t('vacancies.title'), admin=True, wide=True):
            ui.label(t('vacancies.title')).classes('text-2xl font-semibold')
            vacancies = await services.vacancies.list()
            with ui.column().classes('ai-card w-full gap-0 overflow-hidden'):
                if not vacancies:
                    testid(ui.label(t('vacancies.empty')), 'vacancies-empty').classes('ai-muted p-6')
                for vacancy in vacancies:
                    count = len(await services.vacancies.interviews_of(vacancy.id))
                    target = f'/admin/vacancies/{vacancy.id}'
                    with testid(ui.row(), 'vacancy-row').classes('w-full items-center gap-3 px-4 py-3 no-wrap '
                                                                 'border-b border-[#1f1f1f] cursor-pointer') \
                            .on('click', lambda target=target: ui.navigate.to(target)):
                        ui.label(vacancy.title).classes('font-medium flex-1 truncate')
                        ui.label(t('vacancies.candidates', count=count)).classes('ai-muted text-sm')
                        LocalTime(vacancy.created_at, mode='date', language=t.language).classes('ai-muted text-sm')
            if page_role().allows(UserRole.RECRUITER):
                _form(t, services)


def _form(t, services: Services) -> None:
    ui.label(t('vacancies.new')).classes('text-lg font-semibold')
    with card():
        title = testid(ui.input(t('vacancies.name')), 'vacancy-title').props('dark outlined').classes('w-full')
        description = ui.textarea(t('vacancies.description')).props('dark outlined autogrow').classes('w-full')
        knowledge = ui.textarea(t('vacancies.knowledge_base')).props('dark outlined autogrow').classes('w-full')
        competencies = testid(ui.textarea(t('vacancies.competencies')), 'vacancy-competencies') \
            .props('dark outlined autogrow').classes('w-full')
        with ui.row().classes('gap-3'):
            duration = testid(ui.number(t('vacancies.duration'), value=30, min=DURATION_MIN, max=DURATION_MAX,
                                        precision=0), 'vacancy-duration').props('dark outlined').classes('w-40')
            language = ui.select({lang.value: LANGUAGE_NAMES[lang] for lang in Language},
                                 value=services.settings.language.value, label=t('vacancies.language')) \
                .props('dark outlined').classes('w-48')

        async def create() -> None:
            plan = [_competency(line) for line in (competencies.value or '').splitlines() if line.strip()]
            try:
                data = VacancyCreate(title=title.value or '', description=description.value or '',
                                     knowledge_base=knowledge.value or '', competencies=plan or None,
                                     recommended_duration=int(duration.value or 0), language=language.value)
            except ValidationError:
                ui.notify(t('vacancies.invalid'), type='warning')
                return
            vacancy = await services.vacancies.create(data)
            await services.audit.record(AuditAction.VACANCY_CREATE, page_actor(), f'vacancy:{vacancy.id}')
            ui.navigate.to(f'/admin/vacancies/{vacancy.id}')

        with ui.row().classes('w-full justify-end'):
            testid(ui.button(t('vacancies.create'), icon='add', on_click=create), 'vacancy-create') \
                .props('unelevated no-caps color=primary')


def _competency(line: str) -> dict:
    name, _, rubric = line.strip().lstrip('-*• ').partition(':')
    return {'name': name.strip()[:100], 'rubric': rubric.strip()[:1000]}
