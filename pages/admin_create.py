"""`/admin/new`: the create form, validated by the API's own model (`InterviewCreate`), errors shown per field;
afterwards the candidate's link with a copy button."""
from __future__ import annotations

from typing import Any

from fastapi import Request
from nicegui import ui
from pydantic import ValidationError

from aisobes.schemas import DURATION_MAX, DURATION_MIN, InterviewCreate

from .admin_auth import guard
from .admin_list import copy_text
from .i18n import Texts, texts
from .theme import card, frame, testid

LANGUAGE_NAMES = {'ru': 'Русский', 'en': 'English'}  # each language in its own words, as in any language menu
FIELDS = ('candidate_name', 'candidate_id', 'position', 'recommended_duration', 'language', 'knowledge_base',
          'description')


def register(services) -> None:
    settings = services.settings

    @ui.page('/admin/new')
    def create_page(request: Request):
        if (redirect := guard(settings, request)) is not None:
            return redirect
        t = texts(settings.language)
        with frame(t, title=t('create.title'), admin=True):
            ui.label(t('create.title')).classes('text-2xl font-semibold')
            with card() as form_card:
                fields = _form(t, settings.language)
                with ui.row().classes('w-full justify-end'):
                    submit = testid(ui.button(t('create.submit'), icon='add'), 'admin-create') \
                        .props('unelevated no-caps color=primary')
            result = ui.column().classes('w-full')

        def create() -> None:
            data = {name: field.value for name, field in fields.items()}
            for field in fields.values():
                field.error = None
            try:
                payload = InterviewCreate(**_clean(data))
            except ValidationError as e:
                for error in e.errors():
                    name = str(error['loc'][0]) if error['loc'] else ''
                    if name in fields:
                        fields[name].error = field_error(t, error)
                ui.notify(t('create.invalid'), type='warning')
                return
            interview = services.interviews.create(payload)
            form_card.set_visibility(False)
            with result:
                created_card(t, services, interview)

        submit.on_click(create)


def created_card(t: Texts, services, interview) -> None:
    link = services.interviews.full_link(interview)
    with testid(card(), 'created').classes('gap-3'):
        with ui.row().classes('items-center gap-2'):
            ui.icon('check_circle', size='28px').classes('ai-green')
            ui.label(t('create.done', name=interview.candidate_name)).classes('text-lg font-semibold')
        ui.label(t('create.link_hint')).classes('ai-muted text-sm')
        with ui.row().classes('w-full items-center gap-2 no-wrap ai-raised px-3 py-2'):
            testid(ui.label(link), 'created-link').classes('flex-1 font-mono text-sm break-all')
            testid(ui.button(icon='content_copy', on_click=lambda: copy_text(t, link)), 'copy-link') \
                .props('flat round dense').tooltip(t('common.copy'))
        with ui.row().classes('gap-2 flex-wrap'):
            ui.button(t('create.open_admin'), icon='visibility',
                      on_click=lambda: ui.navigate.to(f'/admin/interviews/{interview.id}')) \
                .props('unelevated no-caps color=primary')
            ui.button(t('create.open_room'), icon='open_in_new').props(f'outline no-caps href="{link}" target=_blank')
            ui.button(t('create.another'), icon='add', on_click=lambda: ui.navigate.to('/admin/new')) \
                .props('flat no-caps')


def _form(t: Texts, language: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-3'):
        fields['candidate_name'] = ui.input(t('create.candidate_name'))
        fields['candidate_id'] = ui.input(t('create.candidate_id'))
        fields['position'] = ui.input(t('create.position')).classes('sm:col-span-2')
        fields['recommended_duration'] = ui.number(t('create.duration'), value=30, step=5, precision=0)
        fields['language'] = ui.select(LANGUAGE_NAMES, value=language,
                                       label=t('create.language'))
    fields['knowledge_base'] = ui.textarea(t('create.knowledge_base')).props('autogrow')
    ui.label(t('create.knowledge_base_hint')).classes('ai-muted text-xs -mt-2')
    fields['description'] = ui.textarea(t('create.description')).props('autogrow')
    for name, field in fields.items():
        testid(field, f'create-{name.replace("_", "-")}').props('dark outlined').classes('w-full')
    return fields


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Form values to the API's shape: numbers from the number box are floats, empty optional texts are ''."""
    cleaned = dict(data)
    duration = cleaned.get('recommended_duration')
    if isinstance(duration, float) and duration.is_integer():
        cleaned['recommended_duration'] = int(duration)
    for key in ('candidate_name', 'candidate_id', 'position', 'knowledge_base', 'description'):
        cleaned[key] = cleaned.get(key) or ''
    return cleaned


def field_error(t: Texts, error: dict) -> str:
    kind = error.get('type', '')
    ctx = error.get('ctx') or {}
    if kind in ('string_too_short', 'missing'):
        return t('form.required')
    if kind == 'string_too_long':
        return t('form.too_long', max=ctx.get('max_length', ''))
    if kind in ('greater_than_equal', 'less_than_equal'):
        return t('form.duration_range', min=DURATION_MIN, max=DURATION_MAX)
    if kind in ('int_type', 'int_parsing', 'int_from_float', 'none_required'):
        return t('form.integer')
    return error.get('msg', t('form.invalid'))
