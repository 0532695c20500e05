"""The video area of the candidate room: the self-view (the media element's mirrored preview), the AI HR tile, and
the camera / microphone / voice toggles with the speech recognition state."""
from __future__ import annotations

from nicegui import ui

from aisobes.rooms import SpeechStatus

from .i18n import Texts
from .media import MediaCapture
from .theme import testid

MUTED = 'muted'  # a state of the page only: the microphone is off, whatever recognition is doing

DEVICE_OK = 'on'


class Stage:
    def __init__(self, t: Texts, *, candidate_name: str, language: str, speech_url: str | None) -> None:
        self.t = t
        self.camera = 'off'  # device states as the media element reports them: on | off | error | unavailable
        self.microphone = 'off'
        self.camera_wanted = True
        self.microphone_wanted = True
        self.voice = True
        self.started = False
        self.ai_speaking = False
        self.ai_thinking = False
        self.speech_state = ''
        with ui.element('div').classes('w-full grid grid-cols-2 gap-3') as self.tiles:
            with testid(ui.element('div'), 'self-view-tile').classes('ai-tile flex items-center justify-center') \
                    as self.self_view:
                self.media = MediaCapture(language=language, speech_url=speech_url).classes('w-full h-full')
                self.camera_off = ui.column().classes('absolute inset-0 items-center justify-center gap-1')
                with self.camera_off:
                    ui.icon('videocam_off', size='40px').classes('ai-muted')
                    self.camera_off_label = ui.label(t('stage.camera_off')).classes('ai-muted text-sm')
                ui.label(candidate_name).classes('absolute left-2 bottom-2 text-xs px-2 py-1 rounded-md') \
                    .style('background: rgba(0,0,0,.55)')
            with testid(ui.element('div'), 'ai-tile').classes('ai-tile') as self.ai_tile:
                with ui.column().classes('absolute inset-0 items-center justify-center gap-2'):
                    with ui.element('div').classes('ai-avatar') as self.avatar:
                        ui.icon('smart_toy', size='38px').classes('text-white')
                    ui.label(t('ai.name')).classes('font-semibold')
                    self.ai_state = testid(ui.label(), 'ai-state').classes('ai-muted text-sm')
        with ui.row().classes('w-full items-center justify-center gap-3 flex-wrap'):
            self.mic_button = testid(ui.button(icon='mic', on_click=self.toggle_microphone), 'mic-toggle') \
                .props('round unelevated')
            self.camera_button = testid(ui.button(icon='videocam', on_click=self.toggle_camera), 'camera-toggle') \
                .props('round unelevated')
            self.voice_button = testid(ui.button(icon='volume_up', on_click=self.toggle_voice), 'voice-toggle') \
                .props('round unelevated')
            with ui.row().classes('items-center gap-1 no-wrap') as self.speech_row:
                self.speech_icon = ui.icon('hearing', size='18px').classes('ai-muted')
                self.speech_label = testid(ui.label(), 'speech-state').classes('ai-muted text-sm')
        with testid(ui.column(), 'ai-question').classes('ai-card w-full p-4 gap-1 max-lg:hidden') as self.question_card:
            with ui.row().classes('items-center gap-1 text-xs uppercase tracking-wide ai-muted'):
                ui.icon('smart_toy', size='16px').classes('ai-primary')
                ui.label(t('stage.question'))
            self.question = ui.label().classes('text-lg leading-snug whitespace-pre-wrap')
        self.question_card.set_visibility(False)
        self.render()

    def show_question(self, text: str) -> None:
        """The AI's latest turn in large type next to the video, where the candidate is looking."""
        self.question.set_text(text)
        self.question_card.set_visibility(self.started and bool(text))

    # --- what the media element and the live room report --------------------------------------------------------

    def on_devices(self, args: dict) -> None:
        self.camera = args.get('camera', self.camera)
        self.microphone = args.get('microphone', self.microphone)
        self.render()

    def set_started(self, started: bool) -> None:
        self.started = started
        self.render()

    def set_ai_speaking(self, speaking: bool) -> None:
        self.ai_speaking = speaking
        self.render()

    def set_ai_thinking(self, thinking: bool) -> None:
        self.ai_thinking = thinking
        self.render()

    def set_speech_state(self, state: str) -> None:
        self.speech_state = state
        self.render()

    # --- the candidate's toggles --------------------------------------------------------------------------------

    def toggle_microphone(self) -> None:
        if self.microphone in ('error', 'unavailable'):
            self.microphone_wanted = True
            self.media.start(camera=self.camera_wanted, microphone=True)
        else:
            self.microphone_wanted = self.microphone != DEVICE_OK
            self.media.set_microphone(self.microphone_wanted)
            self.microphone = 'on' if self.microphone_wanted else 'off'
        self.render()

    def toggle_camera(self) -> None:
        if self.camera in ('error', 'unavailable'):
            self.camera_wanted = True
            self.media.start(camera=True, microphone=self.microphone_wanted)
        else:
            self.camera_wanted = self.camera != DEVICE_OK
            self.media.set_camera(self.camera_wanted)
            self.camera = 'on' if self.camera_wanted else 'off'
        self.render()

    def toggle_voice(self) -> None:
        self.voice = not self.voice
        self.media.set_voice(self.voice)  # the element cancels speech in progress when the voice goes off
        self.render()

    def speak(self, text: str, language: str) -> None:
        if self.voice:
            self.media.speak(text, language)

    # --- drawing ------------------------------------------------------------------------------------------------

    def render(self) -> None:
        t = self.t
        self.ai_tile.set_visibility(self.started)
        self.question_card.set_visibility(self.started and bool(self.question.text))
        self.tiles.classes(replace='w-full grid gap-3 ' + ('grid-cols-2' if self.started else 'grid-cols-1'))
        _toggle(self.mic_button, self.microphone == DEVICE_OK, 'mic', 'mic_off',
                t('stage.mic_on') if self.microphone == DEVICE_OK else t('stage.mic_off'))
        _toggle(self.camera_button, self.camera == DEVICE_OK, 'videocam', 'videocam_off',
                t('stage.camera_on') if self.camera == DEVICE_OK else t('stage.camera_off'))
        _toggle(self.voice_button, self.voice, 'volume_up', 'volume_off',
                t('stage.voice_on') if self.voice else t('stage.voice_off'))
        self.voice_button.set_visibility(self.started)
        self.camera_off.set_visibility(self.camera != DEVICE_OK)
        self.camera_off_label.set_text(t('stage.camera_off'))
        self.avatar.classes(replace='ai-avatar' + (' speaking' if self.ai_speaking else ''))
        if self.ai_speaking:
            self.ai_state.set_text(t('ai.speaking'))
        elif self.ai_thinking:
            self.ai_state.set_text(t('ai.thinking'))
        else:
            self.ai_state.set_text(t('ai.listening') if self.started else t('ai.waiting'))
        state = self.speech_state if self.microphone == DEVICE_OK or not self.speech_state else MUTED
        self.speech_row.set_visibility(self.started and bool(state))
        if state:
            self.speech_label.set_text(t(f'speech.{state}'))
            active = state in (SpeechStatus.LISTENING, SpeechStatus.RECOGNISING)
            self.speech_icon.classes(replace='ai-primary' if active else 'ai-muted')


def _toggle(button: ui.button, on: bool, icon_on: str, icon_off: str, tooltip: str) -> None:
    button.props(f'icon={icon_on if on else icon_off} color={"grey-9" if on else "negative"} aria-label="{tooltip}"')
    button.props(f'data-state={"on" if on else "off"}')
    button.props(f'title="{tooltip}"')
