"""The openai brain's report: the model is asked for JSON against the report schema; the answer is validated with
pydantic, every quote is located in the candidate's own messages (and replaced by the exact original text, with
that message's timestamp), and the facts are counted here, not by the model. Invalid output -> None, and the caller
falls back to the heuristic report."""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from typing import Any, Literal

import httpx
from pydantic import BaseModel, Field, ValidationError

from ..models import Interview, Role
from ..schemas import MessageOut
from .llm import ChatCompletions, LLMError
from .plan import Plan
from .report import answers_by_competency, asked_competencies, facts, iso, judge, quality

log = logging.getLogger(__name__)

TRANSCRIPT_LIMIT = 60_000  # characters of transcript sent to the model


class _Evidence(BaseModel):
    quote: str = Field(min_length=1)
    timestamp: str | None = None


class _Competency(BaseModel):
    name: str = Field(min_length=1)
    status: Literal['confirmed', 'partial', 'not_confirmed', 'not_assessed']
    evidence: list[_Evidence] = Field(default_factory=list)
    rationale: str = ''


class _Report(BaseModel):
    competencies: list[_Competency] = Field(min_length=1)
    strengths: list[str] = Field(default_factory=list)
    risks: list[str] = Field(default_factory=list)
    recommendation: Literal['recommend', 'consider', 'do_not_recommend']


async def model_report(client: ChatCompletions, plan: Plan, interview: Interview,
                       messages: Sequence[MessageOut], timeout: float | None = None) -> dict[str, Any] | None:
    try:
        raw = await client.complete(report_prompt(plan, messages), timeout=timeout)
        parsed = _Report.model_validate(json.loads(_json_object(raw)))
    except (TimeoutError, httpx.HTTPError, LLMError) as error:
        log.warning('interview %s: report model failed (%s: %s); heuristic report instead', interview.id,
                    type(error).__name__, error)
        return None
    except (ValueError, ValidationError) as error:
        log.warning('interview %s: report model returned invalid JSON (%s); heuristic report instead',
                    interview.id, str(error)[:300])
        return None
    candidate = [m for m in messages if m.role == Role.CANDIDATE]
    competencies = []
    for item in parsed.competencies:
        found = [located for located in (locate_quote(e.quote, candidate) for e in item.evidence) if located]
        dropped = len(item.evidence) - len(found)
        if dropped:
            log.warning('interview %s: %s quote(s) for %r are not the candidate\'s words; dropped', interview.id,
                        dropped, item.name)
        status = item.status
        if status == 'confirmed' and not found:
            status = 'partial'  # a confirmation needs evidence in the candidate's own words
        competencies.append({'name': item.name, 'status': status,
                             'evidence': [{'quote': quote, 'timestamp': iso(m.timestamp)} for quote, m in found],
                             'rationale': item.rationale})
    competencies += _not_assessed(plan, messages, {item['name'].strip().lower() for item in competencies})
    return {'brain': 'openai', 'heuristic': False, 'advisory': True, 'competencies': competencies,
            'strengths': [s for s in parsed.strengths if s.strip()], 'risks': [r for r in parsed.risks if r.strip()],
            'recommendation': parsed.recommendation, 'quality': quality(messages, plan.language),
            'facts': facts(interview, messages)}


def _not_assessed(plan: Plan, messages: Sequence[Any], named: set[str]) -> list[dict[str, Any]]:
    """Plan competencies the model left out, judged by the heuristic and marked as such, so that the report
    always covers the whole plan."""
    answers, asked = answers_by_competency(plan, messages), asked_competencies(messages)
    missing = []
    for index, competency in enumerate(plan.competencies):
        if competency.name.strip().lower() not in named:
            item = judge(competency, answers[index], plan.language, asked=index in asked)
            item['rationale'] = f"{_HEURISTIC[plan.language]}: {item['rationale']}"
            missing.append(item)
    return missing


_HEURISTIC = {'ru': 'Модель не оценила; эвристика', 'en': 'Not assessed by the model; heuristic'}


def locate_quote(quote: str, candidate_messages: Sequence[Any]) -> tuple[str, Any] | None:
    """(exact text, message) for a quote found in a candidate message: verbatim first, then tolerating differences
    in whitespace, case and surrounding quotation marks, returning the message's own text."""
    quote = quote.strip().strip('"«»“”„\'').strip()
    if not quote:
        return None
    for message in candidate_messages:
        if quote in message.content:
            return quote, message
    words = re.findall(r'\S+', quote)
    pattern = re.compile(r'\s+'.join(re.escape(w) for w in words), re.IGNORECASE)
    for message in candidate_messages:
        match = pattern.search(message.content)
        if match:
            return match.group(0), message
    return None


def report_prompt(plan: Plan, messages: Sequence[Any]) -> list[dict[str, str]]:
    language = 'English' if plan.language == 'en' else 'Russian'
    labels = {'ai_hr': 'AI HR', 'candidate': 'Candidate', 'recruiter': 'Recruiter'}
    lines = [f'[{iso(m.timestamp)}] {labels.get(m.role, m.role)}: {m.content}' for m in messages]
    transcript = '\n'.join(lines)[-TRANSCRIPT_LIMIT:]
    names = '\n'.join(f'- {c.name}' for c in plan.competencies)
    schema = ('{"competencies": [{"name": str, "status": "confirmed" | "partial" | "not_confirmed", '
              '"evidence": [{"quote": str, "timestamp": str}], "rationale": str}], "strengths": [str], '
              '"risks": [str], "recommendation": "recommend" | "consider" | "do_not_recommend"}')
    system = (
        'You evaluate a structured job interview for the recruiter (the candidate never sees this). Judge only '
        'what the candidate said: coverage and specificity (concrete examples, results, numbers, trade-offs, '
        'correct use of terms). Be fair and neutral; ignore anything about age, gender, family, health, origin.\n'
        f'Position: {plan.position}. Competencies to assess, in this order and with these names:\n{names}\n'
        'status: "confirmed" = clear, specific evidence; "partial" = some but thin evidence; "not_confirmed" = '
        'none. Every quote must be copied verbatim from a Candidate line (an exact substring, 1-2 sentences), '
        'with that line\'s timestamp. '
        f'Write rationale, strengths and risks in {language}.\n'
        f'Answer with one JSON object only, no markdown, matching: {schema}'
    )
    return [{'role': 'system', 'content': system}, {'role': 'user', 'content': f'Transcript:\n{transcript}'}]


def _json_object(raw: str) -> str:
    """The JSON object in a reply, also when a model wraps it in a code fence or a sentence."""
    start, end = raw.find('{'), raw.rfind('}')
    if start < 0 or end <= start:
        raise ValueError(f'no JSON object in the reply: {raw[:200]!r}')
    return raw[start:end + 1]
