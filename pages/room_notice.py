"""The lobby's notice that tells the candidate the truth: an AI conducts the interview and prepares an advisory
report, a person decides; and "I'd prefer a human interviewer", after which the candidate is told what happens next
(the recruiter gets in touch; the AI interview stays available)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from .i18n import Texts
from .theme import testid


class HumanNotice:
    def __init__(self, t: Texts, *, requested: bool, on_request: Callable[[], Awaitable[object]]) -> None:
        self.on_request = on_request
        with ui.column().classes('w-full gap-2 ai-raised p-3'):
            with ui.row().classes('items-start gap-2 no-wrap'):
                ui.icon('smart_toy', size='20px').classes('ai-primary mt-[1px]')
                testid(ui.label(t('lobby.ai_notice')), 'ai-notice').classes('text-sm leading-relaxed')
            self.button = testid(ui.button(t('lobby.prefer_human'), icon='record_voice_over', on_click=self.request),
                                 'prefer-human').props('outline dense no-caps')
            with ui.row().classes('items-start gap-2 no-wrap') as self.sent:
                ui.icon('check_circle', size='18px').classes('ai-green mt-[2px]')
                testid(ui.label(t('lobby.human_sent')), 'human-sent').classes('text-sm leading-relaxed')
        self.show(requested)

    async def request(self) -> None:
        self.button.props('loading')
        try:
            await self.on_request()
        finally:
            self.button.props(remove='loading')
        self.show(True)

    def show(self, requested: bool) -> None:
        self.button.set_visibility(not requested)
        self.sent.set_visibility(requested)
