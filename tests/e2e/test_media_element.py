"""The media capture element in a real Chromium: preview, devices and their errors, the 16 kHz PCM16 stream,
mute, reconnect, refusal, voice and teardown. Runs the element on a small bench page (element_app.py)."""
from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from ..helpers import ROOT, free_port, require_binary
from .conftest import quiet_wav, speech_wav, tone_wav

pytestmark = pytest.mark.e2e

TONE_HZ = 440
INSTRUMENT = """
  window.__tracks = []; window.__contexts = []; window.__sockets = [];
  const gum = navigator.mediaDevices && navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  if (gum) navigator.mediaDevices.getUserMedia = async (c) => {
    const s = await gum(c); window.__tracks.push(...s.getTracks()); return s; };
  const AC = window.AudioContext;
  window.AudioContext = class extends AC { constructor(o) { super(o); window.__contexts.push(this); } };
  const WS = window.WebSocket;
  window.WebSocket = class extends WS { constructor(u, p) { super(u, p); window.__sockets.push(this); } };
"""


class Bench:
    def __init__(self, base_url: str, pcm_file: Path, process: subprocess.Popen) -> None:
        self.base_url, self.pcm_file, self.process = base_url, pcm_file, process

    def state(self) -> dict:
        return httpx.get(f'{self.base_url}/bench/events', timeout=5).json()

    def events(self, name: str) -> list[dict]:
        return [e['args'] for e in self.state()['events'] if e['name'] == name]

    def wait(self, condition: Callable[[], object], timeout: float = 10.0, what: str = '') -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            time.sleep(0.1)
        raise AssertionError(f'timed out waiting for {what or condition}: {self.state()}')

    def close_socket(self, code: int) -> None:
        httpx.post(f'{self.base_url}/bench/close/{code}', timeout=5)


@pytest.fixture(scope='module')
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    workdir = tmp_path_factory.mktemp('bench')
    port = free_port()
    pcm_file = workdir / 'received.pcm'
    log = open(workdir / 'bench.log', 'ab')
    env = {k: v for k, v in os.environ.items() if k != 'PYTEST_CURRENT_TEST'}  # NiceGUI must not think it is tested
    process = subprocess.Popen([sys.executable, str(ROOT / 'tests' / 'e2e' / 'element_app.py'), str(port),
                                str(pcm_file)], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f'http://127.0.0.1:{port}'
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f'{base_url}/bench/events', timeout=1)
            break
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError((workdir / 'bench.log').read_text()) from None
            time.sleep(0.2)
    yield Bench(base_url, pcm_file, process)
    process.terminate()
    process.wait(10)


@pytest.fixture(scope='module')
def tone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tone_wav(tmp_path_factory.mktemp('audio') / 'tone.wav', TONE_HZ)


def open_bench(launch_browser, tone: Path, bench: Bench, extra_context: dict | None = None):
    browser = launch_browser(tone)
    context = browser.new_context(viewport={'width': 1280, 'height': 720}, **(extra_context or {}))
    context.add_init_script(INSTRUMENT)
    page = context.new_page()
    page.goto(bench.base_url)
    return page


def test_preview_plays_mirrored_and_the_devices_are_reported(launch_browser, tone, bench, artifacts):
    page = open_bench(launch_browser, tone, bench)
    assert_playing(page)
    assert 'matrix(-1' in page.eval_on_selector('[data-testid=self-view]', 'v => getComputedStyle(v).transform')
    bench.wait(lambda: {'camera': 'on', 'microphone': 'on'}.items() <= (bench.events('devices') or [{}])[-1].items(),
               what='devices on')
    page.screenshot(path=str(artifacts / 'element-preview.png'))

    page.get_by_test_id('camera-off').click()
    bench.wait(lambda: bench.events('devices')[-1]['camera'] == 'off', what='camera off')
    assert page.evaluate('window.__tracks.filter(t => t.kind === "video").every(t => t.readyState === "ended")')
    page.get_by_test_id('camera-on').click()
    bench.wait(lambda: bench.events('devices')[-1]['camera'] == 'on', what='camera on again')
    assert_playing(page)


