"""The lobby of the candidate room: who the interview is for, a device check with a live microphone level, a clear
message for each way the browser can refuse the camera or microphone, the notice that an AI interviews and a person
decides (with "I'd prefer a human interviewer", pages.room_notice), the consent notice, and Start."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from aisobes.models import Interview

from .i18n import Texts
from .room_notice import HumanNotice
from .theme import card, testid

ERROR_KINDS = ('permission_denied', 'no_device', 'busy', 'insecure_context', 'other')


class Lobby:
    def __init__(self, t: Texts, interview: Interview, media: Any, on_start: Callable[[], Awaitable[None]],
                 on_prefer_human: Callable[[], Awaitable[object]]) -> None:
        self.t = t
        self.media = media
        self.camera = 'starting'  # until the browser reports the devices
        self.microphone = 'starting'
        with card().classes('gap-4') as self.card:
            with ui.column().classes('gap-1'):
                ui.label(t('lobby.hello', name=interview.candidate_name)).classes('text-xl font-semibold')
                ui.label(t('lobby.position', position=interview.position)).classes('ai-muted')
                ui.label(t('lobby.duration', minutes=interview.recommended_duration)).classes('ai-muted text-sm')
            ui.separator().classes('opacity-20')
            ui.label(t('lobby.devices')).classes('text-sm font-semibold uppercase tracking-wide ai-muted')
            with ui.row().classes('items-center gap-2 no-wrap'):
                self.camera_icon = ui.icon('videocam', size='20px')
                self.camera_label = testid(ui.label(), 'device-camera')
            with ui.row().classes('items-center gap-2 no-wrap w-full'):
                self.mic_icon = ui.icon('mic', size='20px')
                self.mic_label = testid(ui.label(), 'device-microphone')
            self.meter = testid(ui.linear_progress(value=0, show_value=False, size='8px'), 'mic-level') \
                .props('rounded color=primary instant-feedback').classes('ai-meter')
            with testid(ui.column(), 'device-error').classes('ai-raised p-3 gap-2 w-full') as self.error_box:
                with ui.row().classes('items-start gap-2 no-wrap'):
                    ui.icon('error_outline', size='20px').classes('ai-amber')
                    self.error_label = ui.label().classes('text-sm')
                with ui.row().classes('gap-2 flex-wrap'):
                    testid(ui.button(t('lobby.retry'), icon='refresh', on_click=self.retry), 'device-retry') \
                        .props('outline dense no-caps')
                    self.no_camera = testid(ui.button(t('lobby.without_camera'), on_click=self.without_camera),
                                            'continue-without-camera').props('flat dense no-caps')
                    self.no_microphone = testid(ui.button(t('lobby.without_microphone'),
                                                          on_click=self.without_microphone),
                                                'continue-without-microphone').props('flat dense no-caps')
            HumanNotice(t, requested=interview.human_requested_at is not None, on_request=on_prefer_human)
            with ui.row().classes('items-start gap-2 no-wrap'):
                ui.icon('shield', size='18px').classes('ai-muted mt-[2px]')
                testid(ui.label(t('lobby.consent')), 'consent').classes('ai-muted text-xs leading-relaxed')
            self.start_button = testid(ui.button(t('lobby.start'), icon='play_arrow', on_click=on_start),
                                       'room-start') \
                .props('unelevated no-caps size=lg color=primary').classes('w-full')
        self.render({})

    def on_devices(self, args: dict) -> None:
        self.camera = args.get('camera', self.camera)
        self.microphone = args.get('microphone', self.microphone)
        self.render(args.get('error') or {})

    def on_level(self, level: float) -> None:
        self.meter.set_value(round(max(0.0, min(1.0, float(level))), 2))

    def retry(self) -> None:
        self.media.start(camera=True, microphone=True)

    def without_camera(self) -> None:
        self.media.start(camera=False, microphone=True)

    def without_microphone(self) -> None:
        self.media.start(camera=True, microphone=False)

    def render(self, error: dict) -> None:
        t = self.t
        self.camera_label.set_text(t('lobby.camera', state=t(f'device.{self.camera}')))
        self.mic_label.set_text(t('lobby.microphone', state=t(f'device.{self.microphone}')))
        self.camera_icon.props(f'name={"videocam" if self.camera == "on" else "videocam_off"}') \
            .classes(replace='ai-green' if self.camera == 'on' else 'ai-muted')
        self.mic_icon.props(f'name={"mic" if self.microphone == "on" else "mic_off"}') \
            .classes(replace='ai-green' if self.microphone == 'on' else 'ai-muted')
        self.meter.set_visibility(self.microphone == 'on')
        kind = error.get('kind')
        failed = self.camera in ('error', 'unavailable') or self.microphone in ('error', 'unavailable')
        self.error_box.set_visibility(bool(kind) or failed)
        if kind or failed:
            device = error.get('device') or ('camera' if self.camera in ('error', 'unavailable') else 'microphone')
            kind = kind if kind in ERROR_KINDS else ('no_device' if 'unavailable' in (self.camera, self.microphone)
                                                     else 'other')
            self.error_label.set_text(t(f'error.{kind}', device=t(f'device_name.{device}')))
            self.no_camera.set_visibility(self.camera != 'on')
            self.no_microphone.set_visibility(self.microphone != 'on')
