"""How specific an answer is: length, numbers, a concrete example, the result, trade-offs, the competency's terms.

Used twice, with the same rules: by the scripted interviewer to decide on a follow-up, and by the heuristic
report to judge a competency. Markers are crude on purpose (substring stems, ru + en): deterministic, explainable.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .plan import Focus

_TOKEN = re.compile(r'[A-Za-zА-Яа-яЁё0-9+#][A-Za-zА-Яа-яЁё0-9+#.\-]*')
_DIGIT = re.compile(r'\d')
_SENTENCE = re.compile(r'[^.!?…\n]+(?:[.!?…]+|$)')

_EXAMPLE = ('например', 'к примеру', 'for example', 'for instance', 'e.g.', 'в проекте', 'на проекте', 'в одном',
            'когда я', 'when i', 'однажды', 'у нас был', 'we had', 'i built', 'i implemented', 'i led', 'i wrote',
            'i designed', 'я сделал', 'я разработал', 'я написал', 'я внедрил', 'я руководил', 'я отвечал',
            'мы сделали', 'мы внедрили', 'мы перевели', 'мы переписали', 'we migrated', 'we built', 'we moved',
            'на прошлой работе', 'на текущей работе', 'at my last', 'in my last', 'at my current', 'in my current',
            'last year', 'в прошлом году', 'my team', 'моя команда', 'in one project', 'кейс', 'case',
            # what the candidate did, said without a pronoun as Russian speakers often do («Отвечал за…»)
            'отвечал за', 'отвечала за', 'использовали', 'внедрил', 'разработал', 'реализовал', 'спроектировал',
            'построил', 'построила', 'responsible for', 'we used', 'i used')
_RESULT = ('в результате', 'результат', 'as a result', 'result', 'outcome', 'итог', 'сократил', 'уменьшил',
           'увеличил', 'ускорил', 'снизил', 'сэкономил', 'удалось', 'добил', 'вырос', 'выросл', 'reduced',
           'increased', 'improved', 'saved', 'achieved', 'grew', 'cut ', 'dropped', 'shipped', 'launched',
           'запустил', 'выпустил', 'impact')
_TRADEOFFS = ('trade-off', 'tradeoff', 'компромисс', 'вместо', 'instead of', 'however', 'однако', ' but ', ' но ',
              'downside', 'минус', 'плюсы', 'pros', 'cons', 'альтернатив', 'alternative', 'выбрали', 'we chose',
              'i chose', 'выбор', 'дороже', 'cheaper', 'дешевле', 'риск', 'risk', 'otherwise', 'иначе')
_NUMBER_WORDS = ('десят', 'сотн', 'тысяч', 'миллион', 'процент', 'вдвое', 'в два раза', 'в три раза', 'hundred',
                 'thousand', 'million', 'percent', 'twice', 'dozen', 'half')
_VAGUE = ('не знаю', "don't know", 'dont know', 'не помню', 'не уверен', 'not sure', 'наверное', 'maybe',
          'probably', 'it depends', 'зависит', 'как-то', 'somehow', 'по-разному', 'no idea', 'не сталкивал',
          'never did', "haven't", 'have not', 'не было', 'не делал', 'не приходилось')

FOCUS_ORDER = (Focus.EXAMPLE, Focus.RESULT, Focus.NUMBERS, Focus.TRADEOFFS)


@dataclass(frozen=True)
class Signals:
    words: int
    numbers: bool
    example: bool
    result: bool
    tradeoffs: bool
    vague: bool
    terms: tuple[str, ...]

    @property
    def specificity(self) -> int:
        return sum((self.numbers, self.example, self.result, self.tradeoffs, bool(self.terms)))

    @property
    def thin(self) -> bool:
        """Too short or too vague to count as evidence without a follow-up."""
        if self.words < 12:
            return True
        if self.vague and self.specificity < 3:
            return True
        return self.words < 40 and self.specificity < 2

    def missing(self) -> list[Focus]:
        present = {Focus.EXAMPLE: self.example, Focus.RESULT: self.result, Focus.NUMBERS: self.numbers,
                   Focus.TRADEOFFS: self.tradeoffs}
        return [focus for focus in FOCUS_ORDER if not present[focus]]


def analyse(text: str, keywords: Iterable[str] = ()) -> Signals:
    lower = f' {text.lower()} '
    tokens = [t.lower().strip('.-') for t in _TOKEN.findall(text)]
    return Signals(words=len(tokens),
                   numbers=bool(_DIGIT.search(text)) or _has(lower, _NUMBER_WORDS),
                   example=_has(lower, _EXAMPLE),
                   result=_has(lower, _RESULT),
                   tradeoffs=_has(lower, _TRADEOFFS),
                   vague=_has(lower, _VAGUE),
                   terms=matched_terms(tokens, keywords))


def matched_terms(tokens: list[str], keywords: Iterable[str]) -> tuple[str, ...]:
    """Keywords the tokens use, tolerant to word endings (Russian inflection): compare by a stem prefix."""
    found = []
    for keyword in keywords:
        stem = _stem(keyword)
        if any(token.startswith(stem) for token in tokens):
            found.append(keyword)
    return tuple(found)


def next_focus(signals: Signals, used: Iterable[Focus]) -> Focus | None:
    used = set(used)
    for focus in signals.missing():
        if focus not in used:
            return focus
    return None


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`, whitespace trimmed, so that text[start:end] is verbatim."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def tokens_of(text: str) -> list[str]:
    return [t.lower().strip('.-') for t in _TOKEN.findall(text)]


def _stem(word: str) -> str:
    word = word.lower()
    return word if len(word) <= 4 else word[:max(4, len(word) - 2)]


def _has(lower: str, markers: tuple[str, ...]) -> bool:
    return any(marker in lower for marker in markers)
