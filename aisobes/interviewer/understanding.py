"""What a candidate's answer is: its kind, the terms it mentions (and which of them it negates), the rubric points
it covers with a verbatim quote, and whether it gives an example, a result, numbers. Pure, no I/O.

One module for both the director (what to ask next) and the report (what is confirmed), so that the interview and
its assessment can never disagree about what the candidate said. Matching is by lemma (see morph.py), so terms and
rubric points match in any inflection; a negation is tied to the clause it stands in, and a clause with no verb of
its own («С Кафкой, честно говоря, не сталкивался») takes the polarity of the sentence's experience verb.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz

from . import markers as m
from .morph import STOP, Word, sentences, term_lemmas, words


class AnswerKind(StrEnum):
    SUBSTANTIVE = 'substantive'
    NO_EXPERIENCE = 'no_experience'
    DONT_KNOW = 'dont_know'
    REPEAT = 'repeat'  # repeat or clarify the question
    JOB_QUESTION = 'job_question'  # a question about the job or the company
    NOT_READY = 'not_ready'  # not ready yet, or a technical problem
    REFUSAL = 'refusal'
    NOTHING_MORE = 'nothing_more'  # nothing to add / no questions
    READY = 'ready'  # a bare "ready" or greeting, no content


# kinds after which the director must not ask for an example or a result of the thing
NO_SUBSTANCE = (AnswerKind.NO_EXPERIENCE, AnswerKind.DONT_KNOW, AnswerKind.REFUSAL, AnswerKind.NOTHING_MORE)


@dataclass(frozen=True)
class Covered:
    point: str
    quote: str  # the sentence of the answer, verbatim


@dataclass(frozen=True)
class Understanding:
    kind: AnswerKind
    words: int
    mentioned: tuple[str, ...] = ()  # terms said positively, as given in `terms`
    negated: tuple[str, ...] = ()  # terms the candidate says they lack
    mention: str = ''  # something concrete the candidate said, to refer to in a follow-up
    example: bool = False
    result: bool = False
    numbers: bool = False
    covered: tuple[Covered, ...] = field(default_factory=tuple)

    @property
    def substantive(self) -> bool:
        return self.kind == AnswerKind.SUBSTANTIVE


def understand(text: str, terms: Iterable[str] = (), rubric: Sequence[str] = ()) -> Understanding:
    text = text or ''
    tokens = words(text)
    lem = [w.lemma for w in tokens]
    joined = ' ' + ' '.join(lem) + ' '
    lower = _plain(text)
    mentioned, negated = _polarity(text, list(terms))
    kind = _kind(text, lower, joined, tokens, bool(mentioned))
    covered = tuple(coverage(text, rubric)) if kind == AnswerKind.SUBSTANTIVE else ()
    return Understanding(kind=kind, words=len(tokens), mentioned=tuple(mentioned), negated=tuple(negated),
                         mention=_mention(text, tokens, mentioned), example=_has(joined, lower, m.EXAMPLE),
                         result=_has(joined, lower, m.RESULT), numbers=_numbers(text, joined), covered=covered)


def coverage(text: str, rubric: Sequence[str]) -> list[Covered]:
    """The rubric points the text covers, each with the sentence that covers it (verbatim). A point is covered when
    a non-negated sentence holds its content lemmas: all of one or two, most of a longer point (fuzzy per lemma, for
    typos and derived words: «мониторили» ~ «мониторинг»)."""
    spans = [(text[s:e], [w.lemma for w in words(text[s:e]) if w.lemma not in STOP]) for s, e in sentences(text)]
    found = []
    for point in rubric:
        wanted = [lemma for lemma in term_lemmas(point) if lemma not in STOP]
        if not wanted:
            continue
        best, best_score = None, 0.0
        for sentence, have in spans:
            if not _own_experience(sentence, have, wanted):
                continue
            hits = sum(1 for lemma in wanted if any(_same(lemma, h) for h in have))
            score = hits / len(wanted)
            if score > best_score:
                best, best_score = sentence, score
        need = 1.0 if len(wanted) <= 2 else 0.6 if len(wanted) <= 4 else 0.5
        if best is not None and best_score >= need:
            found.append(Covered(point, best))
    return found


HEARSAY = re.compile(r'\b(хоч\w*|хотел\w* бы|бы хотел\w*|планиру\w*|собира\w*|слыш\w*|слыха\w*|чита\w*|'
                     r'другой отдел|другие команд\w*|друг\w+ команд\w*|would like|want to|wanna|planning|plan to|'
                     r'going to|heard|read about|reading|another team|other team|another department)\b')
FILLER = frozenset(' '.join(m.EXAMPLE + m.RESULT).split()) | set(m.NUMBER_WORDS) | m.EXPERIENCE | m.READY_WORDS


def _own_experience(sentence: str, have: list[str], wanted: list[str]) -> bool:
    """A sentence can cover a point only when it states the candidate's own experience (a verb of doing, not
    «хотел бы / слышал / читал / другой отдел»), with content beyond the point's own words and marker words."""
    if _negates_experience(sentence) or HEARSAY.search(sentence.lower()):
        return False
    doing = re.compile(r'[a-z]+ed|made|had|were|was|i|we')  # English: a past verb or a first-person statement
    if not any(w.pos == 'VERB' or w.lemma in m.EXPERIENCE_EN or doing.fullmatch(w.lemma) for w in words(sentence)):
        return False
    return any(h not in FILLER and not h.isdigit() and not any(_same(h, w) for w in wanted) for h in have)


