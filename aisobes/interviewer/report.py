"""The recruiter's report: per competency the rubric points covered (each with a verbatim quote and its time), a
status, strengths, risks, an advisory recommendation shaped by the weights, a quality note and facts.

The heuristic report judges with the same understanding module the director uses (understanding.py): a point counts
only when a non-negated sentence of a substantive answer holds its content, so «не сталкивался» or an answer stuffed
with «например», «в результате» cannot confirm anything. The openai brain's report is the model's, validated, with
every quote checked against the candidate's words.

Shape:
{"brain": "scripted" | "openai", "heuristic": bool, "advisory": true,
 "competencies": [{"name", "weight", "status": "confirmed" | "partial" | "not_confirmed" | "not_assessed",
                   "covered": [{"point", "quote", "timestamp"}], "missing": [point],
                   "evidence": [{"quote": verbatim candidate text, "timestamp": ISO 8601}], "rationale"}],
 "strengths": [str], "risks": [str], "recommendation": "recommend" | "consider" | "do_not_recommend",
 "quality": {"weak": bool, "codes": [str], "notes": [str]},
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
from .morph import tokens_of
from .plan import QUESTION_KINDS, Phase, Plan
from .understanding import AnswerKind, mentions, understand

log = logging.getLogger(__name__)

MAX_QUOTE_CHARS = 300
MAX_QUOTES = 2


def heuristic_report(plan: Plan, interview: Interview, messages: Sequence[MessageOut]) -> dict[str, Any]:
    answers = answers_by_competency(plan, messages)
    asked = asked_competencies(messages)
    lang = plan.language
    competencies = [judge(plan.competencies[i], answers[i], lang, asked=i in asked)
                    for i in range(len(plan.competencies))]
    candidate = [m for m in messages if m.role == Role.CANDIDATE]
    strengths, risks = [], []
    for item in competencies:
        points = ', '.join(c['point'] for c in item['covered'])
        if item['status'] == 'confirmed':
            strengths.append(_L[lang]['strength'].format(name=item['name'], what=points))
        elif item['status'] == 'partial':
            risks.append(_L[lang]['risk_partial'].format(name=item['name'], what=', '.join(item['missing'])))
        elif item['status'] == 'not_confirmed':
            risks.append(_L[lang]['risk_none'].format(name=item['name']))
        else:
            risks.append(_L[lang]['risk_not_assessed'].format(name=item['name']))
    if not candidate:
        risks.insert(0, _L[lang]['silent'])
    return {'brain': 'scripted', 'heuristic': True, 'advisory': True, 'competencies': competencies,
            'strengths': strengths, 'risks': risks, 'recommendation': recommendation(competencies),
            'quality': quality(messages, lang), 'facts': facts(interview, messages)}


def asked_competencies(messages: Sequence[MessageOut]) -> set[int]:
    """Competencies the AI put a question on (read from its turns' meta)."""
    return {m.meta['competency'] for m in messages if m.role == Role.AI_HR and m.meta
            and m.meta.get('phase') == Phase.COMPETENCY and isinstance(m.meta.get('competency'), int)}


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
                if any(mentions(message.content, term) for term in competency.keywords):
                    answers[i].append(message)
    return answers


def recommendation(competencies: list[dict[str, Any]]) -> str:
    """Advisory: weighted by the competencies' weights; not assessed ones are left out of the score (no evidence
    either way), but when they outweigh the assessed ones the recommendation is at most 'consider'."""
    score_of = {'confirmed': 1.0, 'partial': 0.5, 'not_confirmed': 0.0}
    assessed = [c for c in competencies if c.get('status') in score_of]
    if not assessed:
        return 'consider' if competencies else 'do_not_recommend'
    weight = sum(int(c.get('weight') or 1) for c in assessed)
    score = sum(score_of[c['status']] * int(c.get('weight') or 1) for c in assessed) / weight
    heavy_miss = any(c['status'] == 'not_confirmed' and int(c.get('weight') or 1) >= 3 for c in assessed)
    unassessed = sum(int(c.get('weight') or 1) for c in competencies) - weight
    if score >= 0.7 and not heavy_miss and unassessed <= weight:
        return 'recommend'
    return 'consider' if score >= 0.4 or (unassessed > weight and score >= 0.2) else 'do_not_recommend'


def quality(messages: Sequence[MessageOut], lang: str) -> dict[str, Any]:
    """Whether the evidence is weak: few candidate words, many very short speech fragments, low speech confidence
    (read from a spoken message's meta['confidence'] when the speech layer stores it)."""
    candidate = [m for m in messages if m.role == Role.CANDIDATE]
    words = [len(tokens_of(m.content)) for m in candidate]
    codes = []
    if sum(words) < 60:
        codes.append('few_words')
    spoken = [m for m in candidate if m.source == Source.SPEECH]
    if len(spoken) >= 4 and sum(len(tokens_of(m.content)) <= 3 for m in spoken) / len(spoken) >= 0.5:
        codes.append('short_fragments')
    logprobs, no_speech = [], []
    for m in spoken:
        confidence = (m.meta or {}).get('confidence')
        if isinstance(confidence, dict):
            for key, into in (('avg_logprob', logprobs), ('no_speech_prob', no_speech)):
                if isinstance(confidence.get(key), (int, float)):
                    into.append(float(confidence[key]))
    if (logprobs and sum(logprobs) / len(logprobs) < -1.0) or (no_speech and sum(no_speech) / len(no_speech) > 0.5):
        codes.append('low_confidence')
    return {'weak': bool(codes), 'codes': codes, 'notes': [_L[lang]['quality'][code] for code in codes]}


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


def iso(value: Any) -> str:
    return value.astimezone(UTC).isoformat()


# --- helpers ---------------------------------------------------------------------------------------------------

def judge(competency: Competency, answers: list[Any], lang: str, asked: bool = True) -> dict[str, Any]:
    """One competency's entry: the points covered by substantive answers, each with its sentence and time."""
    points = list(competency.points)
    covered: dict[str, dict[str, str]] = {}
    substantive_words, kinds = 0, []
    for message in answers:
        heard = understand(message.content, competency.keywords, points)
        kinds.append(heard.kind)
        if not heard.substantive:
            continue
        substantive_words += heard.words
        for item in heard.covered:
            covered.setdefault(item.point, {'point': item.point, 'quote': _cut(item.quote),
                                            'timestamp': iso(message.timestamp)})
    share = len(covered) / len(points) if points else 0.0
    if not answers and not asked:
        status = 'not_assessed'
    elif not covered and not asked:
        status = 'not_assessed'  # only mentioned in passing elsewhere: no question was put on it
    elif covered and share >= 2 / 3 and substantive_words >= 20 and (competency.rubric or substantive_words >= 30):
        status = 'confirmed'
    elif covered:
        status = 'partial'
    else:
        status = 'not_confirmed'
    ordered = [covered[p] for p in points if p in covered]
    return {'name': competency.name, 'weight': competency.weight, 'status': status, 'covered': ordered,
            'missing': [p for p in points if p not in covered],
            'evidence': [{'quote': c['quote'], 'timestamp': c['timestamp']} for c in ordered][:MAX_QUOTES + 1],
            'rationale': _rationale(status, len(covered), len(points), kinds, lang)}


def _rationale(status: str, covered: int, total: int, kinds: list[AnswerKind], lang: str) -> str:
    words = _L[lang]
    if status == 'not_assessed':
        return words['not_assessed']
    if kinds and all(k in (AnswerKind.NO_EXPERIENCE, AnswerKind.DONT_KNOW, AnswerKind.REFUSAL) for k in kinds):
        return words['no_experience']
    return words['covered'].format(covered=covered, total=total)


def _cut(quote: str) -> str:
    if len(quote) <= MAX_QUOTE_CHARS:
        return quote
    head = quote[:MAX_QUOTE_CHARS]
    return head.rsplit(' ', 1)[0] if ' ' in head else head


_L = {
    'ru': {'covered': 'Раскрыто пунктов рубрики: {covered} из {total}.',
           'not_assessed': 'Не оценено: вопрос по теме не был задан (или закончилось время).',
           'no_experience': 'Кандидат сообщил, что опыта нет или ответа не знает.',
           'strength': 'Тема «{name}» раскрыта: {what}', 'risk_partial': 'По теме «{name}» не раскрыто: {what}',
           'risk_none': 'Нет подтверждений по теме «{name}»', 'risk_not_assessed': 'Тема «{name}» не оценивалась',
           'silent': 'Кандидат не ответил ни на один вопрос',
           'quality': {'few_words': 'Мало слов кандидата — оценка ненадёжна.',
                       'short_fragments': 'Много очень коротких фрагментов речи — распознавание могло их исказить.',
                       'low_confidence': 'Низкая уверенность распознавания речи — цитаты стоит проверить.'}},
    'en': {'covered': 'Rubric points covered: {covered} of {total}.',
           'not_assessed': 'Not assessed: no question was put on it (or time ran out).',
           'no_experience': 'The candidate said they have no experience or do not know.',
           'strength': '{name} covered: {what}', 'risk_partial': 'On {name}, not covered: {what}',
           'risk_none': 'No evidence on {name}', 'risk_not_assessed': '{name} was not assessed',
           'silent': 'The candidate answered no question',
           'quality': {'few_words': 'Few words from the candidate: the assessment is unreliable.',
                       'short_fragments': 'Many very short speech fragments: recognition may have distorted them.',
                       'low_confidence': 'Low speech recognition confidence: check the quotes.'}},
}
