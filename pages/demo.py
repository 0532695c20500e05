"""`/test`: the demo page, behind the admin login. Opening it creates nothing; one click creates a demo interview
with prefilled values and opens the candidate room in a new tab."""
from __future__ import annotations

from datetime import datetime

from nicegui import ui

from aisobes.schemas import InterviewCreate
from aisobes.services import Services

from .i18n import Texts, texts
from .theme import card, frame, testid


def demo_values(t: Texts, language: str) -> InterviewCreate:
    return InterviewCreate(candidate_name=t('demo.candidate'), candidate_id=f'demo-{datetime.now():%Y%m%d-%H%M%S}',
                           position=t('demo.position'), recommended_duration=15,
                           knowledge_base=t('demo.knowledge_base'), description=t('demo.description'),
                           language=language)


def register(services: Services) -> None:
    settings = services.settings

    @ui.page('/test')
    def demo_page() -> None:
        t = texts(settings.language)
        preview = demo_values(t, settings.language)
        with frame(t, title=t('demo.title'), admin=True):
            with card().classes('gap-4 p-6'):
                with ui.row().classes('items-center gap-2'):
                    ui.icon('science', size='26px').classes('ai-primary')
                    ui.label(t('demo.title')).classes('text-2xl font-semibold')
                ui.label(t('demo.text')).classes('ai-muted')
                with ui.element('div').classes('grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm ai-raised p-3'):
                    for label, value in ((t('create.candidate_name'), preview.candidate_name),
                                         (t('create.position'), preview.position),
                                         (t('details.duration'),
                                          t('common.minutes', minutes=preview.recommended_duration)),
                                         (t('create.knowledge_base'), preview.knowledge_base.replace('\n', ', '))):
                        ui.label(label).classes('ai-muted')
                        ui.label(value)
                button = testid(ui.button(t('demo.start'), icon='rocket_launch'), 'demo-create') \
                    .props('unelevated no-caps size=lg color=primary').classes('self-start')
                created = ui.column().classes('w-full gap-1')

        async def create_demo() -> None:
            interview = await services.interviews.create(demo_values(t, settings.language))
            link = f'/interview/{interview.unique_link}'
            with created:
                with ui.row().classes('items-center gap-2 text-sm'):
                    ui.icon('check', size='18px').classes('ai-green')
                    ui.label(t('demo.created'))
                    testid(ui.link(services.interviews.full_link(interview), link, new_tab=True), 'demo-link') \
                        .classes('ai-link break-all')
                    ui.link(t('demo.admin_page'), f'/admin/interviews/{interview.id}').classes('ai-link')
            ui.navigate.to(link, new_tab=True)

        button.on_click(create_demo)
