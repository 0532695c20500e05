"""A tiny NiceGUI app that mounts the real MediaCapture element, for test_media_element.py.

It is a test bench, not the product: the page has buttons that call the element's Python API, every event the
element sends to Python is logged at /bench/events, and /bench/speech/ws receives the audio stream the way the
product's speech socket does (binary PCM16 frames up, JSON state down), writing what it gets to a file so that the
test can analyse it. Run: `python tests/e2e/element_app.py PORT PCM_FILE` from the repository root.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from fastapi import WebSocket, WebSocketDisconnect
from nicegui import app, ui

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from pages.media import MediaCapture

PORT = int(sys.argv[1])
PCM_FILE = Path(sys.argv[2])

LONG_TURN = ('Thank you for joining us today. Please tell me about your most recent project, the team you worked '
             'with, and the hardest technical problem you solved there.')
bench = {'events': [], 'connections': 0, 'frames': 0, 'sizes': [], 'texts': [], 'close': None}


@ui.page('/')
def index() -> None:
    media = MediaCapture(language='en', speech_url='/bench/speech/ws').style('width: 320px; height: 180px')
    for name in ('devices', 'level', 'speech', 'speaking', 'barge_in'):
        media.on(name, lambda e, name=name: bench['events'].append({'name': name, 'args': e.args}))
    with ui.row():
        ui.button('start', on_click=lambda: media.start()).props('data-testid=start')
        ui.button('start without camera', on_click=lambda: media.start(camera=False)).props('data-testid=start-audio')
        ui.button('stop', on_click=media.stop).props('data-testid=stop')
        ui.button('camera off', on_click=lambda: media.set_camera(False)).props('data-testid=camera-off')
        ui.button('camera on', on_click=lambda: media.set_camera(True)).props('data-testid=camera-on')
        ui.button('mute', on_click=lambda: media.set_microphone(False)).props('data-testid=mute')
        ui.button('unmute', on_click=lambda: media.set_microphone(True)).props('data-testid=unmute')
        ui.button('stream', on_click=lambda: media.set_streaming(True)).props('data-testid=stream')
        ui.button('no stream', on_click=lambda: media.set_streaming(False)).props('data-testid=no-stream')
        ui.button('speak', on_click=lambda: media.speak('Hello, tell me about yourself.', 'en')).props(
            'data-testid=speak')
        ui.button('speak long', on_click=lambda: media.speak(LONG_TURN, 'en')).props('data-testid=speak-long')
        ui.button('remove', on_click=media.delete).props('data-testid=remove')


@app.get('/bench/events')
def events() -> dict:
    return {'events': bench['events'], 'connections': bench['connections'], 'frames': bench['frames'],
            'sizes': sorted(set(bench['sizes'])), 'texts': bench['texts']}


@app.post('/bench/close/{code}')
def close_next(code: int) -> dict:
    """Close the open speech socket with `code` (a network blip is 1012, a refusal 4410)."""
    bench['close'] = code
    return {'ok': True}


@app.websocket('/bench/speech/ws')
async def speech(ws: WebSocket) -> None:
    await ws.accept()
    bench['connections'] += 1
    await ws.send_text(json.dumps({'type': 'state', 'state': 'listening', 'detail': None}))
    try:
        with PCM_FILE.open('ab') as out:
            while True:
                message = await ws.receive()
                if message.get('type') == 'websocket.disconnect':
                    return
                if message.get('text'):
                    bench['texts'].append(json.loads(message['text']))
                data = message.get('bytes')
                if data:
                    bench['frames'] += 1
                    bench['sizes'].append(len(data))
                    out.write(data)
                    out.flush()
                if bench['close'] is not None:
                    code, bench['close'] = bench['close'], None
                    await ws.close(code, 'closed by the bench')
                    return
    except WebSocketDisconnect:
        return


ui.run(port=PORT, host='127.0.0.1', reload=False, show=False, title='media bench', reconnect_timeout=30)
