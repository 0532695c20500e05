"""Finishing when the transcript files cannot be written: the admin page says so and retries; at start-up every
finished interview without its files gets them. The fault is real: the transcripts folder is replaced by a file."""
from __future__ import annotations

import shutil
from pathlib import Path

from nicegui.testing import User

from aisobes.models import Role, Status

from ..pages.helpers import app_services, login, new_interview


def break_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.write_text('not a folder')


def mend_folder(folder: Path) -> None:
    folder.unlink()
    folder.mkdir()


async def test_admin_finish_without_disk_shows_a_retry_that_writes_the_files(user: User) -> None:
    services = app_services()
    interview = await new_interview()
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, 'Мой ответ', Role.CANDIDATE)
    folder = services.transcripts.directory
    break_folder(folder)
    await login(user)
    await user.open(f'/admin/interviews/{interview.id}')
    user.find(marker='admin-finish').click()
    user.find(marker='admin-finish-confirm').click()
    await user.should_see(marker='finish-files-failed', retries=50)
    await user.should_see('Транскрипт не удалось сохранить')
    assert (await services.interviews.get(interview.id)).status == Status.FINISHED  # finished all the same
    mend_folder(folder)
    user.find(marker='finish-retry').click()
    await user.should_see(marker='download-json', retries=50)
    stored = await services.interviews.get(interview.id)
    assert stored.transcript_path and Path(stored.transcript_path).is_file()


async def test_start_up_writes_the_files_a_finish_could_not(services) -> None:
    from aisobes.schemas import InterviewCreate
    interview = await services.interviews.create(InterviewCreate(candidate_name='A', candidate_id='a', position='P',
                                                                 recommended_duration=10))
    await services.interviews.start(interview.id)
    folder = services.transcripts.directory
    break_folder(folder)
    try:
        await services.interviews.finish(interview.id)
    except OSError:
        pass
    else:
        raise AssertionError('the broken folder must make the finish fail')
    assert (await services.interviews.get(interview.id)).transcript_path is None
    mend_folder(folder)
    assert await services.interviews.write_missing_transcripts() == 1
    assert Path((await services.interviews.get(interview.id)).transcript_path).is_file()
    assert await services.interviews.write_missing_transcripts() == 0
