"""The scripted brain: offline and deterministic. Puts each planned step into words from the bilingual templates
and answers the candidate's questions from the job description by simple keyword matching."""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..config import Settings
from ..models import Interview
from ..rooms import MilestoneName
from ..schemas import MessageOut
from .brain import OnPartial, Said, TurnContext
from .morph import sentences, tokens_of
from .plan import Plan, Step, StepKind
from .report import heuristic_report
from .texts import minutes_word, text


class ScriptedBrain:
    name = 'scripted'

    @classmethod
    def from_settings(cls, settings: Settings) -> ScriptedBrain:
        return cls()

    async def say(self, step: Step, context: TurnContext, on_partial: OnPartial | None = None) -> Said:
        return Said(render(step, context), self.name)

    async def report(self, plan: Plan, interview: Interview,
                     messages: Sequence[MessageOut]) -> dict[str, Any] | None:
        return heuristic_report(plan, interview, messages)

    async def aclose(self) -> None:
        pass


def render(step: Step, context: TurnContext) -> str:
    plan, lang = context.plan, context.plan.language
    kind = step.kind
    if kind == StepKind.GREETING:
        topics = ', '.join(c.name for c in plan.competencies)
        return _t(lang, 'greeting').format(name=plan.candidate_name, position=plan.position, minutes=plan.minutes,
                                           minutes_word=minutes_word(lang, plan.minutes),
                                           count=len(plan.competencies), topics=topics)
    if kind == StepKind.QUESTION:
        competency = plan.competencies[step.competency]
        if step.question is not None and competency.questions:  # the recruiter's question, verbatim
            question = f'{_t(lang, "topic").format(c=competency.name)} {competency.questions[step.question]}'
        else:
            question = _pick(_t(lang, 'question'), step.competency).format(c=competency.name)
        return f'{_ack(lang, step)} {question}'
    if kind == StepKind.PLANNED:
        return f'{_ack(lang, step)} {plan.competencies[step.competency].questions[step.question]}'
    if kind == StepKind.FOLLOW_UP:
        mention = _t(lang, 'mentioned').format(m=step.mention) if step.mention else ''
        return mention + _t(lang, 'follow_up')[step.focus].format(point=step.topic)
    if kind == StepKind.ADJACENT:
        return f'{_ack(lang, step)} {_t(lang, "adjacent").format(c=plan.competencies[step.competency].name)}'
    if kind == StepKind.INTRO_AGAIN:
        return _t(lang, 'intro_again')
    if kind == StepKind.WAIT:
        return _t(lang, 'wait')
    if kind == StepKind.REPEAT:
        return _repeat(step, plan)
    if kind == StepKind.CLARIFY:
        if about_the_job(step.answer, plan):
            return _t(lang, 'defer')
        if step.competency is None:
            return _t(lang, 'clarify')
        return _t(lang, 'clarify_topic').format(c=plan.competencies[step.competency].name)
    if kind == StepKind.INVITE_QUESTIONS:
        if step.milestone == MilestoneName.WRAP_UP:
            left = max(1, round((context.seconds_left or 0) / 60))
            return _t(lang, 'invite_questions_wrap_up').format(left=left, left_word=minutes_word(lang, left))
        return _t(lang, 'invite_questions')
    if kind == StepKind.ANSWER:
        more = _t(lang, 'more_questions') if step.question == 0 else _t(lang, 'open_door')
        if not looks_like_question(step.answer):
            return f'{_pick(_t(lang, "thanks"), step.reply_to)} {more}'
        return f'{answer_from_description(step.answer, plan)} {more}'
    if kind == StepKind.CLOSING:
        parts = []
        if step.milestone == MilestoneName.TIME_UP:
            parts.append(_t(lang, 'time_up'))
        elif step.answer and looks_like_question(step.answer):
            parts.append(answer_from_description(step.answer, plan))
        parts.append(_t(lang, 'closing').format(name=plan.candidate_name))
        return ' '.join(parts)
    if kind == StepKind.AFTER_CLOSE:
        return _t(lang, 'after_close')
    if kind == StepKind.RECRUITER_QUESTION:
        topic = step.topic or '…'
        if lang != 'en' and not _KEPT_PREPOSITION.match(topic):
            topic = f'про {topic}'  # the recruiter's «о/об …» stays as said: «про» would need another case
        return _t(lang, 'recruiter_question').format(topic=topic)
    return _t(lang, 'recruiter_ack')


