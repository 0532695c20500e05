"""The AI HR's report on the admin interview page: recommendation, competencies with evidence, strengths, risks,
facts. Rendered defensively: a report from another brain or version may miss any part."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from nicegui import ui

from .i18n import Texts
from .local_time import LocalTime
from .theme import card, colors, testid
from .timer import clock

RECOMMENDATION_COLORS = {'recommend': colors.GREEN, 'consider': colors.AMBER, 'do_not_recommend': colors.RED}
COMPETENCY_COLORS = {'confirmed': colors.GREEN, 'partial': colors.AMBER, 'not_confirmed': colors.RED,
                     'not_assessed': colors.MUTED}


def report_card(t: Texts, report: dict[str, Any]) -> None:
    with testid(card(), 'report').classes('gap-4'):
        with ui.row().classes('w-full items-center gap-2'):
            ui.icon('assessment', size='22px').classes('ai-primary')
            ui.label(t('report.title')).classes('text-lg font-semibold')
            ui.space()
            recommendation = str(report.get('recommendation') or '')
            if recommendation:
                _pill(t(f'report.rec.{recommendation}'), RECOMMENDATION_COLORS.get(recommendation, colors.MUTED)) \
                    .props('data-testid=report-recommendation')
        with testid(ui.row(), 'report-advisory').classes('items-start gap-2 no-wrap ai-raised p-2 w-full'):
            ui.icon('balance', size='18px').classes('ai-amber')
            ui.label(t('report.advisory')).classes('text-xs')
        quality = report.get('quality') if isinstance(report.get('quality'), dict) else {}
        for note in quality.get('notes') or []:
            with testid(ui.row(), 'report-quality').classes('items-start gap-2 no-wrap ai-raised p-2 w-full'):
                ui.icon('report_problem', size='18px').classes('ai-amber')
                ui.label(f"{t('report.quality')}: {note}").classes('text-xs')
        if report.get('heuristic'):
            with ui.row().classes('items-start gap-2 no-wrap ai-raised p-2 w-full'):
                ui.icon('info', size='18px').classes('ai-muted')
                ui.label(t('report.heuristic')).classes('ai-muted text-xs')
        competencies = [c for c in report.get('competencies') or [] if isinstance(c, dict)]
        if competencies:
            ui.label(t('report.competencies')).classes('text-sm uppercase tracking-wide ai-muted')
            for competency in competencies:
                _competency(t, competency)
        with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-2 gap-3'):
            _bullets(t('report.strengths'), report.get('strengths'), 'thumb_up', colors.GREEN)
            _bullets(t('report.risks'), report.get('risks'), 'warning', colors.AMBER)
        facts = report.get('facts')
        if isinstance(facts, dict) and facts:
            _facts(t, facts)
        if report.get('brain'):
            brain = report['brain']
            name = t(f'report.brain.{brain}') if brain in ('scripted', 'openai') else brain  # not the internal name
            ui.label(t('report.brain', brain=name)).classes('ai-muted text-xs')


def _competency(t: Texts, competency: dict[str, Any]) -> None:
    status = str(competency.get('status') or '')
    with testid(ui.column(), 'report-competency').classes('ai-raised p-3 gap-2 w-full'):
        with ui.row().classes('w-full items-center gap-2 no-wrap'):
            ui.label(str(competency.get('name') or '—')).classes('font-medium flex-1')
            if status:
                _pill(t(f'report.status.{status}'), COMPETENCY_COLORS.get(status, colors.MUTED))
        if competency.get('rationale'):
            ui.label(str(competency['rationale'])).classes('text-sm ai-muted')
        for evidence in competency.get('covered') or competency.get('evidence') or []:
            if not isinstance(evidence, dict) or not evidence.get('quote'):
                continue
            if evidence.get('point'):
                ui.label(str(evidence['point'])).classes('text-xs ai-muted')
            with ui.row().classes('w-full gap-2 no-wrap items-start pl-3 border-l-2 border-[#8b5cf6]'):
                ui.label(f'«{evidence["quote"]}»').classes('text-sm italic flex-1')
                when = _parse_time(evidence.get('timestamp'))
                if when is not None:
                    LocalTime(when, language=t.language).classes('ai-muted text-xs')
        missing = [str(p) for p in competency.get('missing') or []]
        if missing and status in ('partial', 'not_confirmed'):
            ui.label(t('report.missing', points='; '.join(missing))).classes('text-xs ai-muted')


def _bullets(title: str, items: Any, icon: str, color: str) -> None:
    items = [str(i) for i in items or [] if i]
    with ui.column().classes('ai-raised p-3 gap-1 w-full'):
        with ui.row().classes('items-center gap-1'):
            ui.icon(icon, size='16px').style(f'color: {color}')
            ui.label(title).classes('text-sm font-medium')
        if not items:
            ui.label('—').classes('ai-muted text-sm')
        for item in items:
            ui.label(f'• {item}').classes('text-sm')


def _facts(t: Texts, facts: dict[str, Any]) -> None:
    values = []
    for key in ('questions_asked', 'candidate_messages', 'speech_messages', 'typed_messages'):
        if facts.get(key) is not None:
            values.append((t(f'report.fact.{key}'), str(facts[key])))
    share = facts.get('candidate_talk_share')
    if isinstance(share, (int, float)):
        values.append((t('report.fact.candidate_talk_share'), f'{round(share * 100)} %'))
    if isinstance(facts.get('duration_seconds'), int):
        values.append((t('report.fact.duration_seconds'), clock(facts['duration_seconds'])))
    with ui.element('div').classes('w-full grid grid-cols-2 sm:grid-cols-3 gap-2'):
        for label, value in values:
            with ui.column().classes('ai-raised p-2 gap-0'):
                ui.label(value).classes('text-lg font-semibold')
                ui.label(label).classes('ai-muted text-xs')


def _pill(text: str, color: str) -> ui.label:
    return ui.label(text).classes('ai-badge').style(f'color: {color}; background: {color}22; '
                                                    f'border: 1px solid {color}55')


def _parse_time(value: Any):
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace('Z', '+00:00'))
    except ValueError:
        return None
