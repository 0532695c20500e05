"""The message tables and the countdown's text: small pure functions, no page needed."""
from __future__ import annotations

import re

from pages.i18n import MESSAGES, texts
from pages.timer import countdown_text


def test_every_language_has_every_key_with_the_same_placeholders() -> None:
    ru, en = MESSAGES['ru'], MESSAGES['en']
    assert set(ru) == set(en)
    for key in ru:
        assert set(re.findall(r'{(\w+)}', ru[key])) == set(re.findall(r'{(\w+)}', en[key])), key


def test_texts_format_and_fall_back() -> None:
    assert texts('en')('lobby.hello', name='Ann') == 'Hello, Ann!'
    assert texts('ru')('lobby.hello', name='Аня') == 'Здравствуйте, Аня!'
    assert texts('de')('lobby.start') == MESSAGES['ru']['lobby.start']  # unknown language: the default


def test_countdown_levels_and_overtime() -> None:
    assert countdown_text(30 * 60) == ('30:00', 'normal')
    assert countdown_text(5 * 60 + 1) == ('05:01', 'normal')
    assert countdown_text(5 * 60) == ('05:00', 'amber')
    assert countdown_text(61) == ('01:01', 'amber')
    assert countdown_text(60) == ('01:00', 'red')
    assert countdown_text(0) == ('00:00', 'red')
    assert countdown_text(-75) == ('+01:15', 'red')
    assert countdown_text(90 * 60) == ('90:00', 'normal')


def test_candidate_texts_match_the_consent_and_read_naturally() -> None:
    """The consent says audio and video are not recorded, so nothing promises the recruiter a «запись» / «record»;
    and no «выключен(а)»-style gender brackets in Russian."""
    from aisobes.interviewer.texts import TEXTS

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, (tuple, list)):
            for item in value:
                yield from strings(item)

    everything = list(strings(MESSAGES['ru'])) + list(strings(MESSAGES['en'])) + list(strings(TEXTS))
    assert not [s for s in everything if re.search(r'\bзапис[ьи]\b|\brecord\b', s)]
    assert not [s for s in strings(MESSAGES['ru']) if '(а)' in s]
