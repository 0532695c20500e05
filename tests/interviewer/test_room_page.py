"""In the candidate room (NiceGUI `User` fixture, the real app): the AI HR greets on start and its next turn
appears after the candidate's message."""
from __future__ import annotations

from nicegui import app
from nicegui.testing import User

from aisobes.schemas import InterviewCreate


async def test_the_ai_turn_appears_after_the_candidates_message(user: User) -> None:
    services = app.state.services
    assert services.interviewer.brain is services.brain and services.brain.name == 'scripted'
    interview = await services.interviews.create(InterviewCreate(
        candidate_name='Анна Смирнова', candidate_id='c-1', position='Python-разработчик', recommended_duration=30,
        knowledge_base='- Python\n- SQL\n- Docker', language='ru'))
    await user.open(f'/interview/{interview.unique_link}')
    user.find('room-start').click()
    await user.should_see(marker='chat-text', content='Я AI HR и проведу с вами собеседование', retries=50)

    user.find('chat-input').type('Я бэкенд-разработчик, пять лет пишу на Python.')
    user.find('chat-send').click()
    await user.should_see(marker='chat-text', content='Перейдём к теме «Python»', retries=80)
    roles = [m.role for m in await services.chat.history(interview.id)]
    assert roles == ['ai_hr', 'candidate', 'ai_hr']
