"""`/admin/interviews/{id}`: details, live status and timer, the live chat with a recruiter box, Finish, the
transcript downloads (served behind the admin session), Delete, and the AI HR's report."""
from __future__ import annotations

from nicegui import ui

from aisobes.audit import AuditAction, interview_target
from aisobes.errors import NotFound
from aisobes.models import Interview, Role, Status
from aisobes.plans import plan_view
from aisobes.rooms import (
    AiStreaming,
    MessagePosted,
    ReportReady,
    RoomDeleted,
    RoomEvent,
    SpeechPartial,
    SpeechState,
    StatusChanged,
    TranscriptWritten,
)
from aisobes.services import Services
from aisobes.users import UserRole

from . import finish_retry
from .admin_create import LANGUAGE_NAMES
from .admin_downloads import DOWNLOAD_PATH, PDF_PATH
from .admin_list import copy_text
from .admin_notices import workspace_notices
from .chat_view import ChatInput, ChatView, post_message
from .decision_view import decision_card
from .i18n import Texts, texts
from .live import follow
from .local_time import LocalTime
from .not_found import not_found
from .plan_editor import plan_card
from .report_view import report_card
from .session import page_actor, page_role
from .theme import card, confirm_dialog, frame, status_badge, testid
from .timer import Countdown, clock


def register(services: Services) -> None:
    settings = services.settings

    @ui.page('/admin/interviews/{interview_id}')
    async def interview_page(interview_id: str) -> None:
        t = texts(settings.language)
        try:
            interview = await services.interviews.get(int(interview_id))
        except (ValueError, NotFound):
            not_found(t, 'notfound.admin_interview')
            return
        await services.audit.record(AuditAction.DETAILS, page_actor(), interview_target(interview.id))
        await AdminInterview(services, interview, t).build()