def answer_from_description(question: str, plan: Plan) -> str:
    """The description's sentence that shares the most words (by stem, with a few synonyms) with the question."""
    fact = best_sentence(question, plan.description)
    if fact:
        return _t(plan.language, 'answer_found').format(fact=fact)
    return _t(plan.language, 'answer_unknown')


def best_sentence(question: str, description: str) -> str | None:
    wanted = {_stem(t) for t in tokens_of(question) if len(t) >= 3 and t not in _QUESTION_WORDS}
    wanted |= {syn for stem in list(wanted) for group in _SYNONYMS if stem in group for syn in group}
    best, best_score = None, 0
    for start, end in sentences(description or ''):
        sentence = description[start:end]
        stems = {_stem(t) for t in tokens_of(sentence)}
        score = sum(1 for stem in wanted if any(s.startswith(stem) or stem.startswith(s) for s in stems if len(s) >= 3))
        if score > best_score:
            best, best_score = sentence.strip(), score
    return best


def about_the_job(question: str, plan: Plan) -> bool:
    """A question about the job or the company (answered at the end), rather than about the interviewer's question."""
    stems = {_stem(t) for t in tokens_of(question)}
    if any(stem in group for group in _SYNONYMS for stem in stems):
        return True
    return best_sentence(question, plan.description) is not None and not any(
        keyword in question.lower() for c in plan.competencies for keyword in c.keywords)


def looks_like_question(value: str) -> bool:
    return '?' in value or bool(_QUESTION_START.match(value.strip()))


# --- helpers ---------------------------------------------------------------------------------------------------

def _t(language: str, key: str) -> Any:
    return text(language, key)


def _ack(lang: str, step: Step) -> str:
    return _t(lang, 'ack').get(step.heard) or _pick(_t(lang, 'thanks'), step.reply_to)


def _repeat(step: Step, plan: Plan) -> str:
    """The last question again, in other words (a must-ask question again verbatim: it is the recruiter's)."""
    lang = plan.language
    competency = plan.competencies[step.competency] if step.competency is not None else None
    if competency is not None and step.question is not None and step.question < len(competency.questions):
        return _t(lang, 'repeat_planned').format(q=competency.questions[step.question])
    if step.repeats == StepKind.FOLLOW_UP and step.focus:
        return _t(lang, 'repeat_follow_up')[step.focus].format(point=step.topic)
    if competency is None:
        return _t(lang, 'clarify')
    if step.repeats == StepKind.ADJACENT:
        return _t(lang, 'adjacent_again').format(c=competency.name)
    other = _pick(_t(lang, 'question'), (step.competency or 0) + 1).format(c=competency.name)
    return _t(lang, 'repeat') + other


def _pick(options: Sequence[str], seed: int | None) -> str:
    return options[(seed or 0) % len(options)]


def _stem(word: str) -> str:
    return word if len(word) <= 5 else word[:max(5, len(word) - 3)]


_KEPT_PREPOSITION = re.compile(r'(о|об|обо|насчёт|насчет)\s', re.I)
_QUESTION_START = re.compile(r'^(как|какой|какая|какие|каков|сколько|где|когда|почему|зачем|что|кто|есть ли|можно ли|'
                             r'how|what|which|where|when|why|who|is there|are there|do you|does|can i|could)\b', re.I)
_QUESTION_WORDS = {'как', 'какой', 'какая', 'какие', 'каков', 'сколько', 'где', 'когда', 'почему', 'зачем', 'что',
                   'кто', 'есть', 'ли', 'можно', 'вас', 'вы', 'у', 'the', 'how', 'what', 'which', 'where', 'when',
                   'why', 'who', 'is', 'are', 'there', 'do', 'does', 'can', 'could', 'you', 'your', 'about',
                   'would', 'like', 'know', 'хотел', 'хотела', 'узнать', 'расскажите', 'подскажите', 'тоже', 'также'}
# stems (see _stem) that mean the same thing to a candidate asking
_SYNONYMS = [
    {'зарпл', 'оклад', 'доход', 'компе', 'salar', 'compe', 'pay'},
    {'удалё', 'удале', 'remot', 'офис', 'offic', 'гибри', 'hybri', 'форма', 'onsit'},
    {'коман', 'team', 'колле'},
    {'отпус', 'vacat', 'holid', 'leave'},
    {'графи', 'sched', 'hours', 'часы', 'рабоч'},
    {'стек', 'stack', 'техно', 'techn', 'инстр', 'tools'},
    {'обуче', 'train', 'learn', 'разви', 'growt', 'карье', 'caree'},
    {'этап', 'stage', 'steps', 'шаги', 'дальш', 'next'},
]