def test_microphone_streams_16_khz_pcm16_and_mute_stops_it(launch_browser, tone, bench):
    page = open_bench(launch_browser, tone, bench)
    page.get_by_test_id('start').click()  # a click is the user gesture that lets the AudioContext run
    bench.wait(lambda: any(e['level'] > 0.5 for e in bench.events('level')), what='a loud level from the tone')

    frames_before = bench.state()['frames']
    page.get_by_test_id('stream').click()
    bench.wait(lambda: bench.events('speech') and bench.events('speech')[-1]['state'] == 'listening',
               what='speech listening')
    bench.wait(lambda: bench.state()['frames'] - frames_before > 50, what='50 frames')
    started, frames_start = time.monotonic(), bench.state()['frames']
    time.sleep(3)
    rate = (bench.state()['frames'] - frames_start) / (time.monotonic() - started)
    assert 20 <= rate <= 30, f'{rate:.1f} frames/s; 40 ms frames come 25 times a second'
    assert bench.state()['sizes'] == [1280]  # 40 ms of 16 kHz 16-bit mono

    samples = array('h')
    data = bench.pcm_file.read_bytes()
    samples.frombytes(data[-16000 * 2 * 2:])  # the last two seconds, little-endian like this machine
    assert sys.byteorder == 'little'
    assert abs(dominant_frequency(samples, 16000) - TONE_HZ) < 10  # right pitch: the resampling rate is right
    assert max(abs(s) for s in samples) > 500  # a real signal (Chrome's noise suppression damps a steady tone)

    page.get_by_test_id('mute').click()
    bench.wait(lambda: bench.events('level')[-1]['level'] == 0, what='level 0 when muted')
    assert bench.state()['texts'][-1] == {'type': 'mute'}  # the server ends the utterance in progress
    muted_at = bench.state()['frames']
    time.sleep(1.5)
    assert bench.state()['frames'] == muted_at, 'a muted microphone sends nothing'
    page.get_by_test_id('unmute').click()
    bench.wait(lambda: bench.state()['frames'] > muted_at + 10, what='frames after unmute')
    assert bench.state()['texts'][-1] == {'type': 'unmute'}


def test_the_stream_reconnects_after_a_blip_and_stops_on_a_refusal(launch_browser, tone, bench):
    page = open_bench(launch_browser, tone, bench)
    page.get_by_test_id('start').click()
    page.get_by_test_id('stream').click()
    bench.wait(lambda: bench.events('speech') and bench.events('speech')[-1]['state'] == 'listening', what='listen')
    connections = bench.state()['connections']

    bench.close_socket(1012)  # the server restarts: a blip
    bench.wait(lambda: bench.state()['connections'] == connections + 1, what='a reconnect')
    states = [e['state'] for e in bench.events('speech')]
    assert 'reconnecting' in states and states[-1] == 'listening'

    bench.close_socket(4410)  # the interview is finished: do not come back
    bench.wait(lambda: bench.events('speech')[-1]['state'] == 'off', what='speech off after the refusal')
    time.sleep(2)
    assert bench.state()['connections'] == connections + 1


def test_speak_reports_speaking_and_never_holds_the_microphone_forever(launch_browser, tone, bench):
    page = open_bench(launch_browser, tone, bench)
    page.get_by_test_id('start').click()
    page.get_by_test_id('stream').click()
    bench.wait(lambda: bench.state()['frames'] > 10, what='streaming')
    page.get_by_test_id('speak').click()
    # Headless Chromium usually has no voices: then synthesis fails or never starts, and the element must say
    # "not speaking" (at the latest after its 1.5 s watchdog) so that the candidate's audio flows again. With a
    # voice, the loud tone talks over the AI: barge-in.
    time.sleep(2.5)
    speaking = bench.events('speaking')
    assert not speaking or speaking[-1]['speaking'] is False
    frames = bench.state()['frames']
    bench.wait(lambda: bench.state()['frames'] > frames + 10, what='audio flowing after speak')


def test_the_microphone_is_held_back_while_the_ai_speaks(voice_env, launch_browser, bench, tmp_path):
    browser = launch_browser(quiet_wav(tmp_path / 'quiet.wav'), env=voice_env, args=('--enable-speech-dispatcher',))
    page = browser.new_page()
    page.goto(bench.base_url)
    page.get_by_test_id('start').click()
    page.get_by_test_id('stream').click()
    bench.wait(lambda: bench.state()['frames'] > 10, what='streaming')
    spoken = len(bench.events('speaking'))
    page.get_by_test_id('speak-long').click()
    bench.wait(lambda: {'speaking': True} in bench.events('speaking')[spoken:], what='speaking', timeout=10)
    held = bench.state()['frames']
    time.sleep(1.5)
    assert bench.state()['frames'] <= held + 1, 'nothing is sent while the AI speaks (one frame may be in flight)'
    assert page.evaluate('speechSynthesis.speaking')
    bench.wait(lambda: bench.events('speaking')[-1] == {'speaking': False}, what='the AI finishes', timeout=30)
    assert not [e for e in bench.state()['events'][-20:] if e['name'] == 'barge_in'], 'a quiet room does not barge in'
    bench.wait(lambda: bench.state()['frames'] > held + 10, what='audio flowing again')


