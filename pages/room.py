"""The candidate room `/interview/{unique_link}`: lobby -> interview -> thank-you, all derived from the database
and the live room, so a reload, a reconnect or a second tab show the same state."""
from __future__ import annotations

from nicegui import context, ui

from aisobes.audit import CANDIDATE, Actor, AuditAction, interview_target
from aisobes.errors import Conflict, NotFound
from aisobes.languages import Language, normalize_language
from aisobes.models import Interview, Role, Status
from aisobes.rooms import AiStreaming, MessagePosted, RoomDeleted, RoomEvent, SpeechPartial, SpeechState, StatusChanged
from aisobes.services import Services

from . import finish_retry
from .chat_view import ChatInput, ChatView, post_message
from .i18n import Texts, texts
from .live import follow
from .not_found import not_found
from .room_lobby import Lobby
from .room_stage import Stage
from .theme import card, frame, testid
from .timer import Countdown, clock

ROOM_RECONNECT_TIMEOUT = 120.0  # seconds: a candidate on a weak network keeps the room through long drop-outs


def register(services: Services) -> None:
    # per interview, the candidate's open tabs, the most recently connected or used last: only that one speaks the
    # AI's turns. Page state, so it lives here, made once per app, not in the domain's live room.
    voice_tabs: dict[int, list[CandidateRoom]] = {}

    @ui.page('/interview/{unique_link}', reconnect_timeout=ROOM_RECONNECT_TIMEOUT)
    async def room_page(unique_link: str) -> None:
        try:
            interview = await services.interviews.get_by_link(unique_link)
        except NotFound:
            not_found(texts(services.settings.language), 'notfound.interview')
            return
        await CandidateRoom(services, interview, voice_tabs.setdefault(interview.id, [])).build()


def room_language(services: Services, interview: Interview) -> Language:
    return normalize_language(interview.language, default=services.settings.language)