class AdminInterview:
    def __init__(self, services: Services, interview: Interview, t: Texts) -> None:
        self.services = services
        self.interview = interview
        self.id = interview.id
        self.t = t
        self.status: Status = interview.status
        self.deleted = False
        self.can_act = page_role().allows(UserRole.RECRUITER)  # a viewer reads only

    async def build(self) -> None:
        t, interview = self.t, self.interview
        with frame(t, title=interview.candidate_name, admin=True, wide=True):
            with ui.row().classes('w-full items-center gap-3 flex-wrap'):
                ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to('/admin')).props('flat round dense')
                with ui.column().classes('gap-0 min-w-0'):
                    ui.label(interview.candidate_name).classes('text-2xl font-semibold')
                    ui.label(interview.position).classes('ai-muted')
                self.badge = testid(status_badge(t, self.status), 'admin-status')
                self.timer = Countdown(status=self.status, started_at=interview.started_at,
                                       recommended_duration=interview.recommended_duration,
                                       actual_duration=interview.actual_duration)
                ui.space()
                with ui.row().classes('gap-2 flex-wrap'):
                    self.json_button = testid(ui.button('JSON', icon='download',
                                                        on_click=lambda: self.download('json')),
                                              'download-json').props('outline no-caps')
                    self.txt_button = testid(ui.button('TXT', icon='download', on_click=lambda: self.download('txt')),
                                             'download-txt').props('outline no-caps')
                    self.pdf_button = testid(ui.button(t('admin.pdf'), icon='picture_as_pdf',
                                                       on_click=lambda: ui.download.from_url(
                                                           PDF_PATH.format(interview_id=self.id))),
                                             'download-pdf').props('outline no-caps')
                    self.finish_button = testid(ui.button(t('admin.finish'), icon='stop_circle',
                                                          on_click=lambda: self.finish_dialog.open()),
                                                'admin-finish').props('unelevated no-caps color=negative')
                    self.delete_button = testid(ui.button(icon='delete', on_click=lambda: self.delete_dialog.open()),
                                                'admin-delete').props('flat round').tooltip(t('admin.delete'))
            self.deleted_banner = testid(ui.label(t('admin.deleted')), 'admin-deleted') \
                .classes('w-full ai-raised p-3 ai-amber')
            self.deleted_banner.set_visibility(False)
            self.notices = ui.column().classes('w-full gap-2')
            with ui.element('div').classes('w-full grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]'):
                with ui.column().classes('w-full gap-4 min-w-0'):
                    self._details()
                    self.report_box = ui.column().classes('w-full')
                    self.decision_box = ui.column().classes('w-full')
                    with ui.expansion(t('plan.title'), icon='checklist').classes('w-full ai-card') \
                            .props('data-testid=plan-expansion'):
                        plan_card(t, plan_view(interview))  # pure: no await while the page is being built
                with ui.column().classes('ai-card w-full gap-0 overflow-hidden h-[70vh] min-w-0'):
                    with ui.row().classes('w-full items-center px-3 py-2 gap-2 border-b border-[#2a2a2a] no-wrap'):
                        ui.icon('forum', size='18px').classes('ai-muted')
                        ui.label(t('chat.title')).classes('font-medium')
                        ui.space()
                        self.speech_label = testid(ui.label(), 'admin-speech-state').classes('ai-muted text-xs')
                    self.chat = ChatView(t, viewer='recruiter', candidate_name=interview.candidate_name)
                    self.input = ChatInput(t, self.send, testid_prefix='admin-chat',
                                           placeholder=t('chat.recruiter_placeholder'))
            self.finish_dialog = confirm_dialog(t, t('admin.finish_title'), t('admin.finish_text'), t('admin.finish'),
                                          self.finish, 'admin-finish-confirm')
            self.delete_dialog = confirm_dialog(t, t('admin.delete_title'), t('admin.delete_text'), t('admin.delete'),
                                          self.delete, 'admin-delete-confirm')
        follow(self.services, self.id, self.on_event)
        for message in await self.services.chat.history(self.id):
            self.chat.add(message)
        last = self.services.rooms.room(self.id).last_speech_state
        if last is not None:
            self.speech_label.set_text(t(f'speech.{last.state}'))
        self.render()

    def _details(self) -> None:
        t, interview = self.t, self.interview
        link = self.services.interviews.full_link(interview)
        with card().classes('gap-2'):
            with ui.row().classes('w-full items-center gap-2 no-wrap ai-raised px-3 py-2'):
                ui.icon('link', size='18px').classes('ai-muted')
                testid(ui.link(link, link, new_tab=True), 'admin-link').classes('ai-link flex-1 text-sm break-all')
                ui.button(icon='content_copy', on_click=lambda: copy_text(t, link)).props('flat round dense size=sm') \
                    .tooltip(t('common.copy'))
            with ui.element('div').classes('w-full grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm'):
                self._fact(t('details.candidate_id'), interview.candidate_id)
                self._fact(t('details.language'), LANGUAGE_NAMES.get(interview.language, interview.language))
                self._fact(t('details.duration'), t('common.minutes', minutes=interview.recommended_duration))
                ui.label(t('details.created')).classes('ai-muted')
                LocalTime(interview.created_at, mode='datetime', language=t.language)
                ui.label(t('details.started')).classes('ai-muted')
                self.started_at = ui.column().classes('gap-0')
                ui.label(t('details.finished')).classes('ai-muted')
                self.finished_at = ui.column().classes('gap-0')
            for title, text in ((t('details.knowledge_base'), interview.knowledge_base),
                                (t('details.description'), interview.description)):
                if text:
                    with ui.expansion(title).classes('w-full ai-raised').props('dense'):
                        ui.label(text).classes('text-sm whitespace-pre-wrap')

    def _fact(self, label: str, value: str) -> None:
        ui.label(label).classes('ai-muted')
        ui.label(value or '—')

    # --- actions ------------------------------------------------------------------------------------------------

    async def send(self, text: str) -> bool:
        if not self.can_act:
            return False
        return await post_message(self.services, self.id, text, Role.RECRUITER, self.t)

    async def finish(self) -> None:
        self.finish_dialog.close()
        if not self.can_act:
            return
        self.finish_button.props('loading')
        try:
            await self.services.audit.record(AuditAction.FINISH, page_actor(), interview_target(self.id))
            await finish_retry.finish(self.services, self.id, self.t)
        finally:
            self.finish_button.props(remove='loading')
        await self.reload()

    async def delete(self) -> None:
        self.delete_dialog.close()
        if not self.can_act:
            return
        await self.services.interviews.delete(self.id)
        await self.services.audit.record(AuditAction.DELETE, page_actor(), interview_target(self.id))
        ui.notify(self.t('admin.deleted_done'), type='positive')
        ui.navigate.to('/admin')

    def download(self, kind: str) -> None:
        ui.download.from_url(DOWNLOAD_PATH.format(interview_id=self.id, kind=kind))

    # --- live ---------------------------------------------------------------------------------------------------

    def on_event(self, event: RoomEvent) -> None:
        if isinstance(event, MessagePosted):
            self.chat.add(event.message)
        elif isinstance(event, RoomDeleted):
            self.deleted = True
            self.render()
        elif isinstance(event, StatusChanged):
            self.interview.started_at = event.started_at
            self.interview.finished_at = event.finished_at
            self.interview.actual_duration = event.actual_duration
            self.status = event.status
            self.render()
        elif isinstance(event, TranscriptWritten | ReportReady):
            ui.timer(0, self.reload, once=True)  # the report (the model's, once final) and the downloads
        elif isinstance(event, SpeechPartial):
            self.chat.set_partial(event.text)
        elif isinstance(event, SpeechState):
            self.speech_label.set_text(self.t(f'speech.{event.state}'))
        elif isinstance(event, AiStreaming):
            self.chat.set_streaming(event.text, event.done)

    async def reload(self) -> None:
        try:
            self.interview = await self.services.interviews.get(self.id)
        except NotFound:
            self.deleted = True
        else:
            self.status = self.interview.status
        self.render()

    def render(self) -> None:
        t, interview = self.t, self.interview
        deleted = self.deleted
        self.deleted_banner.set_visibility(deleted)
        status_badge(t, Status.FINISHED if deleted else self.status, self.badge)
        if deleted:
            self.badge.set_text(t('admin.deleted_badge'))
        self.timer.set_state(self.status, interview.started_at, interview.actual_duration)
        finished = self.status == Status.FINISHED
        self.finish_button.set_visibility(not finished and not deleted and self.can_act)
        self.delete_button.set_visibility(not deleted and self.can_act)
        self.input.row.set_visibility(not finished and not deleted and self.can_act)
        self.speech_label.set_visibility(not finished and not deleted)  # its last state ('listening') is stale then
        self.json_button.set_visibility(finished and bool(interview.transcript_path))
        self.txt_button.set_visibility(finished and bool(interview.text_transcript_path))
        self.pdf_button.set_visibility(finished and not deleted)
        for box, when in ((self.started_at, interview.started_at), (self.finished_at, interview.finished_at)):
            box.clear()
            with box:
                if when is None:
                    ui.label('—')
                else:
                    LocalTime(when, mode='datetime', language=t.language)
        if finished and interview.actual_duration is not None:
            with self.finished_at:
                ui.label(t('details.actual', duration=clock(interview.actual_duration))).classes('ai-muted text-xs')
        workspace_notices(t, self.services, interview, self.notices, deleted)
        self.report_box.clear()
        if interview.report and not deleted:
            with self.report_box:
                report_card(t, interview.report)
        self.decision_box.clear()
        if not deleted:
            with self.decision_box:
                decision_card(t, self.services, interview, self.reload)
