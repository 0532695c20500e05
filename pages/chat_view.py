"""The chat panel shared by the candidate room and the admin interview page: history, live messages, the AI's
reply while it streams, the candidate's speech while it is being recognised, and the input box."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from aisobes.errors import ChatClosed, InvalidInput, NotFound, TooMany
from aisobes.models import Role, Source
from aisobes.schemas import MessageOut
from aisobes.services import Services

from .i18n import Texts
from .local_time import LocalTime
from .theme import testid

ROLE_ICONS = {'candidate': 'person', 'ai_hr': 'smart_toy', 'recruiter': 'badge'}


def low_confidence(message: MessageOut) -> bool:
    """A spoken message the recogniser was unsure of (meta['confidence']['low'], set by the speech session)."""
    confidence = (message.meta or {}).get('confidence')
    return message.source == Source.SPEECH and isinstance(confidence, dict) and confidence.get('low') is True


class ChatView:
    """Messages in order, deduplicated by id (history and live events may overlap on a reload).

    The message list sits in a `column-reverse` scroller: the browser keeps it pinned to the newest message while
    the reader is at the bottom, and leaves it alone when they scrolled up to read, with no JavaScript.
    """

    def __init__(self, t: Texts, *, viewer: str, candidate_name: str) -> None:
        self.t = t
        self.viewer = viewer
        self.candidate_name = candidate_name
        self._ids: set[int] = set()
        self._stream: ui.label | None = None
        self._stream_bubble: ui.element | None = None
        with ui.element('div').classes('w-full flex-1 min-h-0 overflow-y-auto flex flex-col-reverse') \
                .style('scrollbar-width: thin') as self.scroller:
            with ui.column().classes('w-full gap-2 p-3 no-wrap') as self.column:
                self.empty = ui.label(t('chat.empty')).classes('ai-muted text-sm self-center py-6')
        with ui.row().classes('w-full items-center gap-2 px-3 py-1 no-wrap') as self.partial_row:
            ui.icon('graphic_eq', size='18px').classes('ai-primary')
            self.partial = testid(ui.label(), 'speech-partial').classes('ai-muted italic text-sm')
        self.partial_row.set_visibility(False)

    def add(self, message: MessageOut) -> bool:
        """Append a message unless it is already shown; True when it was new."""
        if message.id in self._ids:
            return False
        self._ids.add(message.id)
        self.empty.set_visibility(False)
        if message.role == Role.AI_HR:
            self._end_stream()
        if message.role == Role.CANDIDATE and message.source == Source.SPEECH:
            self.set_partial('')
        own = message.role == self.viewer
        with self.column:
            with testid(ui.column(), 'chat-message').classes(
                    f'ai-bubble ai-bubble-{message.role} gap-1 {"self-end" if own else "self-start"}') \
                    .props(f'data-role={message.role} data-source={message.source}'):
                with ui.row().classes('items-center gap-1 text-xs ai-muted no-wrap'):
                    ui.icon(ROLE_ICONS.get(message.role, 'chat'), size='14px')
                    ui.label(self._name(message.role, own)).classes('font-medium')
                    if message.source == Source.SPEECH:
                        ui.icon('mic', size='14px').tooltip(self.t('chat.spoken'))
                    ui.label('·')
                    LocalTime(message.timestamp, language=self.t.language)
                text = ui.label(message.content).classes('text-[15px] leading-snug').mark('chat-text')
                if self.viewer != Role.CANDIDATE and low_confidence(message):
                    # staff only: a muted style and the recogniser's own figures; the candidate is not told
                    text.classes('opacity-60 italic').props('data-confidence=low').tooltip(
                        self.t('chat.low_confidence', logprob=message.meta['confidence'].get('avg_logprob')))
        return True

    def set_partial(self, text: str) -> None:
        """What the candidate is saying right now, before the final text arrives as a message."""
        self.partial.set_text(f'{text} …' if text else '')
        self.partial_row.set_visibility(bool(text))

    def set_streaming(self, text: str, done: bool) -> None:
        """The AI's reply while it is generated; the final message replaces it."""
        if done or not text:
            self._end_stream()
            return
        if self._stream is None:
            self.empty.set_visibility(False)
            with self.column:
                with testid(ui.column(), 'ai-streaming').classes('ai-bubble ai-bubble-ai_hr gap-1 self-start') \
                        as self._stream_bubble:
                    with ui.row().classes('items-center gap-1 text-xs ai-muted no-wrap'):
                        ui.icon('smart_toy', size='14px')
                        ui.label(self.t('ai.name')).classes('font-medium')
                        ui.spinner('dots', size='14px')
                    self._stream = ui.label().classes('text-[15px] leading-snug')
        self._stream.set_text(text)

    def _end_stream(self) -> None:
        if self._stream_bubble is not None:
            self._stream_bubble.delete()
        self._stream_bubble = self._stream = None

    def _name(self, role: str, own: bool) -> str:
        if own:
            return self.t('chat.you')
        if role == Role.CANDIDATE:
            return self.candidate_name
        return self.t('ai.name') if role == Role.AI_HR else self.t('chat.recruiter')


class ChatInput:
    """Text box + send button; Enter sends, Shift+Enter is a new line."""

    def __init__(self, t: Texts, on_send: Callable[[str], Awaitable[bool] | bool], *, testid_prefix: str = 'chat',
                 placeholder: str = '') -> None:
        self.on_send = on_send
        with ui.row().classes('w-full items-end gap-2 p-3 no-wrap') as self.row:
            box = ui.textarea(placeholder=placeholder or t('chat.placeholder'))
            self.input = testid(box, f'{testid_prefix}-input') \
                .props('dark outlined dense autogrow rows=1 maxlength=4000').classes('flex-1')
            self.input.on('keydown.enter.exact.prevent', self.send)
            self.button = testid(ui.button(icon='send', on_click=self.send), f'{testid_prefix}-send') \
                .props('round unelevated color=primary').tooltip(t('chat.send'))

    async def send(self) -> None:
        text = (self.input.value or '').strip()
        if not text:
            return
        result = self.on_send(text)
        if hasattr(result, '__await__'):
            result = await result
        if result:
            self.input.set_value('')


async def post_message(services: Services, interview_id: int, text: str, role: Role, t: Texts) -> bool:
    """Post through the one chat path; a refusal becomes a notification for the person who typed."""
    try:
        await services.chat.post(interview_id, text, role)
    except ChatClosed:
        ui.notify(t('chat.closed'), type='warning')
        return False
    except TooMany:
        ui.notify(t('chat.too_many'), type='warning')
        return False
    except (InvalidInput, NotFound) as e:
        ui.notify(e.message, type='negative')
        return False
    return True