class CandidateRoom:
    def __init__(self, services: Services, interview: Interview, voice_tabs: list[CandidateRoom]) -> None:
        self.services = services
        self.voice_tabs = voice_tabs
        self.interview = interview
        self.id = interview.id
        self.language = room_language(services, interview)
        self.t: Texts = texts(self.language)
        self.status: Status = interview.status
        self.deleted = False
        self.thank_you_shown = False

    async def build(self) -> None:
        t = self.t
        with frame(t, title=t('room.title')) as f:
            f.content.classes(replace='w-full mx-auto max-w-7xl gap-3 p-3 sm:p-4')
            with f.header_right:
                self.timer = Countdown(status=self.status, started_at=self.interview.started_at,
                                       recommended_duration=self.interview.recommended_duration,
                                       actual_duration=self.interview.actual_duration)
                self.finish_button = testid(ui.button(t('room.finish'), icon='call_end', on_click=self.ask_finish),
                                            'room-finish').props('unelevated no-caps color=negative dense') \
                    .classes('px-3')
            if self.status == Status.FINISHED:
                self.timer.box.set_visibility(False)
                self.finish_button.set_visibility(False)
                self.show_thank_you()
                return
            with ui.element('div').classes('w-full grid gap-3 lg:grid-cols-[minmax(0,1fr)_400px]') as self.main:
                with ui.column().classes('w-full gap-3 min-w-0'):
                    self.stage = Stage(t, candidate_name=self.interview.candidate_name, language=self.language,
                                       speech_url=f'/api/v1/speech/{self.interview.unique_link}/ws')
                with ui.column().classes('w-full gap-0 min-w-0'):
                    self.lobby = Lobby(t, self.interview, self.stage.media, self.start,
                                       on_prefer_human=self.prefer_human)
                    with ui.column().classes('ai-card w-full gap-0 overflow-hidden h-[60vh] lg:h-[calc(100vh-120px)]') \
                            as self.chat_panel:
                        with ui.row().classes('w-full items-center px-3 py-2 gap-2 border-b border-[#2a2a2a]'):
                            ui.icon('forum', size='18px').classes('ai-muted')
                            ui.label(t('chat.title')).classes('font-medium')
                        self.chat = ChatView(t, viewer='candidate', candidate_name=self.interview.candidate_name)
                        self.input = ChatInput(t, self.send)
            self.thank_you = ui.column().classes('w-full')
            self.dialog = self._finish_dialog()
        self._wire_media()
        self._follow_voice()
        follow(self.services, self.id, self.on_event)
        for message in await self.services.chat.history(self.id):
            self.chat.add(message)
            if message.role == Role.AI_HR:
                self.stage.show_question(message.content)
        last = self.services.rooms.room(self.id).last_speech_state
        if last is not None:
            self.stage.set_speech_state(last.state)
        self.apply_status(self.status)

    # --- lifecycle ----------------------------------------------------------------------------------------------

    async def start(self) -> None:
        self.claim_voice()
        self.lobby.start_button.props('loading')
        try:
            was = self.status
            interview = await self.services.interviews.start(self.id)
            if was == Status.NOT_STARTED:
                await self.services.audit.record(AuditAction.START, Actor(CANDIDATE, context.client.ip),
                                                 interview_target(self.id))
        except Conflict:
            interview = await self.services.interviews.get(self.id)
        finally:
            self.lobby.start_button.props(remove='loading')
        self.interview = interview
        self.apply_status(interview.status)

    async def prefer_human(self) -> None:
        self.interview = await self.services.human_requests.request(self.id, context.client.ip)

    def ask_finish(self) -> None:
        self.dialog.open()

    async def finish(self) -> None:
        self.dialog.close()
        self.finish_button.props('loading')
        self.interview = await finish_retry.finish(self.services, self.id, self.t)
        self.apply_status(Status.FINISHED)

    def apply_status(self, status: Status) -> None:
        """Show what fits the status; safe to call again with the same status (every tab gets every event)."""
        self.status = status
        if self.deleted or status == Status.FINISHED:
            self.stage.media.stop()
            self.main.set_visibility(False)
            self.timer.box.set_visibility(False)
            self.finish_button.set_visibility(False)
            self.show_thank_you()
            return
        started = status == Status.STARTED
        self.lobby.card.set_visibility(not started)
        self.chat_panel.set_visibility(started)
        self.finish_button.set_visibility(started)
        self.stage.set_started(started)
        self.timer.set_state(status, self.interview.started_at, self.interview.actual_duration)
        if started:
            self.stage.media.set_streaming(True)

    def show_thank_you(self) -> None:
        t, deleted = self.t, self.deleted
        if self.thank_you_shown:
            return
        self.thank_you_shown = True
        container = getattr(self, 'thank_you', None)  # absent when the page was built for a finished interview
        with container if container is not None else ui.column().classes('w-full'):
            with card().classes('max-w-xl mx-auto items-center text-center gap-3 py-10 mt-6') \
                    .props('data-testid=room-finished').mark('room-finished'):
                ui.icon('check_circle' if not deleted else 'block', size='56px') \
                    .classes('ai-primary' if not deleted else 'ai-muted')
                if deleted:
                    ui.label(t('room.deleted')).classes('text-xl font-semibold')
                    return
                ui.label(t('room.thanks_title', name=self.interview.candidate_name)).classes('text-xl font-semibold')
                ui.label(t('room.thanks_text')).classes('ai-muted')
                if self.interview.actual_duration is not None:
                    ui.label(t('room.thanks_duration', duration=clock(self.interview.actual_duration))) \
                        .classes('ai-muted text-sm')

    # --- chat and live events -----------------------------------------------------------------------------------

    async def send(self, text: str) -> bool:
        self.claim_voice()
        return await post_message(self.services, self.id, text, Role.CANDIDATE, self.t)

    def on_event(self, event: RoomEvent) -> None:
        if isinstance(event, MessagePosted):
            if self.chat.add(event.message) and event.message.role == Role.AI_HR:
                self.stage.set_ai_thinking(False)
                self.stage.show_question(event.message.content)
                if self.has_voice():
                    self.stage.speak(event.message.content, self.language)
        elif isinstance(event, RoomDeleted):
            self.deleted = True
            self.apply_status(self.status)
        elif isinstance(event, StatusChanged):
            self.interview.started_at = event.started_at
            self.interview.finished_at = event.finished_at
            self.interview.actual_duration = event.actual_duration
            if event.status != self.status:
                self.apply_status(event.status)
        elif isinstance(event, SpeechPartial):
            self.chat.set_partial(event.text)
        elif isinstance(event, SpeechState):
            self.stage.set_speech_state(event.state)
        elif isinstance(event, AiStreaming):
            self.chat.set_streaming(event.text, event.done)
            self.stage.set_ai_thinking(not event.done)
            if event.text and not event.done:
                self.stage.show_question(event.text)

    # --- the AI's voice: one tab speaks -------------------------------------------------------------------------

    def _follow_voice(self) -> None:
        """With the link open in two tabs, the AI speaking in both at once is an echo. The tab that connected or was
        used (started, sent a message) last speaks; when it goes away, the one before it takes over. The microphone
        that counts is the last connected speech socket: usually the same tab, but typing in an older tab moves
        only the voice."""
        client = context.client
        self.claim_voice()
        client.on_connect(self.claim_voice)
        client.on_disconnect(lambda: None if client.has_socket_connection else self.release_voice())
        client.on_delete(self.release_voice)

    def claim_voice(self) -> None:
        tabs = self.voice_tabs
        if self in tabs:
            tabs.remove(self)
        tabs.append(self)

    def release_voice(self) -> None:
        tabs = self.voice_tabs
        if self in tabs:
            tabs.remove(self)

    def has_voice(self) -> bool:
        tabs = self.voice_tabs
        return not tabs or tabs[-1] is self

    def _wire_media(self) -> None:
        media = self.stage.media
        media.on('devices', lambda e: (self.lobby.on_devices(e.args or {}), self.stage.on_devices(e.args or {})))
        media.on('level', lambda e: self.lobby.on_level((e.args or {}).get('level', 0)))
        media.on('speaking', lambda e: self.stage.set_ai_speaking(bool((e.args or {}).get('speaking'))))
        media.on('speech', lambda e: self.stage.set_speech_state((e.args or {}).get('state', '')))

    def _finish_dialog(self) -> ui.dialog:
        t = self.t
        with ui.dialog() as dialog, card().classes('max-w-sm'):
            ui.label(t('room.finish_title')).classes('text-lg font-semibold')
            ui.label(t('room.finish_text')).classes('ai-muted')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(t('common.cancel'), on_click=dialog.close).props('flat no-caps')
                testid(ui.button(t('room.finish_confirm'), on_click=self.finish), 'room-finish-confirm') \
                    .props('unelevated no-caps color=negative')
        return dialog
