"""The recruiter's report: per competency a status with verbatim evidence, strengths, risks, a recommendation and
facts. The scripted brain's report is a heuristic (coverage and specificity of the answers) and says so; the openai
brain's report is the model's, validated, with every quote checked against the candidate's words.

Shape (issue 5):
{"brain": "scripted" | "openai", "heuristic": bool,
 "competencies": [{"name", "status": "confirmed" | "partial" | "not_confirmed",
                   "evidence": [{"quote": verbatim candidate text, "timestamp": ISO 8601}], "rationale"}],
 "strengths": [str], "risks": [str], "recommendation": "recommend" | "consider" | "do_not_recommend",
 "facts": {"questions_asked", "candidate_messages", "speech_messages", "typed_messages", "candidate_talk_share",
           "duration_seconds"}}
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from ..models import Interview, Role, Source
from ..schemas import MessageOut
from .competencies import Competency
from .plan import QUESTION_KINDS, Phase, Plan
from .signals import Signals, analyse, sentences, tokens_of

log = logging.getLogger(__name__)

MAX_QUOTE_CHARS = 300
MAX_QUOTES = 2


def heuristic_report(plan: Plan, interview: Interview, messages: Sequence[MessageOut]) -> dict[str, Any]:
    answers = answers_by_competency(plan, messages)
    lang = plan.language
    competencies = [judge(plan.competencies[i], answers[i], lang) for i in range(len(plan.competencies))]
    candidate = [m for m in messages if m.role == Role.CANDIDATE]
    words = [len(tokens_of(m.content)) for m in candidate]
    strengths, risks = [], []
    for index, item in enumerate(competencies):
        signals = analyse(_joined(answers[index]), plan.competencies[index].keywords)
        if item['status'] == 'confirmed':
            strengths.append(_L[lang]['strength'].format(name=item['name'], what=_present(signals, lang)))
        elif item['status'] == 'partial':
            risks.append(_L[lang]['risk_partial'].format(name=item['name'], what=_missing(signals, lang)))
        else:
            risks.append(_L[lang]['risk_none'].format(name=item['name']))
    if words and sum(words) / len(words) >= 40:
        strengths.append(_L[lang]['detailed'])
    if not candidate:
        risks.insert(0, _L[lang]['silent'])
    return {'brain': 'scripted', 'heuristic': True, 'competencies': competencies, 'strengths': strengths,
            'risks': risks, 'recommendation': recommendation(competencies), 'facts': facts(interview, messages)}


def answers_by_competency(plan: Plan, messages: Sequence[MessageOut]) -> list[list[MessageOut]]:
    """Candidate messages per competency: those given after the AI asked about it (read from the AI turns' meta),
    plus messages elsewhere in the interview that use the competency's terms (e.g. in the self-introduction)."""
    answers: list[list[MessageOut]] = [[] for _ in plan.competencies]
    current: int | None = None
    for message in messages:
        if message.role == Role.AI_HR and message.meta and 'phase' in message.meta:
            index = message.meta.get('competency')
            current = index if message.meta['phase'] == Phase.COMPETENCY and isinstance(index, int) \
                and 0 <= index < len(plan.competencies) else None
        elif message.role == Role.CANDIDATE:
            if current is not None:
                answers[current].append(message)
                continue
            for i, competency in enumerate(plan.competencies):
                if analyse(message.content, competency.keywords).terms:
                    answers[i].append(message)
    return answers


def recommendation(competencies: list[dict[str, Any]]) -> str:
    if not competencies:
        return 'do_not_recommend'
    confirmed = sum(c['status'] == 'confirmed' for c in competencies)
    partial = sum(c['status'] == 'partial' for c in competencies)
    missing = len(competencies) - confirmed - partial
    score = (confirmed + 0.5 * partial) / len(competencies)
    if score >= 0.7 and missing <= 1:
        return 'recommend'
    return 'consider' if score >= 0.4 else 'do_not_recommend'


def facts(interview: Interview, messages: Sequence[MessageOut]) -> dict[str, Any]:
    candidate = [m for m in messages if m.role == Role.CANDIDATE]
    ai = [m for m in messages if m.role == Role.AI_HR]
    if any(m.meta and 'kind' in m.meta for m in ai):
        asked = sum(1 for m in ai if (m.meta or {}).get('kind') in QUESTION_KINDS)
    else:
        asked = sum(1 for m in ai if '?' in m.content)
    candidate_words = sum(len(tokens_of(m.content)) for m in candidate)
    ai_words = sum(len(tokens_of(m.content)) for m in ai)
    total = candidate_words + ai_words
    duration = interview.actual_duration
    if duration is None and interview.started_at and interview.finished_at:
        duration = int((interview.finished_at - interview.started_at).total_seconds())
    return {'questions_asked': asked, 'candidate_messages': len(candidate),
            'speech_messages': sum(m.source == Source.SPEECH for m in candidate),
            'typed_messages': sum(m.source == Source.TYPED for m in candidate),
            'candidate_talk_share': round(candidate_words / total, 2) if total else 0.0,
            'duration_seconds': duration}


def evidence(messages: Sequence[MessageOut], keywords: Sequence[str],
             limit: int = MAX_QUOTES) -> list[dict[str, str]]:
    """The most telling sentences of these messages, each an exact substring of its message."""
    scored = []
    for order, message in enumerate(messages):
        for start, end in sentences(message.content):
            quote = _cut(message.content[start:end])
            signals = analyse(quote, keywords)
            if signals.words < 4:
                continue
            scored.append((signals.specificity * 10 + min(signals.words, 40) / 4, -order, quote, message))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    chosen, seen = [], set()
    for _score, _order, quote, message in scored:
        if quote not in seen:
            seen.add(quote)
            chosen.append({'quote': quote, 'timestamp': iso(message.timestamp)})
        if len(chosen) == limit:
            break
    return chosen


def iso(value: Any) -> str:
    return value.astimezone(UTC).isoformat()


# --- helpers ---------------------------------------------------------------------------------------------------

def judge(competency: Competency, answers: list[Any], lang: str) -> dict[str, Any]:
    """One competency's entry of the heuristic report."""
    signals = analyse(_joined(answers), competency.keywords)
    on_topic = bool(signals.terms) or not competency.keywords
    if answers and signals.words >= 30 and signals.specificity >= 3 and on_topic:
        status = 'confirmed'
    elif answers and ((signals.words >= 12 and signals.specificity >= 1) or signals.words >= 30):
        status = 'partial'
    else:
        status = 'not_confirmed'
    quotes = evidence(answers, competency.keywords, MAX_QUOTES if status != 'not_confirmed' else 1)
    return {'name': competency.name, 'status': status, 'evidence': quotes,
            'rationale': _rationale(signals, len(answers), lang)}


def _rationale(signals: Signals, count: int, lang: str) -> str:
    words = _L[lang]
    if not count:
        return words['not_discussed']
    yes, no = words['yes'], words['no']
    parts = [words['answers'].format(count=count, words=signals.words),
             f"{words['example']}: {yes if signals.example else no}",
             f"{words['result']}: {yes if signals.result else no}",
             f"{words['numbers']}: {yes if signals.numbers else no}",
             f"{words['tradeoffs']}: {yes if signals.tradeoffs else no}",
             f"{words['terms']}: {', '.join(signals.terms) if signals.terms else no}"]
    return '; '.join(parts) + '.'


def _present(signals: Signals, lang: str) -> str:
    names = [_L[lang][key] for key in ('example', 'result', 'numbers', 'tradeoffs') if getattr(signals, key)]
    return ', '.join(names) or _L[lang]['terms']


def _missing(signals: Signals, lang: str) -> str:
    return ', '.join(_L[lang][key] for key in signals.missing()) or _L[lang]['depth']


def _joined(messages: list[Any]) -> str:
    return '\n'.join(m.content for m in messages)


def _cut(quote: str) -> str:
    if len(quote) <= MAX_QUOTE_CHARS:
        return quote
    head = quote[:MAX_QUOTE_CHARS]
    return head.rsplit(' ', 1)[0] if ' ' in head else head


_L = {
    'ru': {'yes': 'да', 'no': 'нет', 'answers': 'ответов по теме: {count} (слов: {words})',
           'example': 'конкретный пример', 'result': 'результат', 'numbers': 'цифры', 'tradeoffs': 'компромиссы',
           'terms': 'термины темы', 'depth': 'глубина', 'not_discussed': 'Тема в ответах не раскрыта.',
           'strength': 'Предметные ответы по теме «{name}» ({what})',
           'risk_partial': 'По теме «{name}» не хватило конкретики ({what})',
           'risk_none': 'Нет подтверждений по теме «{name}»',
           'detailed': 'Развёрнутые, подробные ответы', 'silent': 'Кандидат не ответил ни на один вопрос'},
    'en': {'yes': 'yes', 'no': 'no', 'answers': 'answers on the topic: {count} ({words} words)',
           'example': 'concrete example', 'result': 'result', 'numbers': 'numbers', 'tradeoffs': 'trade-offs',
           'terms': "the topic's terms", 'depth': 'depth', 'not_discussed': 'The topic was not covered in the answers.',
           'strength': 'Specific answers on {name} ({what})',
           'risk_partial': 'Answers on {name} lacked specifics ({what})',
           'risk_none': 'No evidence on {name}',
           'detailed': 'Detailed, well-developed answers', 'silent': 'The candidate answered no question'},
}