def test_talking_over_the_ai_stops_its_speech(voice_env, launch_browser, bench, tmp_path):
    wav = speech_wav(tmp_path / 'talking.wav', 'Sorry to interrupt, but I have a question about the role and the '
                     'team, and about how the work is organised.', silence_before=0.2, silence_after=0.3)
    browser = launch_browser(wav, env=voice_env, args=('--enable-speech-dispatcher',))
    page = browser.new_page()
    page.goto(bench.base_url)
    page.get_by_test_id('start').click()
    page.get_by_test_id('stream').click()
    bench.wait(lambda: bench.state()['frames'] > 10, what='streaming')
    barged, spoken = len(bench.events('barge_in')), len(bench.events('speaking'))
    page.get_by_test_id('speak-long').click()
    bench.wait(lambda: len(bench.events('barge_in')) > barged, what='barge-in', timeout=10)
    assert bench.events('speaking')[spoken:] == [{'speaking': True}, {'speaking': False}]
    assert not page.evaluate('speechSynthesis.speaking || speechSynthesis.pending')  # the AI really stopped
    frames = bench.state()['frames']
    bench.wait(lambda: bench.state()['frames'] > frames + 10, what='the candidate is heard')


def test_everything_is_released_when_the_element_or_the_page_goes_away(launch_browser, tone, bench):
    page = open_bench(launch_browser, tone, bench)
    page.get_by_test_id('start').click()
    page.get_by_test_id('stream').click()
    bench.wait(lambda: bench.state()['frames'] > 10, what='streaming')
    page.get_by_test_id('remove').click()
    page.wait_for_function('window.__tracks.length > 0 && window.__tracks.every(t => t.readyState === "ended")')
    page.wait_for_function('window.__contexts.every(c => c.state === "closed")')
    page.wait_for_function('window.__sockets.filter(s => s.url.includes("/bench/speech"))'
                           '.every(s => s.readyState === WebSocket.CLOSED)')

    page = open_bench(launch_browser, tone, bench)
    page.get_by_test_id('start').click()
    page.get_by_test_id('stream').click()
    bench.wait(lambda: bench.state()['frames'] > 10, what='streaming on a new page')
    frames = bench.state()['frames']
    page.goto('about:blank')  # pagehide
    time.sleep(1)
    settled = bench.state()['frames']
    time.sleep(1)
    assert bench.state()['frames'] == settled and settled - frames < 40


def test_permission_denied_and_insecure_context_are_reported(playwright_api, tone, bench):
    from .conftest import chromium_args
    args = [a for a in chromium_args(tone) if a != '--use-fake-ui-for-media-stream']  # prompts are then denied
    args.append('--host-resolver-rules=MAP insecure.test 127.0.0.1')
    browser = playwright_api.chromium.launch(executable_path=require_binary('chromium'), headless=True,
                                             args=args)
    try:
        before = len(bench.events('devices'))
        page = browser.new_page()
        page.goto(bench.base_url)
        event = bench.wait(lambda: [e for e in bench.events('devices')[before:] if e['error']], what='denied')[-1]
        assert event['camera'] == 'error' and event['error']['kind'] == 'permission_denied'
        assert {e['kind'] for e in event['errors']} == {'permission_denied'}

        before = len(bench.events('devices'))
        page.goto(bench.base_url.replace('127.0.0.1', 'insecure.test'))  # plain http on a real name: not secure
        event = bench.wait(lambda: [e for e in bench.events('devices')[before:] if e['error']], what='insecure')[-1]
        assert event['camera'] == 'unavailable' and event['microphone'] == 'unavailable'
        assert event['error']['kind'] == 'insecure_context'
    finally:
        browser.close()


def assert_playing(page) -> None:
    video = page.get_by_test_id('self-view')
    page.wait_for_function('v => v.readyState >= 2 && v.videoWidth > 0', arg=video.element_handle(), timeout=15000)
    first = video.evaluate('v => v.currentTime')
    page.wait_for_timeout(700)
    assert video.evaluate('v => v.currentTime') > first, 'the preview is not advancing'


def dominant_frequency(samples: array, rate: int) -> float:
    """The frequency of a clean tone, from its zero crossings (two per period)."""
    crossings = sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))
    return crossings / 2 / (len(samples) / rate)
