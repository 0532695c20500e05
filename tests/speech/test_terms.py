"""The terms correction step: transliterations and inflections of the interview's terms back to their spelling,
Russian look-alikes left alone, the prompt and its echo."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from aisobes.speech.terms import TermCorrector, find_terms, prompt_for, strip_prompt_echo, terms_from_text

KB = 'Стек: Python, PostgreSQL, Kubernetes, GitLab, Kafka, RabbitMQ, Docker, Grafana.'


@pytest.fixture(scope='module')
def corrector() -> TermCorrector:
    return TermCorrector(terms_from_text(KB))


@pytest.mark.parametrize(('said', 'term'), [
    ('кафку', 'Kafka'), ('кафкой', 'Kafka'), ('кафке', 'Kafka'), ('докер', 'Docker'), ('докером', 'Docker'),
    ('постгрес', 'PostgreSQL'), ('постгреса', 'PostgreSQL'), ('постгресе', 'PostgreSQL'),
    ('рэббит эм кью', 'RabbitMQ'), ('кубер', 'Kubernetes'), ('кубернетес', 'Kubernetes'),
    ('кубернетесе', 'Kubernetes'), ('пайтоне', 'Python'), ('гитлаб', 'GitLab'), ('графане', 'Grafana'),
])
def test_spoken_forms_and_inflections_become_the_term(corrector: TermCorrector, said: str, term: str) -> None:
    assert corrector.correct(f'у нас {said} в проде') == f'у нас {term} в проде'


@pytest.mark.parametrize(('heard', 'expected'), [
    # what Whisper base really wrote for Festival's Russian voice (see bench/stt_latency.py)
    ('пишу на проехтани база у нас паст-грюс', 'пишу на Python база у нас PostgreSQL'),
    ('Пишу на поэктани база у нас паст-грис.', 'Пишу на Python база у нас PostgreSQL.'),
    ('Диплоем вкубернетес через GitLab.', 'Диплоем в Kubernetes через GitLab.'),
    ('Диплоем в куберне тест через гитлаб.', 'Диплоем в Kubernetes через GitLab.'),
    ('И очереди у нас на ковке, раньше был Рэббит эм кью.', 'И очереди у нас на Kafka, раньше был RabbitMQ.'),
    ('Я перевел сервис сробиты на ковку.', 'Я перевел сервис с RabbitMQ на Kafka.'),
])
def test_near_misses_of_the_recogniser(corrector: TermCorrector, heard: str, expected: str) -> None:
    assert corrector.correct(heard) == expected


@pytest.mark.parametrize('text', [
    'В прошлом году я делал доклад про график релизов.', 'Мы встретились в кафе возле офиса.',
    'Графики и доклады по кафедре.', 'Я работаю программистом уже много лет.', 'Докладчик опоздал на поезд.',
    'Тест прошёл, кубики убрали.',
])
def test_russian_look_alikes_stay(corrector: TermCorrector, text: str) -> None:
    assert corrector.correct(text) == text


def test_the_terms_own_spelling_and_english_stay(corrector: TermCorrector) -> None:
    for text in ['We deploy to Kubernetes from GitLab.', 'База у нас PostgreSQL, очереди Kafka.']:
        assert corrector.correct(text) == text


def test_no_terms_no_change() -> None:
    assert TermCorrector([]).correct('пишу на пайтоне') == 'пишу на пайтоне'


def test_terms_of_an_interview_include_competencies_when_present() -> None:
    interview = SimpleNamespace(position='Backend developer (Go)', knowledge_base='Мы используем Redis и ClickHouse.',
                                description='', competencies=[{'name': 'Kubernetes', 'rubric': ['Writes Helm charts']}])
    spellings = [t.spelling for t in find_terms(interview)]
    assert {'Go', 'Redis', 'ClickHouse', 'Kubernetes', 'Helm'} <= set(spellings)
    assert not {'and', 'developer', 'Backend', 'charts'} & set(spellings)
    vault = SimpleNamespace(knowledge_base='Секреты храним в Vault.')
    unknown = next(t for t in find_terms(vault) if t.spelling == 'Vault')
    assert unknown.spoken == ('ваулт',)


def test_prompt_and_its_echo() -> None:
    terms = terms_from_text(KB)
    prompt = prompt_for(terms, 'ru')
    assert prompt.startswith('Говорим о технологиях: Python (пайтон), PostgreSQL (постгрес)')
    assert prompt_for(terms, 'en').startswith('Terms: Python, PostgreSQL')
    assert prompt_for([], 'ru') == ''
    assert strip_prompt_echo('Python, PostgreSQL, Kubernetes.', prompt) == ''
    assert strip_prompt_echo('Говорим о технологиях: Python (пайтон)', prompt) == ''
    assert strip_prompt_echo('У нас Python и PostgreSQL.', prompt) == 'У нас Python и PostgreSQL.'
    assert strip_prompt_echo('Python.', prompt) == 'Python.'  # one word may well be the answer
