"""Finish never waits for a model: the deterministic report is stored and written at once (`pending`), the model's
report follows in the background and replaces it in the database and both files (`final`), the room is told, and a
restart finishes the reports left pending. Against the fake OpenAI-compatible server, through the real client."""
from __future__ import annotations

import json
from pathlib import Path

from aisobes.models import ReportStatus, Role, Source
from aisobes.rooms import ReportReady
from aisobes.schemas import InterviewCreate
from aisobes.services import build_services

from .conftest import eventually, recorder
from .fake_openai import FakeOpenAI

ANSWER = ('В прошлом году я переписал сервис выгрузки на Python asyncio, задержка упала с 300 до 80 мс, '
          'потому что запросы к базе пошли параллельно.')
MODEL_REPORT = {'competencies': [{'name': 'Python', 'status': 'confirmed', 'rationale': 'Модель: конкретный кейс.',
                                  'evidence': [{'quote': 'я переписал сервис выгрузки на Python asyncio'}]}],
                'strengths': ['Модель: сильный asyncio'], 'risks': [], 'recommendation': 'consider'}


async def finished_interview(services):
    interview = await services.interviews.create(InterviewCreate(
        candidate_name='Анна Смирнова', candidate_id='c1', position='Backend developer', recommended_duration=30,
        knowledge_base='- Python\n- SQL', description='Team of 5'))
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, ANSWER, Role.CANDIDATE, Source.TYPED)
    return interview.id, await services.interviews.finish(interview.id)


def openai_services(settings, server, **overrides):
    built = build_services(settings.model_copy(update={'llm': 'openai', 'llm_base_url': server.base_url,
                                                       'llm_model': 'm', **overrides}))
    built.tasks.bind()
    return built


async def test_finish_answers_at_once_while_the_model_hangs_and_the_heuristic_report_becomes_final(settings):
    async with FakeOpenAI(mode='hang') as server:
        services = openai_services(settings, server, llm_report_timeout=0.5)
        interview_id, finished = await finished_interview(services)
        events = recorder(services, interview_id)
        assert finished.report_status == ReportStatus.PENDING  # answered while the model's request is still open
        assert finished.report['heuristic'] is True and Path(finished.transcript_path).exists()
        assert json.loads(Path(finished.transcript_path).read_text())['report']['heuristic'] is True
        await services.report_jobs.wait(interview_id)
        settled = await services.interviews.get(interview_id)
        assert settled.report_status == ReportStatus.FINAL and settled.report == finished.report
        assert [e for e in events if isinstance(e, ReportReady)] == [ReportReady(by_model=False)]
        assert len(server.requests) == 1 and server.requests[0]['stream'] is False  # the report request only
        await services.stop()


async def test_a_valid_model_report_replaces_the_report_in_the_database_and_both_files(settings):
    async with FakeOpenAI(report=json.dumps(MODEL_REPORT, ensure_ascii=False)) as server:
        services = openai_services(settings, server)
        interview_id, finished = await finished_interview(services)
        events = recorder(services, interview_id)
        await services.report_jobs.wait(interview_id)
        settled = await services.interviews.get(interview_id)
        assert settled.report_status == ReportStatus.FINAL and settled.report['brain'] == 'openai'
        assert settled.transcript_path == finished.transcript_path  # same files, rewritten
        stored = json.loads(Path(settled.transcript_path).read_text())
        assert stored['report']['strengths'] == ['Модель: сильный asyncio']
        assert 'Модель: сильный asyncio' in Path(settled.text_transcript_path).read_text()
        assert ReportReady(by_model=True) in events
        again = await services.interviews.finish(interview_id)  # idempotent: no new report, no new job
        assert again.report == settled.report and len(server.requests) == 1
        await services.stop()


async def test_invalid_report_json_keeps_the_heuristic_report(settings):
    async with FakeOpenAI(report='{"competencies": [{"name": "Python", "status": "great"}]') as server:
        services = openai_services(settings, server)
        interview_id, finished = await finished_interview(services)
        await services.report_jobs.wait(interview_id)
        settled = await services.interviews.get(interview_id)
        assert settled.report_status == ReportStatus.FINAL and settled.report == finished.report
        await services.stop()


async def test_a_restart_finishes_the_reports_left_pending(settings):
    async with FakeOpenAI(mode='hang') as server:
        first = openai_services(settings, server)
        interview_id, finished = await finished_interview(first)
        await first.stop()  # the server goes down while the model is still writing
    assert finished.report_status == ReportStatus.PENDING
    async with FakeOpenAI(report=json.dumps(MODEL_REPORT, ensure_ascii=False)) as server:
        second = openai_services(settings, server)
        assert (await second.interviews.get(interview_id)).report_status == ReportStatus.PENDING
        events = recorder(second, interview_id)
        await second.start()
        await eventually(lambda: ReportReady(by_model=True) in events)  # told once the files are rewritten
        settled = await second.interviews.get(interview_id)
        assert settled.report['brain'] == 'openai'
        assert json.loads(Path(settled.transcript_path).read_text())['report']['brain'] == 'openai'
        await second.stop()


async def test_the_scripted_brain_report_is_final_at_once(services):
    interview_id, finished = await finished_interview(services)
    assert finished.report_status == ReportStatus.FINAL and not services.tasks.running(('report', interview_id))
