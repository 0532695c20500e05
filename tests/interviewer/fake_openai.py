"""A small OpenAI-compatible chat-completions server for tests: real HTTP/1.1 on loopback, plain asyncio.

`POST /v1/chat/completions` with `"stream": true` answers with server-sent events (`data: {chunk}` ... `data:
[DONE]`), one chunk per piece of `reply`, `delay` seconds apart; without streaming, one JSON completion whose
content is `report`, or `judgement` (a string, or a function of the request body) when the request carries a
`response_format` (an answer's judgement). `mode` makes it misbehave: 'error' (HTTP 500), 'slow' (waits
`slow_seconds` before answering), 'hang' (never answers, until the server is closed), 'garbage' (a stream chunk that
is not JSON); `first_token_delay` holds a stream's first words back that long (a cold prompt on a slow server);
`reject_schema` answers HTTP 400 to a `json_schema` response_format, as servers without structured output do. Every
request body is kept in `requests`.

HABITS are replies a small real model (Qwen2.5 1.5B on llama.cpp) gave: a preamble, markdown, several paragraphs, the
informal «ты»; a constant `reply` is the model that repeats itself.
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

HABITS = {
    'preamble_ru': 'Вот следующий вопрос по Python:\n\nРасскажите, пожалуйста, как вы использовали asyncio в работе?',
    'preamble_en': "Sure! Here's my next question:\nCould you tell me how you used asyncio at work?",
    'markdown': '**Спасибо!**\n\n- Расскажите, пожалуйста, о вашем опыте с `PostgreSQL`.',
    'paragraphs': ('Thank you, Anna. That is a great example of your work.\n\nIt shows a lot of experience. '
                   'Many teams struggle with that.\n\nNow, could you tell me about SQL? What was the hardest query '
                   'you wrote? How did you tune it?'),
    'informal_ru': 'Спасибо! Расскажи, пожалуйста, какие задачи ты решал на PostgreSQL в своём проекте?',
}


class FakeOpenAI:
    def __init__(self, reply: str | Callable[[dict], str] = 'Hello!', report: str = '{}',
                 mode: str = 'ok', delay: float = 0.02, slow_seconds: float = 10.0,
                 judgement: str | Callable[[dict], str] | None = None, reject_schema: bool = False,
                 first_token_delay: float = 0.0) -> None:
        self.reply = reply
        self.report = report
        self.judgement = judgement
        self.reject_schema = reject_schema
        self.mode = mode
        self.delay = delay
        self.slow_seconds = slow_seconds
        self.first_token_delay = first_token_delay
        self._closing = asyncio.Event()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._server: asyncio.base_events.Server | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.sockets[0].getsockname()[:2]
        return f'http://{host}:{port}/v1'

    async def __aenter__(self) -> FakeOpenAI:
        self._server = await asyncio.start_server(self._handle, '127.0.0.1', 0)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self._closing.set()  # hanging requests end now (wait_closed waits for every connection)
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = (await reader.readline()).decode()
            headers = {}
            while (line := (await reader.readline()).decode().strip()):
                name, _, value = line.partition(':')
                headers[name.strip().lower()] = value.strip()
            body = json.loads(await reader.readexactly(int(headers.get('content-length', 0))) or b'{}')
            self.requests.append(body)
            self.headers.append(headers)
            if not request_line.startswith('POST /v1/chat/completions'):
                await self._send(writer, 404, 'application/json', b'{"error": "not found"}')
            elif self.mode == 'error':
                await self._send(writer, 500, 'application/json', b'{"error": {"message": "boom"}}')
            elif self.mode == 'hang':
                await self._closing.wait()
            elif self.mode == 'slow':
                await asyncio.sleep(self.slow_seconds)
                await self._send(writer, 200, 'application/json', b'{}')
            elif body.get('stream'):
                await self._stream(writer, body)
            elif self.reject_schema and (body.get('response_format') or {}).get('type') == 'json_schema':
                await self._send(writer, 400, 'application/json',
                                 b'{"error": {"message": "response_format json_schema is not supported"}}')
            else:
                content = self.report
                if body.get('response_format') is not None and self.judgement is not None:
                    content = self.judgement(body) if callable(self.judgement) else self.judgement
                completion = {'id': 'c1', 'object': 'chat.completion', 'model': body.get('model'),
                              'choices': [{'index': 0, 'finish_reason': 'stop',
                                           'message': {'role': 'assistant', 'content': content}}]}
                await self._send(writer, 200, 'application/json', json.dumps(completion).encode())
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _stream(self, writer: asyncio.StreamWriter, body: dict) -> None:
        writer.write(b'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n'
                     b'Connection: close\r\n\r\n')
        reply = self.reply(body) if callable(self.reply) else self.reply
        pieces = [reply[i:i + 7] for i in range(0, len(reply), 7)]
        writer.write(_event({'choices': [{'index': 0, 'delta': {'role': 'assistant', 'content': ''}}]}))
        writer.write(b': keep-alive comment\n\n')
        await writer.drain()
        if self.first_token_delay:
            await asyncio.sleep(self.first_token_delay)
        for piece in pieces:
            await asyncio.sleep(self.delay)
            if self.mode == 'garbage':
                writer.write(b'data: {not json\n\n')
            writer.write(_event({'id': 'c1', 'object': 'chat.completion.chunk',
                                 'choices': [{'index': 0, 'delta': {'content': piece}, 'finish_reason': None}]}))
            await writer.drain()
        writer.write(_event({'choices': [{'index': 0, 'delta': {}, 'finish_reason': 'stop'}]}))
        writer.write(b'data: [DONE]\n\n')
        await writer.drain()

    @staticmethod
    async def _send(writer: asyncio.StreamWriter, status: int, content_type: str, payload: bytes) -> None:
        writer.write(f'HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n'
                     'Connection: close\r\n\r\n'.encode() + payload)
        await writer.drain()


def _event(chunk: dict) -> bytes:
    return f'data: {json.dumps(chunk, ensure_ascii=False)}\n\n'.encode()
