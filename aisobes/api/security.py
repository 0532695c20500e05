"""Security headers on every HTTP answer, in one outermost ASGI layer (outside NiceGUI's session middleware, so it
also sees the session cookie):

- a Content-Security-Policy NiceGUI's pages work under: Vue compiles templates at run time ('unsafe-eval'), NiceGUI
  writes its start-up script and Quasar its styles inline ('unsafe-inline'), the media element runs an AudioWorklet
  and plays blob: / mediastream: sources; nothing is loaded from other origins, and no page may be framed;
- X-Frame-Options DENY, nosniff, Referrer-Policy same-origin, camera and microphone for this origin only;
- under HTTPS (served by aisobes itself, a https public URL, or a trusted proxy saying https): HSTS and the Secure
  flag on every cookie;
- no cookie at all on /api/ answers (API clients authenticate with the token, never with a browser session).
"""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

PAGE_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            "connect-src 'self'; media-src 'self' blob: mediastream:; worker-src 'self' blob:; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# FastAPI's /docs and /redoc load Swagger UI / ReDoc from jsDelivr
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
            "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
            "font-src 'self' https://fonts.gstatic.com; worker-src 'self' blob:; connect-src 'self'; "
            "object-src 'none'; frame-ancestors 'none'")
DOCS_PATHS = ('/docs', '/redoc', '/docs/oauth2-redirect')
COMMON = (
    (b'x-content-type-options', b'nosniff'),
    (b'x-frame-options', b'DENY'),
    (b'referrer-policy', b'same-origin'),
    (b'permissions-policy', b'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()'),
    (b'cross-origin-opener-policy', b'same-origin'),
)
_SECURE = re.compile(rb';\s*secure\s*(;|$)', re.IGNORECASE)
HSTS = (b'strict-transport-security', b'max-age=31536000')


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        path: str = scope.get('path', '')
        https = scope.get('scheme') == 'https' or _served_over_https(scope)
        api = path.startswith('/api/')
        csp = (DOCS_CSP if path in DOCS_PATHS else PAGE_CSP).encode()

        async def with_headers(message: Message) -> None:
            if message['type'] == 'http.response.start':
                headers = [(k, v) for k, v in message.get('headers', []) if not (api and k.lower() == b'set-cookie')]
                if https:
                    headers = [(k, _secure(v) if k.lower() == b'set-cookie' else v) for k, v in headers]
                present = {k.lower() for k, _ in headers}
                extra = [*COMMON, (b'content-security-policy', csp), *([HSTS] if https else [])]
                headers += [(k, v) for k, v in extra if k not in present]
                message['headers'] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def install(fastapi_app: Any) -> None:
    """Wrap the app's middleware stack (once; a test run registers the app more than once), so this layer is the
    outermost, whatever middleware NiceGUI adds when it starts."""
    if getattr(fastapi_app, '_aisobes_security_headers', False):
        return
    build = fastapi_app.build_middleware_stack
    fastapi_app.build_middleware_stack = lambda: SecurityHeaders(build())
    fastapi_app._aisobes_security_headers = True


def _served_over_https(scope: Scope) -> bool:
    services = getattr(getattr(scope.get('app'), 'state', None), 'services', None)
    settings = getattr(services, 'settings', None)
    return bool(settings and (settings.ssl_certfile or (settings.public_url or '').startswith('https://')))


def _secure(cookie: bytes) -> bytes:
    return cookie if _SECURE.search(cookie) else cookie + b'; Secure'
