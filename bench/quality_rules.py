"""The rules of a good interviewer (issue 9, parts 2-3), checked on a finished interview's messages: each AI turn
against the intent of the candidate line it answers. Used by bench/interview_quality.py."""
from __future__ import annotations

import re

ADVANCING = {'question', 'planned_question', 'follow_up', 'adjacent', 'invite_questions', 'closing'}
ASKS_EXAMPLE = re.compile(r'конкретный пример|привести пример|concrete example|give an example', re.I)
ASKS_RESULT = re.compile(r'чем это закончилось|какой был результат|how did it end|what was the result', re.I)
MORE_QUESTIONS = re.compile(r'ещё вопросы\?|еще вопросы\?|any other questions\?', re.I)


def misfires(messages: list[dict], intents: dict[int, str], must_ask: list[list[str]], lang: str) -> list[str]:
    found = []
    ai = [m for m in messages if m['role'] == 'ai_hr']
    by_id = {m['id']: m for m in messages}
    for turn in ai:
        meta = turn.get('meta') or {}
        kind, reply_to = meta.get('kind'), int(meta.get('reply_to') or 0)
        intent = intents.get(reply_to)
        said = by_id.get(reply_to, {}).get('content', '')
        text = turn['content']
        where = f'«{_short(said)}» -> «{_short(text)}»'
        if intent in ('no_experience', 'dont_know') and kind == 'follow_up' and \
                (ASKS_EXAMPLE.search(text) or ASKS_RESULT.search(text)):
            found.append(f'example/result asked after "{intent}": {where}')
        if intent == 'repeat' and kind in ADVANCING:
            found.append(f'moved on instead of repeating the question: {where}')
        if intent == 'ready' and kind in ('question', 'planned_question'):
            found.append(f'a bare "ready" taken as the introduction: {where}')
        if intent == 'not_ready' and kind in ADVANCING:
            found.append(f'moved on while the candidate was not ready: {where}')
        if intent == 'job_question' and meta.get('phase') == 'competency' and kind in ADVANCING - {'closing'}:
            found.append(f'a question about the job ignored: {where}')
        asks_example = meta.get('focus') == 'example' or ASKS_EXAMPLE.search(text)
        if intent == 'example' and kind == 'follow_up' and asks_example:
            found.append(f'an example asked right after one: {where}')
        if intent == 'nothing_more' and kind != 'closing' and _phase_of_question(messages, reply_to) == 'questions':
            found.append(f'"nothing more" not understood: {where}')
    asked_more = [m for m in ai if MORE_QUESTIONS.search(m['content'])]
    if len(asked_more) > 1:
        found.append(f'"any other questions?" asked {len(asked_more)} times')
    ai_text = [m['content'] for m in ai]
    position = 0
    for questions in must_ask:
        for question in questions:
            hit = next((i for i in range(position, len(ai_text)) if question in ai_text[i]), None)
            if hit is None:
                found.append(f'must-ask question not asked verbatim (in order): «{question}»')
            else:
                position = hit
    return found


def _phase_of_question(messages: list[dict], candidate_id: int) -> str | None:
    """The phase of the AI turn the candidate's message `candidate_id` answered."""
    phase = None
    for message in messages:
        if message['id'] >= candidate_id:
            break
        if message['role'] == 'ai_hr':
            phase = (message.get('meta') or {}).get('phase')
    return phase


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit - 1] + '…'
