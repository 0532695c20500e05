"""The recruiter's plan on the admin pages: an editor of competencies (add, remove, reorder; questions, rubric,
weight) with a live preview of the plan the AI will follow, and a read-only view of the plan in use."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from aisobes.schemas import MAX_COMPETENCIES, PlanOut

from .i18n import Texts
from .theme import testid

WEIGHTS = {1: '1', 2: '2', 3: '3'}


class PlanEditor:
    """Rows of competencies as the recruiter edits them; `value()` is the create payload's `competencies` (None when
    there are none: the plan then comes from the knowledge base)."""

    def __init__(self, t: Texts, on_change: Callable[[], None]) -> None:
        self.t = t
        self.on_change = on_change
        self.rows: list[dict[str, Any]] = []
        self.widgets: list[dict[str, Any]] = []
        with ui.column().classes('w-full gap-2'):
            with ui.row().classes('w-full items-center gap-2'):
                ui.label(t('plan.editor')).classes('text-sm font-medium')
                ui.space()
                self.add_button = testid(ui.button(t('plan.add'), icon='add', on_click=self.add), 'plan-add') \
                    .props('flat no-caps dense')
            ui.label(t('plan.editor_hint')).classes('ai-muted text-xs')
            self.box = ui.column().classes('w-full gap-2')

    def value(self) -> list[dict[str, Any]] | None:
        if not self.rows:
            return None
        return [{'name': row['name'] or '', 'weight': int(row['weight'] or 1), 'rubric': row['rubric'] or '',
                 'questions': [q.strip() for q in (row['questions'] or '').splitlines() if q.strip()]}
                for row in self.rows]

    def add(self) -> None:
        if len(self.rows) < MAX_COMPETENCIES:
            self.rows.append({'name': '', 'questions': '', 'rubric': '', 'weight': 1})
            self._changed()

    def remove(self, index: int) -> None:
        self.rows.pop(index)
        self._changed()

    def move(self, index: int, delta: int) -> None:
        other = index + delta
        if 0 <= other < len(self.rows):
            self.rows[index], self.rows[other] = self.rows[other], self.rows[index]
            self._changed()

    def show_errors(self, errors: list[dict]) -> None:
        """Pydantic errors located under ('competencies', i, field) shown on that row's widget."""
        for widgets in self.widgets:
            for widget in widgets.values():
                widget.error = None
        for error, text in errors:
            loc = error['loc']
            if len(loc) >= 3 and loc[0] == 'competencies' and isinstance(loc[1], int) and loc[1] < len(self.widgets):
                widget = self.widgets[loc[1]].get(str(loc[2]))
                if widget is not None:
                    widget.error = text

    def _changed(self) -> None:
        self._render()
        self.on_change()

    def _render(self) -> None:
        t = self.t
        self.box.clear()
        self.widgets = []
        self.add_button.set_visibility(len(self.rows) < MAX_COMPETENCIES)
        with self.box:
            for i, row in enumerate(self.rows):
                with testid(ui.column(), 'plan-row').classes('ai-raised p-3 gap-2 w-full'):
                    with ui.row().classes('w-full items-center gap-2 no-wrap'):
                        name = self._bind(ui.input(t('plan.name')), row, 'name', f'plan-name-{i}').classes('flex-1')
                        weight = self._bind(ui.select(WEIGHTS, label=t('plan.weight')), row, 'weight',
                                            f'plan-weight-{i}').classes('w-24')
                        for icon, delta, key in (('arrow_upward', -1, 'up'), ('arrow_downward', 1, 'down')):
                            testid(ui.button(icon=icon, on_click=lambda i=i, d=delta: self.move(i, d)),
                                   f'plan-{key}-{i}').props('flat round dense size=sm')
                        testid(ui.button(icon='delete', on_click=lambda i=i: self.remove(i)), f'plan-remove-{i}') \
                            .props('flat round dense size=sm')
                    questions = self._bind(ui.textarea(t('plan.questions')).props('autogrow'), row, 'questions',
                                           f'plan-questions-{i}')
                    rubric = self._bind(ui.textarea(t('plan.rubric')).props('autogrow'), row, 'rubric',
                                        f'plan-rubric-{i}')
                self.widgets.append({'name': name, 'weight': weight, 'questions': questions, 'rubric': rubric})

    def _bind(self, widget: Any, row: dict[str, Any], key: str, test_id: str) -> Any:
        widget.value = row[key]

        def changed(event: Any) -> None:
            row[key] = event.value
            self.on_change()
        widget.on_value_change(changed)
        return testid(widget, test_id).props('dark outlined dense').classes('w-full')


def plan_card(t: Texts, plan: PlanOut) -> None:
    """The plan the AI follows: phases with minutes, then each competency with its questions and rubric points."""
    with testid(ui.column(), 'plan-view').classes('w-full gap-2'):
        source = t('plan.source_recruiter') if plan.source == 'recruiter' else t('plan.source_kb')
        ui.label(t('plan.summary', minutes=plan.duration_minutes, source=source)).classes('text-sm ai-muted')
        with ui.row().classes('gap-2 flex-wrap'):
            for phase in plan.phases:
                ui.label(f"{t(f'plan.phase.{phase.phase}')}: {_minutes(phase.minutes)}") \
                    .classes('ai-raised px-2 py-1 text-xs')
        for index, competency in enumerate(plan.competencies, start=1):
            with testid(ui.column(), 'plan-competency').classes('ai-raised p-2 gap-1 w-full'):
                ui.label(t('plan.competency', index=index, name=competency.name, minutes=_minutes(competency.minutes),
                           weight=competency.weight)).classes('font-medium text-sm')
                for question in competency.questions:
                    ui.label(f'? {question}').classes('text-sm')
                if competency.rubric:
                    ui.label(t('plan.rubric_points', points='; '.join(competency.rubric))).classes('ai-muted text-xs')


def _minutes(value: float) -> str:
    return f'{value:g}'
