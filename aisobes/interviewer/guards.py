"""Output guards for a model's AI turn (pure: text in, text and findings out; no I/O).

A small model pads its reply (a preamble such as «Вот следующий вопрос по Python:» or "Sure! Here's…", markdown,
blank lines, several paragraphs), repeats its last follow-up whatever the candidate said, and in Russian slips into
the informal «ты». What can be repaired is repaired here (`FIXES`: stripped, then trimmed at a sentence boundary to
the turn's limit, keeping a question when the reply had one); what cannot (`PROBLEMS`: a near-duplicate of one of the
last AI turns, «ты», nothing left) makes the brain retry once with a note, then the scripted words speak that turn.
The fuzzy match is rapidfuzz's normalised Levenshtein ratio (`fuzz.ratio`), on lower-cased words.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from .plan import StepKind

REPEAT_WINDOW = 4  # the last AI turns a reply is compared with
REPEAT_RATIO = 85.0  # fuzz.ratio (0-100) from which two turns count as the same words
DEFAULT_SENTENCES = 3
SENTENCE_LIMITS = {StepKind.GREETING: 5, StepKind.CLOSING: 4, StepKind.ANSWER: 4, StepKind.CLARIFY: 4,
                   StepKind.WAIT: 2, StepKind.AFTER_CLOSE: 2, StepKind.RECRUITER_ACK: 2}


class Finding(StrEnum):
    PREAMBLE = 'preamble'
    MARKDOWN = 'markdown'
    LAYOUT = 'layout'  # blank lines, line breaks, several paragraphs
    TRIMMED = 'trimmed'  # more sentences than the turn's limit
    REPEAT = 'repeat'
    INFORMAL = 'informal'  # «ты» in Russian
    EMPTY = 'empty'


PROBLEMS = frozenset({Finding.REPEAT, Finding.INFORMAL, Finding.EMPTY})  # the reply cannot be posted
FIXES = frozenset(Finding) - PROBLEMS  # repaired in place


@dataclass(frozen=True)
class Guarded:
    text: str
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not PROBLEMS.intersection(self.findings)

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f in PROBLEMS)


def guard(text: str, *, language: str, recent: Sequence[str] = (), kind: StepKind | None = None) -> Guarded:
    """The reply as it may be posted, with what was repaired and what is still wrong."""
    findings: list[Finding] = []
    text, stripped = strip_preamble(text)
    if stripped:
        findings.append(Finding.PREAMBLE)
    plain = strip_markdown(text)
    if plain != text:
        findings.append(Finding.MARKDOWN)
    flat = ' '.join(plain.split())
    if '\n' in plain.strip():
        findings.append(Finding.LAYOUT)
    text, cut = trim_sentences(flat, SENTENCE_LIMITS.get(kind, DEFAULT_SENTENCES) if kind else DEFAULT_SENTENCES)
    if cut:
        findings.append(Finding.TRIMMED)
    if not re.search(r'\w', text):
        findings.append(Finding.EMPTY)
    elif repeats(text, recent):
        findings.append(Finding.REPEAT)  # even a repeat request is to be answered in other words
    if language == 'ru' and informal(text):
        findings.append(Finding.INFORMAL)
    return Guarded(text, tuple(findings))


_PREAMBLE = re.compile(
    r'^\s*(?:(?:sure|certainly|of course|okay|ok|great|absolutely|конечно|хорошо|отлично|ладно|давайте)[!,.]*\s*)?'
    r'(?:(?:here(?:\'s| is| are| comes)|вот|next question|следующий вопрос|мой следующий вопрос)[^.!?\n:]{0,80}:'
    r'|(?:sure|certainly|of course|конечно)[!.]+(?=\s))\s*', re.I)
_LABEL = re.compile(r'^\s*(?:AI HR|AI|Assistant|Interviewer|Интервьюер)\s*:\s*', re.I)


_PREAMBLE_START = re.compile(r'^\s*(?:sure|certainly|of course|okay|ok|great|absolutely|here|next|конечно|хорошо|'
                             r'отлично|ладно|давайте|вот|следующий|мой)(?!\w)', re.I)


def streamable(text_so_far: str) -> str:
    """What of a reply still streaming may be shown: repaired like the whole, and nothing while its start may yet
    turn out to be a preamble (until a colon, a line break or 100 characters)."""
    text, _ = strip_preamble(text_so_far)
    if text == text_so_far.strip() and _PREAMBLE_START.match(text) and len(text) < 100 and not re.search(
            r'[:\n]', text):
        return ''
    return strip_markdown(text)


def strip_preamble(text: str) -> tuple[str, bool]:
    original = text = str(text or '').strip().strip('"«»').strip()
    for _ in range(3):  # "Sure! Here's my next question:" is two layers
        before = text
        text = _LABEL.sub('', _PREAMBLE.sub('', text, count=1), count=1).strip()
        if text == before:
            break
    return text, text != original


_MD_RULES = [(re.compile(r'```[a-z]*'), ''), (re.compile(r'(\*\*|__|`|~~)'), ''),
             (re.compile(r'(?m)^\s{0,3}#{1,6}\s*'), ''), (re.compile(r'(?m)^\s*(?:[-*•]|\d+[.)])\s+'), ''),
             (re.compile(r'(?<!\w)\*(?=\S)([^*\n]+)(?<=\S)\*(?!\w)'), r'\1'), (re.compile(r'\[([^\]]+)\]\([^)]*\)'),
                                                                                r'\1')]


def strip_markdown(text: str) -> str:
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text


_SENTENCE_END = re.compile(r'(?<=[.!?…])["»”)]*\s+(?=["«“(]?[A-ZА-ЯЁ0-9])')


_ABBREVIATION = re.compile(r'(?:^|\s)(?:mr|mrs|ms|dr|e\.g|i\.e|vs|etc|т\.\s?е|т\.\s?д|т\.\s?п|др|см|г|им)\.$', re.I)


def sentences(text: str) -> list[str]:
    parts: list[str] = []
    for part in _SENTENCE_END.split(text.strip()):
        if parts and _ABBREVIATION.search(parts[-1]):
            parts[-1] += ' ' + part  # «Mr. Smith», «т. е. Kafka»: not a sentence end
        elif part.strip():
            parts.append(part)
    return parts


def trim_sentences(text: str, limit: int) -> tuple[str, bool]:
    """At most `limit` sentences, cut at a sentence boundary; when the cut would drop every question of the reply,
    the first question takes the last place (the candidate must still be asked what the turn asks)."""
    parts = sentences(text)
    if len(parts) <= limit:
        return text, False
    kept = parts[:limit]
    if not any(p.rstrip('"»”) ').endswith('?') for p in kept):
        question = next((p for p in parts[limit:] if p.rstrip('"»”) ').endswith('?')), None)
        if question is not None:
            kept = parts[:limit - 1] + [question]
    return ' '.join(kept), True


def _words(text: str) -> str:
    return ' '.join(re.findall(r'\w+', text.lower()))


def repeats(text: str, recent: Sequence[str]) -> bool:
    """Whether `text` is (nearly) one of the last AI turns, or asks (nearly) a question one of them asked: «Конечно,
    Анна! Как я могу помочь вам сегодня?» after «Привет, Анна! … Как я могу помочь вам сегодня?» is the same turn."""
    mine = _words(text)
    questions = [q for q in (_words(p) for p in sentences(text) if p.rstrip('"»” ').endswith('?'))
                 if len(q.split()) >= 4]
    for other in list(recent)[-REPEAT_WINDOW:]:
        theirs = _words(other or '')
        if not theirs:
            continue
        if fuzz.ratio(mine, theirs) >= REPEAT_RATIO:
            return True
        asked = [_words(p) for p in sentences(other)]
        if any(fuzz.ratio(q, a) >= REPEAT_RATIO for q in questions for a in asked):
            return True
    return False


_INFORMAL = re.compile(
    r'(?<!\w)(?:ты|тебя|тебе|тобой|тобою|твой|твоя|твоё|твое|твои|твоего|твоей|твоему|твоим|твоих|твою|'
    r'расскажи|опиши|поделись|объясни|скажи|приведи|уточни|назови|представься|подскажи|ответь|можешь|хочешь|'
    r'знаешь|работаешь|думаешь)(?!\w)', re.I)


def informal(text: str) -> bool:
    """«ты» and its forms, or an informal imperative or verb, in a Russian reply («расскажите» is not matched)."""
    return _INFORMAL.search(text) is not None
