"""A small client for any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp server),
over httpx, streaming with server-sent events (`data: {...}` lines, ended by `data: [DONE]`)."""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx

log = logging.getLogger(__name__)


class LLMError(Exception):
    """The endpoint answered, but not with a usable completion."""


class FirstTokenTimeout(TimeoutError):
    """No words within the first-token deadline (the candidate must not wait in silence)."""


class ChatCompletions:
    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 30.0,
                 client: httpx.AsyncClient | None = None) -> None:
        self.url = base_url.rstrip('/') + '/chat/completions'
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self._client = client or httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)))

    @classmethod
    def from_settings(cls, settings: Any) -> ChatCompletions:
        return cls(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)

    async def stream(self, messages: list[dict[str, str]], on_text: Callable[[str], None] | None = None,
                     temperature: float = 0.4, first_token_timeout: float | None = None,
                     max_tokens: int | None = None) -> str:
        """The whole reply; `on_text(text_so_far)` after every chunk. The whole call is bounded by `timeout`, the
        wait for the first words by `first_token_timeout` (FirstTokenTimeout; the request is dropped)."""
        payload: dict[str, Any] = {'model': self.model, 'messages': messages, 'stream': True,
                                   'temperature': temperature}
        if max_tokens is not None:
            payload['max_tokens'] = max_tokens
        text = ''
        loop = asyncio.get_running_loop()
        whole_deadline = loop.time() + self.timeout
        first = min(first_token_timeout, self.timeout) if first_token_timeout else self.timeout
        try:
            async with asyncio.timeout(first) as deadline:
                async with self._client.stream('POST', self.url, json=payload, headers=self._headers()) as response:
                    await _check(response)
                    async for line in response.aiter_lines():
                        delta = _delta(line)
                        if delta is None:
                            continue
                        if delta is _DONE:
                            break
                        if delta and not text:
                            deadline.reschedule(whole_deadline)  # the first words: the rest has the whole timeout
                        text += delta
                        if on_text is not None and delta:
                            on_text(text)
        except TimeoutError:
            if not text and first < self.timeout:
                raise FirstTokenTimeout(f'no first token within {first} s') from None
            raise
        return text

    async def complete(self, messages: list[dict[str, str]], temperature: float = 0.0,
                       response_format: dict[str, Any] | None = None, timeout: float | None = None) -> str:
        """One non-streamed reply (the report, an answer's judgement: parsed as a whole), bounded by `timeout`
        (default: the client's)."""
        timeout = timeout or self.timeout
        payload: dict[str, Any] = {'model': self.model, 'messages': messages, 'stream': False,
                                   'temperature': temperature}
        if response_format is not None:
            payload['response_format'] = response_format
        async with asyncio.timeout(timeout):
            response = await self._client.post(self.url, json=payload, headers=self._headers(),
                                               timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)))
            await _check(response)
        try:
            return response.json()['choices'][0]['message']['content'] or ''
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise LLMError(f'unexpected completion shape: {error!r}') from error

    async def aclose(self) -> None:
        await self._client.aclose()

    def _headers(self) -> dict[str, str]:
        headers = {'Accept': 'text/event-stream, application/json'}
        if self.api_key:
            headers['Authorization'] = f'Bearer {self.api_key}'
        return headers


_DONE = object()


def _delta(line: str) -> Any:
    """The text of one SSE line: None for comments, blank lines and chunks without content; _DONE at the end."""
    line = line.strip()
    if not line.startswith('data:'):
        return None
    data = line[5:].strip()
    if data == '[DONE]':
        return _DONE
    try:
        chunk = json.loads(data)
    except ValueError as error:
        raise LLMError(f'invalid stream chunk: {data[:200]!r}') from error
    if isinstance(chunk, dict) and chunk.get('error'):
        raise LLMError(f'endpoint error: {chunk["error"]!r}')
    try:
        choice = chunk['choices'][0]
    except (KeyError, IndexError, TypeError):
        return None  # e.g. a usage-only chunk
    content = (choice.get('delta') or {}).get('content')
    return content if isinstance(content, str) else None


async def _check(response: httpx.Response) -> None:
    if response.status_code >= 400:
        body = (await response.aread()).decode('utf-8', 'replace')[:300]
        raise LLMError(f'HTTP {response.status_code} from {response.request.url}: {body}')
