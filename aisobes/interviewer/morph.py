"""Words and their lemmas, for Russian and English, so that «Кафкой», «кафку» and «Kafka» are one term.

Russian lemmas come from pymorphy3 with the OpenCorpora dictionary (pymorphy3-dicts-ru): a maintained, pure-Python
analyser with a real dictionary, so inflected nouns, verbs and participles get their dictionary form (simplemma is
lighter but guesses by lookup table only and has no part of speech, which the negation scope needs). Latin words
are lower-cased and lightly stemmed (plural -s, -ing, -ed), enough for "used" / "using" / "uses".
A few Cyrillic spellings of common tech terms are mapped to their Latin names («кафка» -> kafka).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3

from ..morphology import analyzer

_WORD = re.compile(r'[A-Za-zА-Яа-яЁё0-9][A-Za-zА-Яа-яЁё0-9+#]*(?:[.\-\'’][A-Za-zА-Яа-яЁё0-9+#]+)*')
_LATIN = re.compile(r'[A-Za-z]')
_SENTENCE = re.compile(r'[^.!?…\n]+(?:[.!?…]+|$)')

# Cyrillic spellings candidates use for Latin tech names (matched on the lemma)
TRANSLIT = {'кафка': 'kafka', 'питон': 'python', 'пайтон': 'python', 'джава': 'java', 'докер': 'docker',
            'кубернетес': 'kubernetes', 'кубер': 'kubernetes', 'постгрес': 'postgresql', 'постгре': 'postgresql',
            'postgres': 'postgresql', 'редис': 'redis', 'реакт': 'react', 'гит': 'git', 'джанго': 'django',
            'фастапи': 'fastapi', 'рэббит': 'rabbitmq', 'реббит': 'rabbitmq', 'кролик': 'rabbitmq',
            'эластик': 'elasticsearch', 'линукс': 'linux', 'джира': 'jira', 'тайпскрипт': 'typescript',
            'k8s': 'kubernetes', 'js': 'javascript', 'ts': 'typescript'}


@dataclass(frozen=True)
class Word:
    text: str  # as written
    lemma: str
    start: int
    end: int
    pos: str | None  # pymorphy3 part of speech for Russian words, None otherwise


def words(text: str) -> list[Word]:
    result = []
    for match in _WORD.finditer(text or ''):
        raw = match.group(0)
        lemma, pos = analyse(raw)
        result.append(Word(raw, lemma, match.start(), match.end(), pos))
    return result


@lru_cache(maxsize=50_000)
def analyse(raw: str) -> tuple[str, str | None]:
    lower = raw.lower().replace('ё', 'е').replace('’', "'")
    if _LATIN.search(lower) or not re.search('[а-я]', lower):
        lemma = _english(lower)
        return TRANSLIT.get(lemma, lemma), None
    parsed = _morph().parse(lower)[0]
    lemma = parsed.normal_form.replace('ё', 'е')
    return TRANSLIT.get(lemma, lemma), parsed.tag.POS


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`, whitespace trimmed, so that text[start:end] is verbatim."""
    spans = []
    for match in _SENTENCE.finditer(text or ''):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def tokens_of(text: str) -> list[str]:
    return [w.text.lower() for w in words(text)]


def term_lemmas(term: str) -> tuple[str, ...]:
    """A term's content lemmas: «работа с Кафкой» -> ('работа', 'kafka')."""
    return tuple(w.lemma for w in words(term) if w.lemma not in STOP and len(w.lemma) > 1 or _technical(w.text))


def _technical(raw: str) -> bool:
    return any(ch.isdigit() or ch in '+#' for ch in raw) or (raw.isupper() and len(raw) > 1)


def _english(word: str) -> str:
    word = word.strip(".-'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, keep in (('ies', 'y'), ('ied', 'y'), ('ing', ''), ('ed', ''), ('es', ''), ('s', '')):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith('ss'):
            return word[:-len(suffix)] + keep
    return word


def _morph() -> pymorphy3.MorphAnalyzer:
    return analyzer()


STOP = frozenset({
    'и', 'или', 'с', 'со', 'в', 'во', 'на', 'по', 'для', 'от', 'до', 'из', 'к', 'о', 'об', 'а', 'но', 'же', 'ли',
    'то', 'это', 'этот', 'как', 'что', 'я', 'мы', 'вы', 'он', 'она', 'они', 'мой', 'наш', 'свой', 'быть', 'у',
    'при', 'за', 'так', 'который', 'весь', 'там', 'тут', 'уже', 'еще', 'очень', 'тоже', 'также', 'чтобы',
    'the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'at', 'by', 'from', 'as', 'is', 'are',
    'was', 'were', 'be', 'it', 'this', 'that', 'i', 'we', 'you', 'my', 'our', 'have', 'has', 'had', 'do', 'did',
})
