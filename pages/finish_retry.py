"""Finishing when the transcript files cannot be written (read-only or full disk): the interview is finished all the
same (the status flips first), the person is told so in a dialog that stays until they act, and its Retry button
writes the files again. Used by the room and the admin page."""
from __future__ import annotations

import logging

from nicegui import ui

from aisobes.models import Interview
from aisobes.services import Services

from .i18n import Texts
from .theme import card, testid

log = logging.getLogger(__name__)


async def finish(services: Services, interview_id: int, t: Texts) -> Interview:
    """Finish the interview; if its files cannot be written, show the retry dialog and return it finished."""
    try:
        return await services.interviews.finish(interview_id)
    except OSError as e:
        log.warning('interview %s: finished, but the transcript files could not be written: %s', interview_id, e)
        _retry_dialog(services, interview_id, t, str(e))
        return await services.interviews.get(interview_id)


def _retry_dialog(services: Services, interview_id: int, t: Texts, reason: str) -> None:
    with ui.dialog().props('persistent') as dialog, card().classes('p-6 gap-3 max-w-md'):
        ui.label(t('finish.files_failed_title')).classes('text-lg font-semibold ai-red')
        testid(ui.label(t('finish.files_failed', reason=reason)), 'finish-files-failed').classes('text-sm')
        with ui.row().classes('justify-end w-full gap-2'):
            ui.button(t('finish.later'), on_click=dialog.close).props('flat no-caps')

            async def retry() -> None:
                dialog.close()
                await finish(services, interview_id, t)

            testid(ui.button(t('finish.retry'), icon='refresh', on_click=retry), 'finish-retry') \
                .props('unelevated no-caps color=primary')
    dialog.open()
