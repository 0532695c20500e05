"""Two real instances (`python -m aisobes` on two ports) on one PostgreSQL database: the live room crosses between
them both ways, one AI interviewer per interview, one transcript pair per finish."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import psycopg

from aisobes.db import psycopg_conninfo

from .clients import connect, create, is_message, is_status, log_count, messages, next_frame, start, wait_until
from .conftest import Pair


def test_each_instance_has_its_own_id_and_the_postgres_bus(pair: Pair) -> None:
    health = [httpx.get(f'{server.base_url}/health').json() for server in pair.both]
    assert [h['bus'] for h in health] == ['postgres', 'postgres']
    assert health[0]['instance'] != health[1]['instance'] and all(h['instance'] for h in health)


async def test_messages_and_status_cross_both_ways(pair: Pair) -> None:
    interview = create(pair.a)
    async with connect(pair.a, interview) as candidate_on_a, \
            connect(pair.b, interview, recruiter=True) as recruiter_on_b:
        await candidate_on_a.send(json.dumps({'content': 'Сообщение с A'}))
        for ws in (candidate_on_a, recruiter_on_b):
            frame = await next_frame(ws, is_message('candidate'))
            assert frame['content'] == 'Сообщение с A'
        await recruiter_on_b.send(json.dumps({'content': 'Ответ с B'}))
        for ws in (candidate_on_a, recruiter_on_b):
            assert (await next_frame(ws, is_message('recruiter')))['content'] == 'Ответ с B'
        start(pair.b, interview['id'])  # the status changes on B: A's socket hears it
        for ws in (candidate_on_a, recruiter_on_b):
            assert (await next_frame(ws, is_status('started')))['started_at']
        finished = httpx.patch(f'{pair.a.base_url}/api/v1/interviews/{interview["id"]}/finish',
                               headers=pair.a.auth, timeout=60)
        assert finished.status_code == 200
        for ws in (candidate_on_a, recruiter_on_b):
            assert (await next_frame(ws, is_status('finished')))['finished_at']


async def test_exactly_one_greeting_and_one_turn_per_answer(pair: Pair) -> None:
    interview = create(pair.a)
    iid = interview['id']
    async with connect(pair.a, interview) as on_a, connect(pair.b, interview) as on_b:
        start(pair.a, iid)
        greeting = await next_frame(on_b, is_message('ai_hr'), timeout=20)
        assert greeting == await next_frame(on_a, is_message('ai_hr'))
        answers = ['Я пять лет пишу на Python, последние два года в платёжной команде.',
                   'Мы перевели сервис на asyncio и PostgreSQL, задержка упала вдвое.',
                   'Я отвечал за миграцию схемы без остановки сервиса.']
        for n, answer in enumerate(answers):
            ws = (on_a, on_b)[n % 2]  # the answers go through both instances in turn
            await ws.send(json.dumps({'content': answer}))
            for other in (on_a, on_b):
                await next_frame(other, is_message('candidate', answer))
            await next_frame(on_a, is_message('ai_hr'), timeout=20)
            await next_frame(on_b, is_message('ai_hr'), timeout=20)
        await asyncio.sleep(1.5)  # a second AI turn, if any, would arrive within the debounce and a turn
    stored = messages(pair.b, iid)
    roles = [m['role'] for m in stored]
    assert roles == ['ai_hr'] + ['candidate', 'ai_hr'] * len(answers), roles
    owners = log_count(pair.both, f'runs the AI interviewer of interview {iid}\n')
    assert owners == 1


async def test_finish_through_both_writes_one_transcript_pair(pair: Pair) -> None:
    interview = create(pair.a)
    iid = interview['id']
    start(pair.a, iid)
    await wait_until(lambda: len(messages(pair.a, iid)) == 1, timeout=20)  # the greeting
    async with httpx.AsyncClient(timeout=60) as client:
        responses = await asyncio.gather(*(client.patch(f'{s.base_url}/api/v1/interviews/{iid}/finish',
                                                        headers=s.auth) for s in (pair.a, pair.b, pair.a, pair.b)))
    bodies = [r.json() for r in responses]
    assert [r.status_code for r in responses] == [200] * 4
    assert len({(b['transcript_path'], b['text_transcript_path'], b['finished_at']) for b in bodies}) == 1
    assert log_count(pair.both, f'interview {iid}: transcripts written') == 1  # written once, by one instance
    stored = json.loads(Path(bodies[0]['transcript_path']).read_text(encoding='utf-8'))
    assert [m['content'] for m in stored['messages']] == [m['content'] for m in messages(pair.b, iid)]


async def test_a_bus_reconnect_resyncs_the_chat_socket(pair: Pair) -> None:
    """B's listening connection is cut (as by a database restart): B reconnects, and its chat socket gets what was
    posted meanwhile on A, then a resync frame."""
    interview = create(pair.a)
    b_instance = httpx.get(f'{pair.b.base_url}/health').json()['instance']
    async with connect(pair.b, interview, recruiter=True) as on_b, connect(pair.a, interview) as on_a:
        async with await psycopg.AsyncConnection.connect(psycopg_conninfo(pair.database_url),
                                                         autocommit=True) as admin:
            result = await admin.execute('SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                                         'WHERE application_name = %s', (f'aisobes-listen-{b_instance}',))
            cut = await result.fetchall()
        assert cut == [(True,)]
        await on_a.send(json.dumps({'content': 'Пока B переподключался'}))
        await next_frame(on_b, lambda frame: frame.get('type') == 'resync', timeout=20)
    contents = [m['content'] for m in messages(pair.b, interview['id'])]
    assert contents == ['Пока B переподключался']
    assert 'room bus: listening again' in pair.b.log()
