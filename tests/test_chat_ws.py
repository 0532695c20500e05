"""The chat WebSocket against the real server: history, broadcast, isolation, roles, errors, closing codes."""
from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from .test_api import create


def chat_url(server, interview_id, **params) -> str:
    query = '&'.join(f'{k}={v}' for k, v in params.items())
    return f'{server.ws_url}/api/v1/chat/{interview_id}/ws' + (f'?{query}' if query else '')


async def receive(ws, timeout=5.0) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def nothing_arrives(ws, timeout=0.5) -> bool:
    try:
        await asyncio.wait_for(ws.recv(), timeout)
    except TimeoutError:
        return True
    return False


async def test_two_sockets_see_each_other_and_roles_come_from_credentials(server):
    body = create(server)
    iid, link = body['id'], body['unique_link']
    async with websockets.connect(chat_url(server, iid, link=link)) as candidate, \
            websockets.connect(chat_url(server, iid, token=server.token)) as recruiter:
        # the original clients also send role and interview_id: they are ignored
        await candidate.send(json.dumps({'content': 'Привет', 'role': 'recruiter', 'interview_id': 999}))
        for ws in (candidate, recruiter):
            message = await receive(ws)
            assert message['content'] == 'Привет' and message['role'] == 'candidate'
            assert message['interview_id'] == iid and message['source'] == 'typed'
            assert set(message) == {'id', 'content', 'role', 'timestamp', 'interview_id', 'source'}
        await recruiter.send(json.dumps({'content': 'Hello from HR', 'role': 'ai_hr'}))
        for ws in (candidate, recruiter):
            assert (await receive(ws))['role'] == 'recruiter'


async def test_history_first_then_live_and_isolation(server):
    a, b = create(server), create(server)
    async with websockets.connect(chat_url(server, a['id'], link=a['unique_link'])) as first:
        await first.send(json.dumps({'content': 'one'}))
        await receive(first)
        await first.send(json.dumps({'content': 'two'}))
        await receive(first)
    async with websockets.connect(chat_url(server, a['id'], link=a['unique_link'])) as again, \
            websockets.connect(chat_url(server, b['id'], link=b['unique_link'])) as other:
        assert [(await receive(again))['content'] for _ in range(2)] == ['one', 'two']
        await again.send(json.dumps({'content': 'three'}))
        assert (await receive(again))['content'] == 'three'
        assert await nothing_arrives(other)
    messages = httpx.get(f'{server.base_url}/api/v1/interviews/{a["id"]}/messages', headers=server.auth).json()
    assert [m['content'] for m in messages] == ['one', 'two', 'three']


async def test_errors_keep_the_socket_open(server):
    body = create(server)
    async with websockets.connect(chat_url(server, body['id'], link=body['unique_link'])) as ws:
        for bad in ('not json', json.dumps([1, 2]), json.dumps({'text': 'x'}), json.dumps({'content': ''}),
                    json.dumps({'content': 'x' * 4001}), json.dumps({'content': 5})):
            await ws.send(bad)
            reply = await receive(ws)
            assert set(reply) == {'error'} and reply['error']
        await ws.send(json.dumps({'content': 'still here'}))
        assert (await receive(ws))['content'] == 'still here'


async def test_flooding_is_refused_without_closing(server):
    body = create(server)
    async with websockets.connect(chat_url(server, body['id'], link=body['unique_link'])) as ws:
        for i in range(30):
            await ws.send(json.dumps({'content': f'm{i}'}))
        replies = [await receive(ws) for _ in range(30)]
        assert any('error' in r for r in replies) and sum('content' in r for r in replies) >= 10
    messages = httpx.get(f'{server.base_url}/api/v1/interviews/{body["id"]}/messages', headers=server.auth).json()
    assert len(messages) == sum('content' in r for r in replies)


@pytest.mark.parametrize('params,code', [({}, 4401), ({'link': 'wrong'}, 4403), ({'token': 'wrong'}, 4403)])
async def test_unauthorized_sockets_are_closed(server, params, code):
    body = create(server)
    async with websockets.connect(chat_url(server, body['id'], **params)) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd.code == code


async def test_link_of_another_interview_is_refused(server):
    a, b = create(server), create(server)
    async with websockets.connect(chat_url(server, a['id'], link=b['unique_link'])) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd.code == 4403


async def test_writes_after_finish_are_refused(server):
    body = create(server)
    async with websockets.connect(chat_url(server, body['id'], link=body['unique_link'])) as ws:
        httpx.patch(f'{server.base_url}/api/v1/interviews/{body["id"]}/finish', headers=server.auth)
        status = await receive(ws)
        assert status['type'] == 'status' and status['status'] == 'finished'
        await ws.send(json.dumps({'content': 'too late'}))
        assert 'error' in await receive(ws)


async def test_deleting_the_interview_closes_its_sockets_with_4404(server):
    body = create(server)
    async with websockets.connect(chat_url(server, body['id'], link=body['unique_link'])) as candidate, \
            websockets.connect(chat_url(server, body['id'], token=server.token)) as recruiter:
        await candidate.send(json.dumps({'content': 'before delete'}))
        for ws in (candidate, recruiter):
            assert (await receive(ws))['content'] == 'before delete'
        deleted = httpx.delete(f'{server.base_url}/api/v1/interviews/{body["id"]}', headers=server.auth)
        assert deleted.json() == {'deleted': body['id']}
        for ws in (candidate, recruiter):
            with pytest.raises(ConnectionClosed) as closed:
                await receive(ws)
            assert closed.value.rcvd.code == 4404
    # a recruiter (valid token) asking for an interview that is gone learns that it is gone
    async with websockets.connect(chat_url(server, body['id'], token=server.token)) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd.code == 4404
