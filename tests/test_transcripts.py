"""Transcript contents: JSON shape and TXT layout, in both languages."""
from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from aisobes.models import Role, Source
from aisobes.schemas import InterviewCreate


async def finished_interview(services, language='ru'):
    interview = await services.interviews.create(InterviewCreate(
        candidate_name='Иван Петров', candidate_id='c-7', position='Data engineer', recommended_duration=45,
        knowledge_base='Spark, Airflow', description='Remote', language=language))
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, 'Добрый день! Расскажите о себе.', Role.AI_HR)
    await services.chat.post(interview.id, 'Я пишу пайплайны на Spark уже 4 года.', Role.CANDIDATE, Source.SPEECH)
    await services.chat.post(interview.id, 'Уточните про Airflow', Role.RECRUITER)
    return await services.interviews.finish(interview.id)


async def test_json_transcript(services):
    interview = await finished_interview(services)
    path = Path(interview.transcript_path)
    assert re.fullmatch(rf'interview_{interview.id}_{interview.unique_link[:8]}_\d{{8}}_\d{{6}}\.json', path.name)
    raw = path.read_text(encoding='utf-8')
    assert 'Иван Петров' in raw  # UTF-8, not ASCII-escaped
    data = json.loads(raw)
    assert set(data) == {'interview', 'messages', 'metadata', 'report', 'decision'}
    assert data['decision'] is None  # the recruiter's, recorded after the finish
    assert data['interview']['recommended_duration'] == 45
    assert data['interview']['actual_duration'] == interview.actual_duration
    assert data['interview']['knowledge_base'] == 'Spark, Airflow'
    assert [m['role'] for m in data['messages']] == ['ai_hr', 'candidate', 'recruiter']
    assert data['messages'][1]['source'] == 'speech'
    assert set(data['messages'][0]) == {'id', 'role', 'content', 'timestamp', 'source'}
    assert datetime.fromisoformat(data['messages'][0]['timestamp']).utcoffset().total_seconds() == 0
    assert data['metadata']['total_messages'] == 3 and data['metadata']['format_version']
    assert datetime.fromisoformat(data['metadata']['transcript_created_at']).tzinfo is not None


async def test_text_transcript_russian(services):
    interview = await finished_interview(services)
    text = Path(interview.text_transcript_path).read_text(encoding='utf-8')
    assert 'Кандидат: Иван Петров' in text and 'Позиция: Data engineer' in text
    assert re.search(r'Длительность: \d+:\d\d:\d\d', text)
    lines = [line for line in text.splitlines() if re.match(r'\[\d\d:\d\d:\d\d\] ', line)]
    assert [line.split('] ')[1].split(':')[0] for line in lines] == ['AI HR', 'Кандидат', 'Рекрутер']


async def test_text_transcript_english_labels(services):
    interview = await finished_interview(services, language='en')
    text = Path(interview.text_transcript_path).read_text(encoding='utf-8')
    assert 'Candidate: Иван Петров' in text and '] Recruiter: Уточните про Airflow' in text