def rubric_points(rubric: str) -> list[str]:
    """A recruiter's rubric text split into points: by lines, semicolons or commas (outside parentheses)."""
    points, depth, current = [], 0, ''
    for ch in rubric or '':
        depth += ch in '(['
        depth -= ch in ')]' and depth > 0
        if ch in ',;\n' and depth == 0:
            points.append(current)
            current = ''
        else:
            current += ch
    points.append(current)
    cleaned = [re.sub(r'^\s*(?:[-*•·–—]+|\d{1,2}[.)])\s*', '', p).strip().strip('.').strip() for p in points]
    return list(dict.fromkeys(p for p in cleaned if p))


def mentions(text: str, term: str) -> bool:
    wanted = term_lemmas(term)
    have = {w.lemma for w in words(text)}
    return bool(wanted) and all(any(_same(lemma, h) for h in have) for lemma in wanted)


# --- kinds -----------------------------------------------------------------------------------------------------

def _kind(text: str, lower: str, joined: str, tokens: list[Word], has_terms: bool) -> AnswerKind:
    n = len(tokens)
    short = n <= 25
    if n == 0:
        return AnswerKind.NOT_READY
    if short and _has(joined, lower, m.REPEAT):
        return AnswerKind.REPEAT
    positive_experience = _positive_experience(text)
    if n <= 14 and _has(joined, lower, m.NOT_READY) and not (positive_experience and n > 5):
        return AnswerKind.NOT_READY
    if short and _has(joined, lower, m.NOTHING_MORE) or (n <= 3 and all(w.lemma in m.BARE_NOTHING for w in tokens)):
        return AnswerKind.NOTHING_MORE
    if short and _has(joined, lower, m.REFUSAL):
        return AnswerKind.REFUSAL
    if _negates_experience(text) and not positive_experience and n <= 40:
        explicit = any(p in lower for p in m.NO_EXPERIENCE_PHRASES)
        return AnswerKind.DONT_KNOW if short and not explicit and _has(joined, lower, m.DONT_KNOW) \
            else AnswerKind.NO_EXPERIENCE
    if short and _has(joined, lower, m.DONT_KNOW) and not positive_experience:
        return AnswerKind.DONT_KNOW
    if '?' in text and n <= 30:
        about_question = re.search(r'\b(вопрос\w*|question\w*)\b', lower) or n <= 3
        return AnswerKind.REPEAT if about_question and not _has(joined, lower, m.JOB) else AnswerKind.JOB_QUESTION
    if n <= 8 and all(w.lemma in m.READY_WORDS for w in tokens):
        return AnswerKind.READY
    return AnswerKind.SUBSTANTIVE


def _clauses(sentence: str) -> list[str]:
    return [c for c in re.split(r'[,;:—–]|\s(?:но|а|однако|but|however|whereas)\s', sentence) if c.strip()]


