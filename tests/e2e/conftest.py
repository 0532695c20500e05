"""Real-browser fixtures: Debian's Chromium driven by Playwright, headless, with a fake camera and a fake microphone
that plays a WAV file (a tone, or espeak-ng speech). Skipped unless chromium is installed; AISOBES_REQUIRE_E2E=1
turns the skip into a failure (CI)."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ..helpers import ROOT, require_binary

ARTIFACTS = ROOT / 'test-artifacts'


def chromium_args(wav: Path) -> list[str]:
    return [
        '--use-fake-ui-for-media-stream',  # grant camera and microphone without a prompt
        '--use-fake-device-for-media-stream',  # a synthetic camera (moving test pattern) ...
        f'--use-file-for-fake-audio-capture={wav}',  # ... and a microphone that plays this file in a loop
        '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
        '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    ]


@pytest.fixture(scope='module')
def playwright_api() -> Iterator:
    # module scope, not session: Playwright's sync API keeps an event loop running in this thread while it is open,
    # which would break every asyncio test collected after the browser tests
    require_binary('chromium')
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail('the playwright package is missing: pip install -e ".[test]"')
    with sync_playwright() as playwright:
        yield playwright


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == 'call':
        item.failed_call = report.failed


@pytest.fixture
def launch_browser(playwright_api, request: pytest.FixtureRequest) -> Iterator[Callable]:
    """launch_browser(wav) -> a headless Chromium whose fake microphone plays `wav`; closed after the test (when the
    test failed, with a screenshot of every open page in test-artifacts/ first)."""
    browsers = []

    def launch(wav: Path, *, env: dict | None = None, args: tuple[str, ...] = ()):
        browser = playwright_api.chromium.launch(executable_path=require_binary('chromium'), headless=True,
                                                 args=chromium_args(wav) + list(args), env=env)
        browsers.append(browser)
        return browser

    yield launch
    if getattr(request.node, 'failed_call', False):
        ARTIFACTS.mkdir(exist_ok=True)
        pages = [page for browser in browsers for context in browser.contexts for page in context.pages]
        for number, page in enumerate(pages):
            try:
                page.screenshot(path=str(ARTIFACTS / f'failed-{request.node.name}-{number}.png'))
            except Exception:  # noqa: BLE001 - a page that cannot be pictured must not hide the real failure
                pass
    for browser in browsers:
        browser.close()


@pytest.fixture
def voice_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A real, paced speech synthesis for Chromium: speech-dispatcher with espeak-ng playing into a PulseAudio null
    sink, all private to this test (own HOME, config and sockets). Yields the environment for the browser; pass
    `args=('--enable-speech-dispatcher',)` too. Headless Chromium has no voices without it."""
    pulseaudio = require_binary('pulseaudio')
    require_binary('speech-dispatcher')
    if not Path('/usr/lib/speech-dispatcher-modules/sd_espeak-ng').exists():
        require_binary('sd_espeak-ng')  # speech-dispatcher-espeak-ng
    home = tmp_path / 'voice-home'
    config = home / 'config' / 'speech-dispatcher'
    runtime = home / 'run'
    for directory in (config, runtime):
        directory.mkdir(parents=True)
    runtime.chmod(0o700)
    (config / 'speechd.conf').write_text('AudioOutputMethod "pulse"\nAddModule "espeak-ng" "sd_espeak-ng" '
                                         '"espeak-ng.conf"\nDefaultModule espeak-ng\nTimeout 3\n')
    socket = home / 'pulse.sock'
    env = {**os.environ, 'HOME': str(home), 'XDG_CONFIG_HOME': str(home / 'config'), 'XDG_RUNTIME_DIR': str(runtime),
           'PULSE_SERVER': f'unix:{socket}'}
    log = open(home / 'pulseaudio.log', 'ab')
    daemon = subprocess.Popen([pulseaudio, '-n', '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no',
                               '--disallow-exit', '-L', f'module-native-protocol-unix socket={socket} auth-anonymous=1',
                               '-L', 'module-null-sink sink_name=speakers'], env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while not socket.exists():
        if daemon.poll() is not None or time.monotonic() > deadline:
            daemon.kill()
            pytest.fail('pulseaudio did not start: ' + (home / 'pulseaudio.log').read_text())
        time.sleep(0.1)
    yield env
    _stop_speech_dispatcher(home)
    daemon.terminate()
    daemon.wait(10)


def _stop_speech_dispatcher(home: Path) -> None:
    """The browser autospawned it (and its espeak-ng module) with our HOME; end them, they only ever spoke here."""
    for pid_file in home.rglob('speech-dispatcher.pid'):
        try:
            pid = int(pid_file.read_text().strip())
        except (OSError, ValueError):
            continue
        for process in [*_children(pid), pid]:
            try:
                os.kill(process, signal.SIGKILL)  # it ignores SIGTERM while its module is busy
            except ProcessLookupError:
                pass


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path('/proc').glob('[0-9]*/stat'):
        try:
            fields = stat.read_text().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


@pytest.fixture(scope='session')
def artifacts() -> Path:
    """Where screenshots go (git-ignored; CI keeps them as build artifacts)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def tone_wav(path: Path, frequency: int = 440, seconds: float = 10.0, rate: int = 48000) -> Path:
    """A sine tone as the fake microphone's sound: its pitch after resampling proves the 16 kHz path."""
    sox = require_binary('sox')
    subprocess.run([sox, '-n', '-r', str(rate), '-c', '1', '-b', '16', str(path), 'synth', str(seconds), 'sine',
                    str(frequency), 'vol', '0.5'], check=True)
    return path


def speech_wav(path: Path, text: str, voice: str = 'en', silence_before: float = 1.0,
               silence_after: float = 4.0) -> Path:
    """`text` spoken by espeak-ng, as 16 kHz mono, with silence around it so that each loop is its own utterance."""
    espeak = require_binary('espeak-ng')
    sox = require_binary('sox')
    raw = path.with_suffix('.raw.wav')
    subprocess.run([espeak, '-v', voice, '-s', '150', '-w', str(raw), text], check=True)
    subprocess.run([sox, str(raw), '-r', '16000', '-c', '1', '-b', '16', str(path), 'pad', str(silence_before),
                    str(silence_after)], check=True)
    raw.unlink()
    return path


def quiet_wav(path: Path, seconds: float = 10.0) -> Path:
    """Near silence: a room where the candidate says nothing."""
    sox = require_binary('sox')
    subprocess.run([sox, '-n', '-r', '48000', '-c', '1', '-b', '16', str(path), 'synth', str(seconds), 'whitenoise',
                    'vol', '0.002'], check=True)
    return path
