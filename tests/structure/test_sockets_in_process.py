"""Behaviour only a real socket shows, with the app in this process so that faults can be injected: a client that
stops reading is closed with 4408 while the others keep receiving; a slow database call for one interview does not
stall another interview's chat socket."""
from __future__ import annotations

import asyncio
import json
import socket
import threading
from datetime import UTC, datetime

import httpx
import websockets
from websockets.client import ClientProtocol
from websockets.protocol import State
from websockets.uri import parse_uri

from aisobes.api.chat import CLOSE_TOO_SLOW, OUTBOX_SIZE
from aisobes.models import Role, Source
from aisobes.rooms import MessagePosted
from aisobes.schemas import MessageOut

INTERVIEW = {'candidate_name': 'Анна', 'candidate_id': 'c-1', 'position': 'Dev', 'recommended_duration': 30}


async def create(app) -> dict:
    async with httpx.AsyncClient(base_url=app.base_url) as client:
        response = await client.post('/api/v1/interviews/', json=INTERVIEW, headers=app.auth)
    assert response.status_code == 200, response.text
    return response.json()


def chat_url(app, interview_id: int) -> str:
    return f'{app.ws_url}/api/v1/chat/{interview_id}/ws?token={app.token}'


def fake_message(interview_id: int, number: int) -> MessageOut:
    return MessageOut(id=10_000 + number, content='x' * 20_000 + f' #{number}', role=Role.CANDIDATE,
                      timestamp=datetime.now(UTC), interview_id=interview_id, source=Source.TYPED)


async def open_stalled(url: str) -> tuple[ClientProtocol, asyncio.StreamReader, asyncio.StreamWriter]:
    """A WebSocket client that completes the handshake and then reads nothing. Its TCP receive buffer is tiny and it
    offers no compression, so the server's frames fill the kernel buffers quickly and its sender blocks."""
    uri = parse_uri(url)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (uri.host, uri.port))
    reader, writer = await asyncio.open_connection(sock=sock)
    protocol = ClientProtocol(uri)
    protocol.send_request(protocol.connect())
    writer.write(b''.join(protocol.data_to_send()))
    while protocol.state is not State.OPEN:
        protocol.receive_data(await asyncio.wait_for(reader.read(4096), 10))
        assert protocol.handshake_exc is None, protocol.handshake_exc
    return protocol, reader, writer


async def close_code_of(protocol: ClientProtocol, reader: asyncio.StreamReader) -> int | None:
    """Read everything the server sent until the connection ends; the close code it sent, if any."""
    while True:
        data = await asyncio.wait_for(reader.read(1 << 20), 30)
        if not data:
            protocol.receive_eof()
            break
        protocol.receive_data(data)
        protocol.events_received()
        if protocol.close_rcvd is not None:
            break
    return protocol.close_rcvd.code if protocol.close_rcvd is not None else None


async def test_a_socket_that_stops_reading_is_closed_with_4408_and_the_others_keep_receiving(live_app):
    interview = await create(live_app)
    room = live_app.services.rooms
    listeners = room.room(interview['id']).subscriber_count  # the AI interviewer's
    stalled, stalled_reader, stalled_writer = await open_stalled(chat_url(live_app, interview['id']))
    async with websockets.connect(chat_url(live_app, interview['id']), max_size=2 ** 20) as reader:
        await subscribers(room.room(interview['id']), listeners + 2)  # both handlers have joined the room
        received: list[int] = []

        async def read_all() -> None:
            while len(received) < total:
                received.append(json.loads(await reader.recv())['id'])

        total = OUTBOX_SIZE * 3  # 60 MB: far more than the kernel buffers hold
        reading = asyncio.create_task(read_all())
        for number in range(total):
            room.publish(interview['id'], MessagePosted(fake_message(interview['id'], number)))
            while number + 1 - len(received) > OUTBOX_SIZE // 4 and not reading.done():  # a room's pace
                await asyncio.sleep(0.001)
        await asyncio.wait_for(reading, 60)
        assert received == [10_000 + n for n in range(total)]  # the reading socket got everything, in order

    assert await close_code_of(stalled, stalled_reader) == CLOSE_TOO_SLOW
    stalled_writer.close()
    await subscribers(room.room(interview['id']), listeners)  # both sockets have left the room


async def subscribers(room, count: int) -> None:
    for _ in range(1000):
        if room.subscriber_count == count:
            return
        await asyncio.sleep(0.01)
    assert room.subscriber_count == count


async def test_a_slow_database_call_for_one_interview_does_not_stall_another_interviews_socket(live_app):
    slow, other = await create(live_app), await create(live_app)
    chat = live_app.services.chat
    original = chat._store
    release, entered, returned = threading.Event(), threading.Event(), threading.Event()

    def stalled_store(interview_id, *args, **kwargs):
        if interview_id == slow['id']:
            entered.set()
            release.wait(10)  # a database that hangs for this one call (on the loop it would freeze everything)
            returned.set()
        return original(interview_id, *args, **kwargs)

    chat._store = stalled_store
    try:
        async with websockets.connect(chat_url(live_app, slow['id'])) as slow_socket, \
                websockets.connect(chat_url(live_app, other['id'])) as other_socket:
            await slow_socket.send(json.dumps({'content': 'this write hangs'}))
            await asyncio.to_thread(entered.wait, 10)
            assert entered.is_set()
            await other_socket.send(json.dumps({'content': 'while the other one hangs'}))
            echoed = json.loads(await asyncio.wait_for(other_socket.recv(), 10))
            assert echoed['content'] == 'while the other one hangs'
            assert not returned.is_set()  # the slow call is still in progress: nothing waited for it
            release.set()
            assert json.loads(await asyncio.wait_for(slow_socket.recv(), 10))['content'] == 'this write hangs'
    finally:
        release.set()
        chat._store = original
