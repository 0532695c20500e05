"""A database outage, injected in the app's own process (every database call fails as a driver does when the server
is gone): REST answers 503 with a message, the chat socket answers an error frame and stays open, a socket that
connects meanwhile is closed with 1013; all is well again once the database answers."""
from __future__ import annotations

import asyncio
import json

import httpx
import websockets

from aisobes.models import Role

from ..interviewer.test_turn_retry import Outage
from ..structure.test_sockets_in_process import chat_url, create


async def test_rest_and_chat_socket_during_a_database_outage(live_app):
    interview = await create(live_app)
    await live_app.services.chat.post(interview['id'], 'before the outage', Role.RECRUITER)
    outage = Outage(live_app.services.db)
    auth = {'Authorization': f'Bearer {live_app.token}'}
    async with httpx.AsyncClient(base_url=live_app.base_url) as client, \
            websockets.connect(chat_url(live_app, interview['id'])) as ws:
        assert json.loads(await asyncio.wait_for(ws.recv(), 5))['content'] == 'before the outage'  # connected
        outage.down = True
        response = await client.get(f'/api/v1/interviews/{interview["id"]}/status', headers=auth)
        assert response.status_code == 503 and 'database' in response.json()['detail']
        assert response.headers['retry-after']
        await ws.send(json.dumps({'content': 'written while the database is away'}))
        assert 'database' in json.loads(await asyncio.wait_for(ws.recv(), 5))['error']
        async with websockets.connect(chat_url(live_app, interview['id'])) as late:
            try:
                await asyncio.wait_for(late.recv(), 5)
            except websockets.ConnectionClosed:
                pass
        assert late.close_code == 1013
        outage.down = False
        await ws.send(json.dumps({'content': 'and now it is back'}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 5))['content'] == 'and now it is back'
        assert (await client.get(f'/api/v1/interviews/{interview["id"]}/status', headers=auth)).status_code == 200
