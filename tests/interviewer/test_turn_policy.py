"""The turn policy: complete sentences answered soon, unfinished clauses waited for, resumed speech postpones, typed
messages at once; pure, and then through the real interviewer service."""
from __future__ import annotations

import asyncio

import pytest

from aisobes.interviewer.turn_policy import Ending, TurnPolicy, ending_of
from aisobes.models import ChatMessage, Role, Source
from aisobes.rooms import Resync, SpeechPartial, SpeechState, SpeechStatus

from .conftest import eventually
from .test_engine import ai_turns, more_turns_than, started


@pytest.mark.parametrize('text', [
    'I was responsible for the migration of our billing system.', 'Yes, I think so.', 'Да, конечно.',
    'Пишу на Python, база у нас PostgreSQL.', 'Я отвечал за миграцию биллинга', 'That is all I know',
])
def test_complete(text: str) -> None:
    assert ending_of(text) == Ending.COMPLETE


@pytest.mark.parametrize('text', [
    'In my last project I was responsible for', 'We chose Kafka because', 'the service that', 'which',
    'and then, um', 'I think that...', 'Я выбрал Kafka, потому что', 'Мы сделали сервис, который',
    'База у нас PostgreSQL и', 'Он сказал, что', 'эээ', 'Ну, в общем, эээ...', 'Мы перешли на', 'потому что',
    'Первое,', '',
])
def test_unfinished(text: str) -> None:
    assert ending_of(text) == Ending.UNFINISHED


def test_waits() -> None:
    policy = TurnPolicy(complete_wait=0.5, unfinished_wait=4.0, typed_wait=0.0)
    assert policy.wait('Done.', Source.SPEECH) == 0.5
    assert policy.wait('Done.', Source.SPEECH, since_speech_end=0.8) == 0.0  # the pause already lasted long enough
    assert policy.wait('I was responsible for', Source.SPEECH, since_speech_end=0.8) == pytest.approx(3.2)
    assert policy.wait('I was responsible for', Source.TYPED) == 0.0  # typed: at once
    assert policy.resumed() == 4.0


async def test_the_interviewer_waits_out_a_thinking_pause_and_answers_a_complete_sentence_soon(make_services, clock):
    services = await make_services(turn_complete_wait=0.2, turn_unfinished_wait=1.5)
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    await services.chat.post(interview.id, 'В последнем проекте я отвечал за', Role.CANDIDATE, Source.SPEECH)
    await asyncio.sleep(0.8)  # well past the complete wait: a thinking pause must not be cut
    assert len(await ai_turns(services, interview.id)) == 1
    last = await services.chat.post(interview.id, 'миграцию нашей системы биллинга на Kafka.', Role.CANDIDATE,
                                    Source.SPEECH)
    turns = await eventually(lambda: more_turns_than(services, interview.id, 1))
    assert len(turns) == 2 and turns[1].meta['reply_to'] == last.id


async def test_resumed_speech_postpones_the_turn(make_services, clock):
    services = await make_services(turn_complete_wait=0.3, turn_unfinished_wait=1.5)
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    await services.chat.post(interview.id, 'Я работал с Kafka.', Role.CANDIDATE, Source.SPEECH)
    services.rooms.publish(interview.id, SpeechState(SpeechStatus.RECOGNISING))  # the candidate goes on
    services.rooms.publish(interview.id, SpeechPartial('и ещё с', 9))
    await asyncio.sleep(0.8)
    assert len(await ai_turns(services, interview.id)) == 1  # no final came yet: still waiting
    # no final at all (it was noise): the turn comes after the long limit anyway
    await eventually(lambda: more_turns_than(services, interview.id, 1), timeout=5)


async def test_typed_messages_are_answered_at_once(make_services, clock):
    services = await make_services(ai_debounce=0.0, turn_unfinished_wait=10)
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    await services.chat.post(interview.id, 'Я отвечал за', Role.CANDIDATE, Source.TYPED)
    await eventually(lambda: more_turns_than(services, interview.id, 1), timeout=3)


async def test_a_resync_answers_an_answer_that_was_missed(make_services, clock):
    # the bus reconnected: events may have been lost, so the interviewer asks itself whether an answer is due
    services = await make_services(ai_debounce=0.0)
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    stored = ChatMessage(interview_id=interview.id, content='Я пять лет пишу на Python.', role=Role.CANDIDATE)
    await services.db.run(_insert, services.db, stored)  # stored, but its event was lost on the way
    await asyncio.sleep(0.3)
    assert not await more_turns_than(services, interview.id, 1)
    services.rooms.publish(interview.id, Resync(interview.id))
    await eventually(lambda: more_turns_than(services, interview.id, 1), timeout=3)


def _insert(db, row) -> None:
    with db.session() as session:
        session.add(row)
        session.commit()
