"""The owner of an interview's AI interviewer is killed (SIGKILL, no shutdown) mid-interview: the other instance
takes the lease over, resumes from the stored chat and answers the candidate's next message, once."""
from __future__ import annotations

import asyncio
import json
import time

from .clients import connect, create, is_message, log_count, messages, next_frame, start, wait_until
from .conftest import Pair

TAKEOVER_BOUND = 15.0  # seconds: the claim period (3 s) + debounce + a turn, with room for a loaded machine


async def test_kill_the_owner_and_the_other_answers_once(own_pair: Pair) -> None:
    interview = create(own_pair.a)
    iid = interview['id']
    start(own_pair.b, iid)
    owned = f'runs the AI interviewer of interview {iid}\n'
    await wait_until(lambda: log_count(own_pair.both, owned) == 1, timeout=20)
    owner, survivor = (own_pair.a, own_pair.b) if owned in own_pair.a.log() else (own_pair.b, own_pair.a)
    async with connect(survivor, interview) as ws:
        await next_frame(ws, is_message('ai_hr'), timeout=20)  # the greeting (history or live)
        await ws.send(json.dumps({'content': 'Я backend-разработчик, пишу на Python и Go.'}))
        await next_frame(ws, is_message('ai_hr'), timeout=20)  # answered by the owner, across the bus

        owner.process.kill()  # SIGKILL: its database connections drop, PostgreSQL releases its advisory locks
        owner.process.wait(10)
        sent = time.monotonic()
        await ws.send(json.dumps({'content': 'Последний проект: платёжный шлюз на FastAPI.'}))
        await next_frame(ws, is_message('candidate'))
        reply = await next_frame(ws, is_message('ai_hr'), timeout=TAKEOVER_BOUND)
        took = time.monotonic() - sent
        print(f'takeover: the survivor answered {took:.1f} s after the message')
        assert reply['content']
        await asyncio.sleep(2.0)  # a duplicate turn would come within the debounce and one more turn
    roles = [m['role'] for m in messages(survivor, iid)]
    assert roles == ['ai_hr', 'candidate', 'ai_hr', 'candidate', 'ai_hr'], roles
    assert owned in survivor.log()
