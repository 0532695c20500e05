"""The report as plain text, for the TXT transcript (TranscriptWriter.report_renderer) and anything else that
wants it readable without JSON."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..languages import normalize_language


def render_report_text(report: dict[str, Any], language: str = 'ru') -> str:
    t = _T[normalize_language(language)]
    lines = [f"{t['kind']}: {t['heuristic'] if report.get('heuristic') else t['model']} ({report.get('brain', '?')})",
             f"{t['recommendation']} ({t['advisory']}): "
             f"{t['rec'].get(report.get('recommendation'), report.get('recommendation'))}"]
    quality = report.get('quality') or {}
    lines += [f"{t['quality']}: {note}" for note in quality.get('notes') or []]
    lines += ['', f"{t['competencies']}:"]
    for item in report.get('competencies') or []:
        status = item.get('status')
        lines.append(f"  [{_MARK.get(status, '?')}] {item.get('name')} — {t['status'].get(status, status)}")
        if item.get('rationale'):
            lines.append(f"      {t['rationale']}: {item['rationale']}")
        quotes = item.get('covered') or item.get('evidence') or []
        for quote in quotes:
            point = f"{quote['point']}: " if quote.get('point') else ''
            lines.append(f"      {point}«{quote.get('quote')}» ({_time(quote.get('timestamp'))})")
        if item.get('missing') and item.get('status') != 'not_assessed':
            lines.append(f"      {t['missing']}: {', '.join(item['missing'])}")
    for key in ('strengths', 'risks'):
        lines += ['', f'{t[key]}:']
        lines += [f'  - {entry}' for entry in report.get(key) or []] or ['  —']
    facts = report.get('facts') or {}
    if facts:
        share = facts.get('candidate_talk_share')
        lines += ['', f"{t['facts']}:",
                  f"  {t['questions_asked']}: {facts.get('questions_asked')}",
                  f"  {t['candidate_messages']}: {facts.get('candidate_messages')} "
                  f"({t['speech']}: {facts.get('speech_messages')}, {t['typed']}: {facts.get('typed_messages')})",
                  f"  {t['talk_share']}: {round(share * 100) if isinstance(share, (int, float)) else '—'} %",
                  f"  {t['duration']}: {_hms(facts.get('duration_seconds'))}"]
    return '\n'.join(lines)


_MARK = {'confirmed': '+', 'partial': '~', 'not_confirmed': '-', 'not_assessed': ' '}


def _time(value: Any) -> str:
    try:
        return f'{datetime.fromisoformat(str(value)):%H:%M:%S}'
    except ValueError:
        return str(value)


def _hms(seconds: Any) -> str:
    if not isinstance(seconds, int):
        return '—'
    return f'{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}'


_T = {
    'ru': {'kind': 'Оценка', 'heuristic': 'эвристическая, по полноте и конкретности ответов',
           'model': 'языковая модель',
           'recommendation': 'Рекомендация',
           'rec': {'recommend': 'рекомендовать', 'consider': 'рассмотреть', 'do_not_recommend': 'не рекомендовать'},
           'competencies': 'Компетенции',
           'status': {'confirmed': 'подтверждена', 'partial': 'частично', 'not_confirmed': 'не подтверждена',
                      'not_assessed': 'не оценивалась'},
           'advisory': 'совет ИИ, решение за рекрутером', 'quality': 'Качество данных', 'missing': 'Не раскрыто',
           'rationale': 'Обоснование', 'strengths': 'Сильные стороны', 'risks': 'Риски', 'facts': 'Факты',
           'questions_asked': 'Вопросов задано', 'candidate_messages': 'Сообщений кандидата', 'speech': 'голосом',
           'typed': 'текстом', 'talk_share': 'Доля речи кандидата', 'duration': 'Длительность'},
    'en': {'kind': 'Assessment', 'heuristic': 'heuristic, from the coverage and specificity of the answers',
           'model': 'language model', 'recommendation': 'Recommendation',
           'rec': {'recommend': 'recommend', 'consider': 'consider', 'do_not_recommend': 'do not recommend'},
           'competencies': 'Competencies',
           'status': {'confirmed': 'confirmed', 'partial': 'partial', 'not_confirmed': 'not confirmed',
                      'not_assessed': 'not assessed'},
           'advisory': "advisory: the decision is the recruiter's", 'quality': 'Data quality', 'missing': 'Not covered',
           'rationale': 'Rationale', 'strengths': 'Strengths', 'risks': 'Risks', 'facts': 'Facts',
           'questions_asked': 'Questions asked', 'candidate_messages': 'Candidate messages', 'speech': 'spoken',
           'typed': 'typed', 'talk_share': "Candidate's share of the talk", 'duration': 'Duration'},
}
