"""What aisobes does with a small model's bad habits, seen against llama.cpp with Qwen2.5 1.5B and taught to the fake
server: a slow first token, a repeated reply, a preamble, markdown, several paragraphs, «ты». (Invalid report JSON
and a hang at finish: test_report_jobs.py.) Through the real client and the real openai brain."""
from __future__ import annotations

import time

from aisobes.interviewer.brain import TurnContext
from aisobes.interviewer.llm import ChatCompletions
from aisobes.interviewer.openai_brain import OpenAIBrain
from aisobes.interviewer.plan import Phase, Plan, Progress, Step, StepKind
from aisobes.interviewer.scripted import ScriptedBrain, render

from .fake_openai import HABITS, FakeOpenAI
from .fakes import LONG_ANSWER_RU, T0, Chat, FakeInterview, minutes

FOLLOW_UP = 'Спасибо! Какие метрики вы смотрели до и после переписывания сервиса?'
STEP = Step(Phase.COMPETENCY, StepKind.QUESTION, competency=1, reply_to=2)


def context(last_ai: str = 'Здравствуйте, Анна! Расскажите, пожалуйста, о себе.') -> TurnContext:
    chat = Chat()
    chat.add('ai_hr', last_ai, T0, 'system', {'phase': 'greeting', 'kind': 'greeting', 'reply_to': 0})
    chat.add('candidate', LONG_ANSWER_RU, T0 + minutes(1))
    return TurnContext(Plan.for_interview(FakeInterview()), chat.messages, T0 + minutes(2), T0)


async def say(server: FakeOpenAI, turn: TurnContext, step: Step = STEP, **brain_kwargs):
    brain = OpenAIBrain(ChatCompletions(server.base_url, 'm', None, timeout=5), ScriptedBrain(), **brain_kwargs)
    partials: list[str] = []
    said = await brain.say(step, turn, partials.append)
    await brain.aclose()
    return said, partials


async def test_slow_first_token_the_scripted_words_speak_at_the_deadline_and_the_late_answer_is_dropped():
    turn = context()
    async with FakeOpenAI(reply=FOLLOW_UP, first_token_delay=3.0) as server:
        said, partials = await say(server, turn, first_token_timeout=0.3)
    assert (said.brain, said.fallback, said.text) == ('scripted', True, render(STEP, turn))
    assert said.meta['fallback'] == 'first_token_deadline' and 'ttft' not in said.meta
    assert all(p == '' for p in partials)  # nothing of the late answer reached the room


async def test_a_first_token_in_time_gets_the_whole_turn_timeout_for_the_rest():
    async with FakeOpenAI(reply=FOLLOW_UP, first_token_delay=0.1, delay=0.05) as server:
        said, _ = await say(server, context(), first_token_timeout=0.3)  # 10 chunks: 0.6 s in all
    assert (said.text, said.fallback) == (FOLLOW_UP, False) and said.meta['ttft'] >= 0.1
    assert said.meta['chunks'] == 10 and said.meta['attempts'] == 1


async def test_a_repeated_reply_is_retried_with_a_note_then_the_scripted_words_speak():
    async with FakeOpenAI(reply=FOLLOW_UP) as server:  # the model that says the same thing whatever it is told
        said, partials = await say(server, context(last_ai=FOLLOW_UP))
    assert said.fallback and said.brain == 'scripted' and said.text != FOLLOW_UP
    assert said.meta['fallback'] == 'guards' and said.meta['guards'] == ['repeat', 'repeat']
    assert len(server.requests) == 2
    assert 'repeated one of your earlier turns' in server.requests[1]['messages'][-1]['content']
    assert partials[-1] == ''  # the refused words left the screen


async def test_a_retry_that_passes_is_posted():
    def reply(body: dict) -> str:
        return 'Расскажите, как вы измеряли задержку?' if 'repeated' in body['messages'][-1]['content'] else FOLLOW_UP
    async with FakeOpenAI(reply=reply) as server:
        said, _ = await say(server, context(last_ai=FOLLOW_UP))
    assert (said.text, said.brain, said.fallback) == ('Расскажите, как вы измеряли задержку?', 'openai', False)
    assert said.meta['attempts'] == 2


async def test_the_informal_ty_is_retried_then_the_scripted_words_speak():
    async with FakeOpenAI(reply=HABITS['informal_ru']) as server:
        said, _ = await say(server, context())
    assert said.fallback and said.meta['guards'] == ['informal', 'informal']
    assert '«вы»' in server.requests[1]['messages'][-1]['content'] and '«вы»' in server.requests[0]['messages'][0][
        'content']  # instructed from the start, reminded on the retry


async def test_preamble_markdown_and_paragraphs_are_repaired_not_spoken():
    cases = {'preamble_ru': 'Расскажите, пожалуйста, как вы использовали asyncio в работе?',
             'markdown': 'Спасибо! Расскажите, пожалуйста, о вашем опыте с PostgreSQL.',
             'paragraphs': 'Thank you, Anna. That is a great example of your work. Now, could you tell me about SQL?'}
    for habit, expected in cases.items():
        async with FakeOpenAI(reply=HABITS[habit]) as server:
            said, partials = await say(server, context())
        assert (said.text, said.fallback, said.brain) == (expected, False, 'openai'), habit
        assert not any(p.startswith('Вот') or '**' in p for p in partials), habit  # not even while streaming
        assert len(server.requests) == 1


async def test_the_warm_up_sends_the_static_prefix_once():
    plan = Plan.for_interview(FakeInterview())
    async with FakeOpenAI(reply='ok') as server:
        brain = OpenAIBrain(ChatCompletions(server.base_url, 'm', None, timeout=5), ScriptedBrain())
        await brain.warm_up(plan)
        await brain.warm_up(plan)  # the lobby opened twice
        await brain.say(STEP, context())
        await brain.aclose()
    warm, turn = server.requests
    assert warm['max_tokens'] == 1 and warm['messages'] == turn['messages'][:2]  # the turn starts with that prefix


async def test_the_judgement_and_the_turn_share_one_first_token_deadline():
    # a slow server: the judgement of the answer may take half of the deadline, the turn's first words the rest, so
    # the candidate waits about the deadline in all (not judge timeout + deadline) before the scripted words speak
    turn = context()
    async with FakeOpenAI(mode='slow', slow_seconds=5) as server:
        brain = OpenAIBrain(ChatCompletions(server.base_url, 'm', None, timeout=5), ScriptedBrain(), judge_timeout=8,
                            first_token_timeout=1.0)
        began = time.monotonic()
        heard = await brain.judge(turn.plan, Progress.from_history(turn.history))
        judged = time.monotonic() - began
        said = await brain.say(STEP, turn)
        waited = time.monotonic() - began
        await brain.aclose()
    assert heard is not None and judged < 0.9  # the deterministic judgement after half of the deadline
    assert said.fallback and said.meta['fallback'] == 'first_token_deadline'
    assert waited < 1.0 + 1.0, waited  # the bound: the deadline plus 1 s, here with a slow judgement first
