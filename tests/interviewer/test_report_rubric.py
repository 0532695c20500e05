"""The rubric-based report: covered points with verbatim quotes and times, the four statuses, keyword stuffing and
«не сталкивался» never confirmed, weights in the recommendation, the quality note, the advisory label."""
from __future__ import annotations

from aisobes.interviewer.plan import Plan
from aisobes.interviewer.report import heuristic_report, recommendation
from aisobes.interviewer.report_text import render_report_text

from .fakes import T0, Chat, FakeInterview, minutes

PLAN = [{'name': 'Kafka', 'weight': 2, 'questions': [], 'rubric': 'партиционирование по ключу, мониторинг лага'},
        {'name': 'Python', 'weight': 1, 'questions': [], 'rubric': 'event loop, тестирование асинхронного кода'},
        {'name': 'SQL', 'weight': 1, 'questions': [], 'rubric': 'индексы, планы запросов'}]
KAFKA = ('Порядок держали партиционированием по ключу клиента. Мониторинг лага консьюмеров настроили в Grafana, '
         'задержка упала с 5 минут до 20 секунд.')
STUFFED = 'Например, в результате мы нашли компромисс, рост на 100 процентов, например, итог отличный, результат.'


def interview_with(answers: dict[int, list[str]], source: str = 'typed', meta: dict | None = None):
    interview = FakeInterview(competencies=PLAN, knowledge_base='')
    chat, at = Chat(), T0
    chat.add('ai_hr', 'g', at, 'system', {'phase': 'greeting', 'kind': 'greeting', 'reply_to': 0})
    for index, texts in answers.items():
        at += minutes(1)
        chat.add('ai_hr', 'q', at, 'system', {'phase': 'competency', 'kind': 'question', 'competency': index})
        for text in texts:
            at += minutes(1)
            chat.add('candidate', text, at, source, meta)
    return interview, chat.messages


def test_statuses_quotes_and_times():
    interview, messages = interview_with({0: [KAFKA], 1: ['С asyncio, честно говоря, не сталкивался.'],
                                          2: ['Индексы я добавлял, когда запросы тормозили, это помогало.']})
    report = heuristic_report(Plan.for_interview(interview), interview, messages)
    kafka, python, sql = report['competencies']
    assert (kafka['status'], python['status'], sql['status']) == ('confirmed', 'not_confirmed', 'partial')
    assert [c['point'] for c in kafka['covered']] == ['партиционирование по ключу', 'мониторинг лага']
    source = next(m for m in messages if m.content == KAFKA)
    for item in kafka['covered']:
        assert item['quote'] in KAFKA and item['timestamp'] == source.timestamp.isoformat()
    assert sql['missing'] == ['планы запросов'] and kafka['weight'] == 2
    assert report['advisory'] is True
    assert python['rationale'] == 'Кандидат сообщил, что опыта нет или ответа не знает.'


def test_keyword_stuffing_confirms_nothing_and_unasked_is_not_assessed():
    interview, messages = interview_with({0: [STUFFED, STUFFED]})
    report = heuristic_report(Plan.for_interview(interview), interview, messages)
    kafka, python, sql = report['competencies']
    assert kafka['status'] == 'not_confirmed' and kafka['covered'] == []
    assert python['status'] == sql['status'] == 'not_assessed'  # time ran out before them: not the same thing
    assert report['recommendation'] == 'do_not_recommend'
    text = render_report_text(report, 'ru')
    assert 'не оценивалась' in text and 'совет ИИ, решение за рекрутером' in text


def test_weights_shape_the_recommendation():
    def item(status, weight):
        return {'status': status, 'weight': weight}
    assert recommendation([item('confirmed', 3), item('not_confirmed', 1), item('confirmed', 1)]) == 'recommend'
    assert recommendation([item('not_confirmed', 3), item('confirmed', 1), item('confirmed', 1)]) == 'consider'
    assert recommendation([item('confirmed', 1), item('partial', 1), item('not_confirmed', 3)]) == 'do_not_recommend'
    assert recommendation([item('confirmed', 2), item('not_assessed', 1)]) == 'recommend'
    assert recommendation([item('not_assessed', 1)]) == 'consider'


def test_quality_note_for_few_words_short_fragments_and_low_speech_confidence():
    interview, messages = interview_with({0: ['Да.', 'Ну да.', 'Работал.', 'Kafka.']}, source='speech')
    quality = heuristic_report(Plan.for_interview(interview), interview, messages)['quality']
    assert quality['weak'] and quality['codes'] == ['few_words', 'short_fragments']
    unsure = {'source': 'speech', 'confidence': {'avg_logprob': -1.4, 'no_speech_prob': 0.2}, 'language': 'ru'}
    interview, messages = interview_with({0: [KAFKA] * 6}, source='speech', meta=unsure)
    quality = heuristic_report(Plan.for_interview(interview), interview, messages)['quality']
    assert quality['codes'] == ['low_confidence'] and 'уверенность распознавания' in quality['notes'][0]
    sure = {'confidence': {'avg_logprob': -0.2}}
    interview, messages = interview_with({0: [KAFKA] * 6}, source='speech', meta=sure)
    assert heuristic_report(Plan.for_interview(interview), interview, messages)['quality'] == \
        {'weak': False, 'codes': [], 'notes': []}
    odd = {'confidence': 'high'}  # another shape of meta: read defensively
    interview, messages = interview_with({0: [KAFKA] * 6}, source='speech', meta=odd)
    assert heuristic_report(Plan.for_interview(interview), interview, messages)['quality']['weak'] is False
