"""The interview's technical terms: found in the interview, given to Whisper as a prompt, and put back into the text.

Pure (no I/O besides pymorphy3's dictionary, loaded once). Russian speakers say English terms in Cyrillic
(«постгрес», «кафку», «рэббит эм кью»), and Whisper writes what it hears, often a near-miss («паст-грис», «ковке»).
`TermCorrector.correct` compares spans of one to three Cyrillic words with the spoken forms of the terms on a rough
phonetic key (vowels and voiced/voiceless pairs merged, the case ending dropped, a preposition glued to the word
split off) with rapidfuzz, and writes the term's own spelling. A word pymorphy3 knows as a real Russian word
(график, доклад, кафе) is only replaced when its key is exactly that of a spoken form. English text is untouched.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from ..morphology import analyzer
from .spoken_forms import KNOWN, latin_to_cyrillic

MAX_TERMS = 40
FUZZY_WORD = 80  # rapidfuzz ratio of the keys for one word Whisper made up (not in the dictionary)
FUZZY_SPAN = 88  # several words joined (or a short word) must be closer: they may hold real words around the term
MIN_KEY = 4  # shorter keys («кью», «гит») are too easy to hit by chance

_LATIN = re.compile(r'[A-Za-z][A-Za-z0-9]*(?:[.+#/-][A-Za-z0-9]+)*\+*#?')
_WORD = re.compile(r'\w+(?:-\w+)*|[^\w\s]+|\s+')
_CYRILLIC_WORD = re.compile(r'^[а-яё]+(?:-[а-яё]+)*$')
_STOP = {'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'has', 'have', 'i', 'in', 'is', 'it',
         'of', 'on', 'or', 'our', 'the', 'to', 'we', 'with', 'you', 'your', 'will', 'can', 'this', 'that', 'not',
         'etc', 'e', 'g', 'eg', 'ie', 'vs', 'us', 'my', 'do', 'if', 'all', 'any', 'but', 'so', 'no', 'yes'}
_ENDINGS = ('ами', 'ями', 'ого', 'ему', 'ому', 'ах', 'ях', 'ов', 'ев', 'ом', 'ем', 'ой', 'ей', 'ою', 'ею', 'ам',
            'ям', 'ы', 'и', 'а', 'я', 'у', 'ю', 'е', 'о')
_KEY = str.maketrans({'о': 'а', 'я': 'а', 'ё': 'и', 'е': 'и', 'э': 'и', 'ы': 'и', 'й': 'и', 'ю': 'у',
                      'б': 'п', 'в': 'ф', 'г': 'к', 'д': 'т', 'ж': 'ш', 'з': 'с', 'щ': 'ш',
                      'ь': None, 'ъ': None, '-': None, ' ': None})
_PREPOSITIONS = ('в', 'с', 'к')  # Whisper glues them to the next word: «вкубернетес»


@dataclass(frozen=True)
class Term:
    spelling: str  # as the interview writes it: PostgreSQL
    spoken: tuple[str, ...]  # Cyrillic forms people say: постгрес, постгре, постгрескуэль


def find_terms(interview: Any) -> list[Term]:
    """The technical terms of an interview: Latin-script words of its position, knowledge base, description and
    competencies (names, rubric points; read only if the interview has them). Known terms first, at most 40."""
    texts = [getattr(interview, name, '') or '' for name in ('position', 'knowledge_base', 'description')]
    texts += list(_strings(getattr(interview, 'competencies', None)))
    return terms_from_text('\n'.join(str(t) for t in texts))


def terms_from_text(text: str) -> list[Term]:
    seen: dict[str, Term] = {}
    lowered = text.lower()
    for spelling, spoken in KNOWN.items():  # multi-word and punctuated known terms, found anywhere
        if ' ' in spelling and spelling.lower() in lowered:
            seen.setdefault(spelling.lower(), Term(spelling, spoken))
    for line in text.splitlines():
        russian = re.search('[а-яА-ЯёЁ]', line) is not None
        for match in _LATIN.finditer(line):
            word = match.group().rstrip('.-/')
            if len(word) < 2 or word.lower() in _STOP or word.lower() in seen:
                continue
            known = next((k for k in KNOWN if k.lower() == word.lower()), None)
            # in an English line only what looks like a name: GitLab, AWS, S3, Node.js (not 'developer', 'Backend')
            if known is None and not (russian or _looks_like_a_name(word)):
                continue
            spelling = known or word
            seen[word.lower()] = Term(spelling, KNOWN.get(spelling) or (latin_to_cyrillic(word),))
    ordered = sorted(seen.values(), key=lambda t: t.spelling not in KNOWN)  # stable: known ones first
    return ordered[:MAX_TERMS]


def prompt_for(terms: Iterable[Term], language: str | None) -> str:
    """Whisper's initial prompt. For Russian (or a detected language) each term comes with its main spoken form:
    Whisper then writes either, and the corrector maps the Cyrillic one back."""
    terms = list(terms)
    if not terms:
        return ''
    if language == 'en':
        return 'Terms: ' + ', '.join(t.spelling for t in terms) + '.'
    return 'Говорим о технологиях: ' + ', '.join(f'{t.spelling} ({t.spoken[0]})' for t in terms) + '.'


def strip_prompt_echo(text: str, prompt: str) -> str:
    """'' when the text only repeats the prompt (Whisper does that on silence or noise), else the text."""
    words = _plain_words(text)
    if not words or not prompt:
        return text
    prompt_words = set(_plain_words(prompt))
    if len(words) >= 2 and all(w in prompt_words for w in words):
        return ''
    return text


def key(word: str) -> str:
    """A rough phonetic key of Cyrillic text: what Whisper mishears is mostly vowels and voicing."""
    key = word.lower().translate(_KEY)
    return re.sub(r'(.)\1+', r'\1', key)


def stem(word: str) -> str:
    """The word without its case ending (at least three letters kept)."""
    word = word.lower().replace('ё', 'е')
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


def _morph():
    return analyzer()


def is_russian_word(word: str) -> bool:
    return _morph().word_is_known(word.lower())


class TermCorrector:
    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = list(terms)
        # (stem key of a spoken form, the term); a spoken form of several words is joined
        self._forms = [(key(stem(form.replace(' ', ''))), term) for term in self.terms for form in term.spoken]
        self._forms = [(k, t) for k, t in self._forms if len(k) >= MIN_KEY - 1]

    def correct(self, text: str) -> str:
        """The text with Cyrillic renderings of the terms replaced by their spelling."""
        if not self._forms or not re.search('[а-яА-ЯёЁ]', text):
            return text
        tokens = _WORD.findall(text)
        words = [i for i, t in enumerate(tokens) if _CYRILLIC_WORD.match(t.lower())]
        matches = []
        for n in range(len(words)):
            for length in (1, 2, 3):
                span = words[n:n + length]
                if len(span) < length or not _adjacent(tokens, span) or (length > 1 and len(tokens[span[-1]]) < 2):
                    break  # a one-letter word («в», «и») is never part of a term
                found = self._match([tokens[i] for i in span])
                if found is not None:
                    score, prefix, term = found
                    matches.append((score, length, span[0], span[-1], prefix, term))
        taken: set[int] = set()
        replacements: dict[int, tuple[int, str]] = {}
        for _score, _length, start, end, prefix, term in sorted(matches, key=lambda m: (-m[0], -m[1])):
            if any(i in taken for i in range(start, end + 1)):
                continue
            taken.update(range(start, end + 1))
            replacements[start] = (end, prefix + term.spelling)
        if not replacements:
            return text
        out, i = [], 0
        while i < len(tokens):
            if i in replacements:
                end, spelling = replacements[i]
                out.append(spelling)
                i = end + 1
            else:
                out.append(tokens[i])
                i += 1
        return ''.join(out)

    def _match(self, words: list[str]) -> tuple[float, str, Term] | None:
        """(score, a preposition split off, the term) for the best spoken form these words may be, or None."""
        joined = ''.join(w.lower() for w in words)
        candidates = [('', joined)]
        if joined[:1] in _PREPOSITIONS and len(joined) > 5 and not is_russian_word(words[0]):
            candidates.append((joined[0] + ' ', joined[1:]))
        known = len(words) == 1 and is_russian_word(words[0])
        best = None
        for prefix, candidate in candidates:
            keys = {key(stem(candidate))}
            if len(words) == 1 and not known:
                keys.add(key(stem(_morph().parse(candidate)[0].normal_form)))
            for form_key, term in self._forms:
                for k in keys:
                    if len(k) < MIN_KEY:
                        continue
                    score = 100.0 if k == form_key else fuzz.ratio(k, form_key)
                    needed = 100.0 if known else FUZZY_WORD if len(words) == 1 and len(k) >= 6 else FUZZY_SPAN
                    if score >= needed and (best is None or score > best[0]):
                        best = (score, prefix if words[0][:1].islower() else prefix.capitalize(), term)
        return best


def _looks_like_a_name(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) or any(not c.isalpha() for c in word)


def _adjacent(tokens: list[str], span: list[int]) -> bool:
    """The words follow each other with only spaces or hyphens between them (no comma, no full stop)."""
    return all(all(t.isspace() or t == '-' for t in tokens[a + 1:b]) for a, b in zip(span, span[1:], strict=False))


def _plain_words(text: str) -> list[str]:
    return re.findall(r'\w+', text.lower())


def _strings(value: Any) -> Iterable[str]:
    """Every string inside a competencies value (a list of names, of dicts with name/rubric, of objects)."""
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, '__dict__'):
        yield from _strings({k: v for k, v in vars(value).items() if not k.startswith('_')})
