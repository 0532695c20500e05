"""`/admin/new`: the create form, made from the API's own model (`InterviewCreate`: one widget per field, chosen by
its type) and validated by it, errors shown per field; the recruiter's plan editor with a live preview of the plan
(plan_editor.py); afterwards the candidate's link with a copy button."""
from __future__ import annotations

from enum import Enum
from typing import Any, get_args

from nicegui import ui
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from aisobes.languages import Language
from aisobes.models import Interview
from aisobes.schemas import DURATION_MAX, DURATION_MIN, InterviewCreate
from aisobes.services import Services

from .admin_list import copy_text
from .i18n import Texts, texts
from .plan_editor import PlanEditor, plan_card
from .theme import card, frame, testid

LANGUAGE_NAMES = {Language.RU: 'Русский', Language.EN: 'English'}  # each in its own words, as in a language menu
SHORT_TEXT = 200  # characters: up to this a one-line input, above it a text area
EDITED_APART = {'competencies'}  # fields with their own editor, not a generic widget


def register(services: Services) -> None:
    settings = services.settings

    @ui.page('/admin/new')
    def create_page() -> None:
        t = texts(settings.language)

        def payload() -> InterviewCreate:
            data = {name: field.value for name, field in fields.items()}
            return InterviewCreate(**_clean(data), competencies=editor.value())

        @ui.refreshable
        def preview() -> None:
            try:
                plan = services.plans.preview(payload())
            except (ValidationError, TypeError, ValueError):
                ui.label(t('plan.preview_invalid')).classes('ai-muted text-sm')
                return
            plan_card(t, plan)

        with frame(t, title=t('create.title'), admin=True):
            ui.label(t('create.title')).classes('text-2xl font-semibold')
            with card() as form_card:
                fields = _form(t, settings.language)
                editor = PlanEditor(t, lambda: preview.refresh())
                with testid(ui.column(), 'plan-preview').classes('w-full gap-2 ai-raised p-3'):
                    ui.label(t('plan.preview')).classes('text-sm uppercase tracking-wide ai-muted')
                    preview()
                with ui.row().classes('w-full justify-end'):
                    submit = testid(ui.button(t('create.submit'), icon='add'), 'admin-create') \
                        .props('unelevated no-caps color=primary')
            result = ui.column().classes('w-full')
            for field in fields.values():
                field.on_value_change(lambda: preview.refresh())

        async def create() -> None:
            for field in fields.values():
                field.error = None
            try:
                data = payload()
            except ValidationError as e:
                errors = [(error, field_error(t, error)) for error in e.errors()]
                for error, text in errors:
                    name = str(error['loc'][0]) if error['loc'] else ''
                    if name in fields:
                        fields[name].error = text
                editor.show_errors(errors)
                ui.notify(t('create.invalid'), type='warning')
                return
            interview = await services.interviews.create(data)
            form_card.set_visibility(False)
            with result:
                created_card(t, services, interview)

        submit.on_click(create)


def created_card(t: Texts, services: Services, interview: Interview) -> None:
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
    """One widget per field of InterviewCreate, in its order: short ones in a grid, long texts below it."""
    fields: dict[str, Any] = {}
    model_fields = {name: info for name, info in InterviewCreate.model_fields.items() if name not in EDITED_APART}
    short = {name: info for name, info in model_fields.items() if not _is_long_text(info)}
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-3'):
        for name, info in short.items():
            fields[name] = _widget(t, name, info, language)
    for name, info in model_fields.items():
        if name not in short:
            fields[name] = _widget(t, name, info, language)
            if t.has(f'create.{name}_hint'):
                ui.label(t(f'create.{name}_hint')).classes('ai-muted text-xs -mt-2')
    for name, field in fields.items():
        testid(field, f'create-{name.replace("_", "-")}').props('dark outlined').classes('w-full')
    return fields


def _widget(t: Texts, name: str, info: FieldInfo, language: str) -> Any:
    label = t(f'create.{name}')
    kind = _base_type(info.annotation)
    if isinstance(kind, type) and issubclass(kind, Enum):
        options = {member: LANGUAGE_NAMES.get(member, str(member)) for member in kind}
        return ui.select(options, value=kind(language) if language in kind._value2member_map_ else None,
                         label=label)
    if kind is int:
        default = info.default if isinstance(info.default, int) else 30
        return ui.number(label, value=default, step=5, precision=0)
    if _is_long_text(info):
        return ui.textarea(label).props('autogrow')
    element = ui.input(label)
    return element.classes('sm:col-span-2') if name == 'position' else element


def _base_type(annotation: Any) -> Any:
    """str for `str`, `Optional[str]` and `Annotated[str, ...]`."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    return _base_type(args[0]) if args and not isinstance(annotation, type) else annotation


def _is_long_text(info: FieldInfo) -> bool:
    limits = [limit for limit in (getattr(m, 'max_length', None) for m in info.metadata) if limit]
    return _base_type(info.annotation) is str and bool(limits) and max(limits) > SHORT_TEXT


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Form values to the API's shape: numbers from the number box are floats, empty optional texts are ''."""
    cleaned = dict(data)
    duration = cleaned.get('recommended_duration')
    if isinstance(duration, float) and duration.is_integer():
        cleaned['recommended_duration'] = int(duration)
    for key, info in InterviewCreate.model_fields.items():
        if _base_type(info.annotation) is str and key not in EDITED_APART:
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