def _clause_negated(clause: str) -> bool:
    low = re.sub(r'\s(?:не только|not only)\s', ' ', _plain(clause))
    return bool(re.search(r"\s(не|ни|нет|нету|никогда|never|not|no)\s|n't\s|\sнечего|\sнигде", low))


def _has_verb(clause: str) -> bool:
    return any(w.pos in ('VERB', 'INFN', 'PRTS', 'PRED') or w.lemma in m.EXPERIENCE_EN for w in words(clause)) \
        or bool(re.search(r'\b(опыт\w*|experience)\b', clause.lower()))


def _polarity(text: str, terms: list[str]) -> tuple[list[str], list[str]]:
    mentioned, negated = [], []
    for start, end in sentences(text):
        sentence = text[start:end]
        clauses = _clauses(sentence)
        verb_polarity = [(_has_verb(c), _clause_negated(c)) for c in clauses]
        main_negated = any(neg for has_verb, neg in verb_polarity if has_verb)
        for clause, (has_verb, neg) in zip(clauses, verb_polarity, strict=True):
            negative = neg if (has_verb or neg) else main_negated
            for term in terms:
                if mentions(clause, term):
                    (negated if negative else mentioned).append(term)
    negated = list(dict.fromkeys(t for t in negated))
    mentioned = list(dict.fromkeys(t for t in mentioned if t not in negated or mentioned.count(t) > 0))
    return [t for t in mentioned if t not in negated], negated


def _negates_experience(text: str) -> bool:
    low = _plain(text)
    if any(p in low for p in m.NO_EXPERIENCE_PHRASES):
        return True
    for clause in _clauses(text):
        if _clause_negated(clause) and any(w.lemma in m.EXPERIENCE for w in words(clause)):
            return True
    return False


def _positive_experience(text: str) -> bool:
    for clause in _clauses(text):
        if not _clause_negated(clause) and any(w.lemma in m.EXPERIENCE and w.pos != 'INFN' for w in words(clause)):
            return True
    return False


def _mention(text: str, tokens: list[Word], mentioned: list[str]) -> str:
    """A competency term said positively, else a technical name: a Latin word in Russian speech (asyncio, Kafka),
    or in English a capitalised word inside a sentence or one with digits or symbols (FastAPI, k8s, CI/CD)."""
    if mentioned:  # as the candidate wrote it when Latin («Kafka»), else the term («кафка» for «Кафкой»)
        wanted = set(term_lemmas(mentioned[0]))
        return next((w.text for w in tokens if w.lemma in wanted and re.match('[A-Za-z]', w.text)), mentioned[0])
    cyrillic = bool(re.search('[А-Яа-яЁё]', text))
    denied = {w.lemma for c in _clauses(text) if _clause_negated(c) for w in words(c)}  # «Kafka не использовал»
    for i, w in enumerate(tokens):
        if not re.fullmatch(r'[A-Za-z][A-Za-z0-9+#.\-]{1,}', w.text) or w.lemma in STOP or w.lemma in m.EN_COMMON \
                or w.lemma in denied:
            continue
        inside = i > 0 and not re.search(r'[.!?]\s*$', text[:w.start])
        if cyrillic or _technical_name(w.text) or (inside and w.text[0].isupper() and w.text != 'I'):
            return w.text
    return ''


def _technical_name(raw: str) -> bool:
    return any(ch.isdigit() or ch in '+#.' for ch in raw) or sum(ch.isupper() for ch in raw) >= 2


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    return fuzz.ratio(a, b) >= 88 or (a[:6] == b[:6] and min(len(a), len(b)) >= 6)


def _plain(text: str) -> str:
    return ' ' + ' '.join(re.sub(r"[^\w'’\s-]", ' ', text.lower().replace('ё', 'е').replace('’', "'")).split()) + ' '


def _has(joined: str, lower: str, markers: tuple[str, ...]) -> bool:
    return any(marker in joined or marker in lower for marker in markers)


def _numbers(text: str, joined: str) -> bool:
    return bool(re.search(r'\d', text)) or any(f' {w} ' in joined for w in m.NUMBER_WORDS)
