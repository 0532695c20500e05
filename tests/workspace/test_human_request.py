"""The candidate is told the truth in the lobby (an AI interviews, its report is advisory, a person decides) and can
ask for a human interviewer: recorded on the interview and in the audit log, shown to the recruiter, and the
candidate sees what happens next; in Russian and English."""
from __future__ import annotations

import pytest
from nicegui.testing import User

from aisobes.audit import AuditAction
from aisobes.errors import NotFound
from aisobes.schemas import InterviewCreate
from aisobes.services import Services
from pages.workspace_texts import EN, RU

from ..pages.helpers import app_services, eventually, login, new_interview

AUTH = {'Authorization': 'Bearer test-token'}


async def test_the_candidate_asks_for_a_human_and_the_recruiter_sees_it(user: User) -> None:
    interview = await new_interview()
    await user.open(f'/interview/{interview.unique_link}')
    await user.should_see(RU['lobby.ai_notice'])
    await user.should_not_see(marker='human-sent')
    user.find(marker='prefer-human').click()
    await user.should_see(RU['lobby.human_sent'], retries=20)
    await user.should_not_see(marker='prefer-human')
    await user.should_see(marker='room-start')  # the AI interview stays available
    stored = await app_services().interviews.get(interview.id)
    assert stored.human_requested_at is not None
    entries, _ = await app_services().audit.query(target=f'interview:{interview.id}')
    assert [(e.actor, e.action) for e in entries] == [('candidate', AuditAction.HUMAN_REQUESTED)]

    await user.open(f'/interview/{interview.unique_link}')  # a reload remembers it
    await user.should_see(marker='human-sent')
    await user.should_not_see(marker='prefer-human')

    details = (await user.http_client.get(f'/api/v1/interviews/{interview.id}/details', headers=AUTH)).json()
    assert details['human_requested_at'] is not None
    await login(user)
    await user.open('/admin')
    await user.should_see(marker='row-human-requested')
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_see(marker='human-requested')

    await user.open(f'/interview/{interview.unique_link}')
    user.find(marker='room-start').click()  # and then takes the AI interview after all
    await user.should_see(marker='chat-input', retries=20)
    async def starts():
        return (await app_services().audit.query(action=AuditAction.START))[0]
    started = await eventually(starts)  # recorded right after the status changes
    assert [(e.actor, e.target) for e in started] == [('candidate', f'interview:{interview.id}')]


async def test_the_notice_in_english(user: User) -> None:
    interview = await new_interview(language='en')
    await user.open(f'/interview/{interview.unique_link}')
    await user.should_see(EN['lobby.ai_notice'])
    user.find(marker='prefer-human').click()
    await user.should_see(EN['lobby.human_sent'], retries=20)


async def test_a_second_request_keeps_the_first_and_adds_no_entry(services: Services) -> None:
    interview = await services.interviews.create(InterviewCreate(candidate_name='Олег', candidate_id='o-1',
                                                                 position='QA', recommended_duration=30))
    first = await services.human_requests.request(interview.id, '10.0.0.1')
    again = await services.human_requests.request(interview.id, '10.0.0.1')
    assert first.human_requested_at == again.human_requested_at is not None
    entries, total = await services.audit.query(action=AuditAction.HUMAN_REQUESTED)
    assert total == 1 and entries[0].ip == '10.0.0.1'
    with pytest.raises(NotFound):
        await services.human_requests.request(999)
    assert 'человек' in RU['lobby.ai_notice'] and 'рекомендательный' in RU['lobby.ai_notice']
    assert 'advisory' in EN['lobby.ai_notice'] and 'person' in EN['lobby.ai_notice']
