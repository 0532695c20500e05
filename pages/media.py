"""The media capture element: camera preview, microphone level, speech streaming and the AI's voice in the browser.

The JavaScript lives in `assets/` (media_capture.js is the Vue component, the others are its modules and the
AudioWorklet). Python says what is wanted through props, so a reconnecting page gets the same state back, and runs
`speak`/`cancel_speech` as methods. The browser answers with low-rate events:

- 'devices'  {camera, microphone: 'on'|'off'|'error'|'unavailable', error: {device, kind, message} | None,
              errors: [...]}
             kind: permission_denied | no_device | busy | insecure_context | other
- 'level'    {level: 0..1}  (about 5 Hz, decibel scale; silence is reported once)
- 'speech'   {state: starting|listening|recognising|reconnecting|unavailable|off, detail}
- 'speaking' {speaking: bool}
- 'barge_in' {}
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from nicegui import events, ui

ASSETS = Path(__file__).resolve().parent.parent / 'assets'


class MediaCapture(ui.element, component='../assets/media_capture.js',
                   dependencies=['../assets/media_devices.js', '../assets/media_audio.js',
                                 '../assets/media_socket.js', '../assets/media_voice.js']):

    def __init__(self, *, language: str = 'ru', speech_url: str | None = None) -> None:
        """Camera and microphone of the candidate, with a mirrored preview (`data-testid="self-view"`).

        Devices are requested as soon as the element appears in the browser; `start` asks again ("retry").

        :param language: the interview's language ('ru' or 'en'), used when `speak` gets no language
        :param speech_url: path (or ws:// URL) of the speech WebSocket, e.g. `/api/v1/speech/{unique_link}/ws`;
            ws:// or wss:// is chosen from the page's own scheme
        """
        super().__init__()
        self.add_resource(ASSETS)  # serves capture_worklet.js, which the browser loads as an AudioWorklet module
        self._props['language'] = language
        self._props['speech-url'] = speech_url
        self._props['active'] = True
        self._props['camera'] = True
        self._props['microphone'] = True
        self._props['streaming'] = False
        self._props['voice'] = True
        self._props['acquire'] = 0
        self.camera_state = 'off'
        self.microphone_state = 'off'
        self.error: dict[str, Any] | None = None
        self.speech_state = 'off'
        self.speaking = False
        self.on('devices', self._remember_devices)
        self.on('speech', lambda e: setattr(self, 'speech_state', e.args.get('state', 'off')))
        self.on('speaking', lambda e: setattr(self, 'speaking', bool(e.args.get('speaking'))))

    def start(self, camera: bool = True, microphone: bool = True) -> None:
        """(Re)acquire the devices: the ones that are wanted and not running are asked for again ("retry")."""
        self._props['active'] = True
        self._props['camera'] = camera
        self._props['microphone'] = microphone
        self._props['acquire'] += 1

    def stop(self) -> None:
        """Stop every track, the audio context and the speech socket."""
        self._props['active'] = False

    def set_camera(self, enabled: bool) -> None:
        """Camera on or off (off stops the track, so the camera light goes out)."""
        self._props['camera'] = enabled

    def set_microphone(self, enabled: bool) -> None:
        """Unmute or mute; while muted no audio is sent and the level is 0."""
        self._props['microphone'] = enabled

    def set_streaming(self, enabled: bool) -> None:
        """Send the microphone's audio to `speech_url` (once the interview has started)."""
        self._props['streaming'] = enabled

    def set_voice(self, enabled: bool) -> None:
        """Speak the AI's turns (on by default); switching off stops the current speech."""
        self._props['voice'] = enabled

    def speak(self, text: str, lang: str) -> None:
        """Speak `text` with the browser's speech synthesis in `lang` ('ru', 'en', 'ru-RU', ...). While it speaks
        the microphone is held back, unless the candidate talks over it (barge-in)."""
        self.run_method('speak', text, lang)

    def cancel_speech(self) -> None:
        self.run_method('cancelSpeech')

    def _remember_devices(self, e: events.GenericEventArguments) -> None:
        self.camera_state = e.args.get('camera', 'off')
        self.microphone_state = e.args.get('microphone', 'off')
        self.error = e.args.get('error')
