"""The admin session: the password from AISOBES_ADMIN_PASSWORD, a mark of it kept in NiceGUI's user storage (so a
changed password logs everyone out), a slow answer to a wrong password and a rate limit on repeated failures.

`AdminGuard` protects every path under the admin prefixes in one place: without the session a page answers with a
redirect to the login, whatever the page does itself.
"""
from __future__ import annotations

import asyncio
import hashlib
import math
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from nicegui import app, context, ui
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from aisobes.audit import Actor, AuditAction
from aisobes.auth import FailureLimiter, secret_ok
from aisobes.config import Settings
from aisobes.services import Services
from aisobes.users import FIRST_ADMIN, UserRole

from .i18n import texts
from .session import log_in_user, log_out_user, needed_role, user_session_role
from .theme import card, frame, testid

SESSION_KEY = 'aisobes_admin'
WRONG_PASSWORD_DELAY = 1.0  # seconds; makes guessing slow without slowing down the right password
MAX_FAILURES = 5
FAILURE_WINDOW = 300.0

PROTECTED_PREFIXES = ('/admin', '/test')  # every page and download under these needs the admin session
LOGIN_PAGES = ('/admin/login', '/admin/logout')
PUBLIC_PAGES = ('/', '/interview/{unique_link}', *LOGIN_PAGES)  # the pages anyone may open


def is_admin(settings: Settings) -> bool:
    return secret_ok(_session_mark(settings), app.storage.user.get(SESSION_KEY))


def is_protected(path: str) -> bool:
    return path not in LOGIN_PAGES and any(path == prefix or path.startswith(prefix + '/')
                                           for prefix in PROTECTED_PREFIXES)


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f'?{request.url.query}' if request.url.query else '')
    return RedirectResponse(f'/admin/login?next={quote(target, safe="")}', status_code=303)


class AdminGuard(BaseHTTPMiddleware):
    def __init__(self, app_: FastAPI, services: Services) -> None:
        super().__init__(app_)
        self.services = services
        self.settings = services.settings

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if is_protected(request.url.path):
            role = UserRole.ADMIN if is_admin(self.settings) else await user_session_role(self.services)
            if role is None:
                return login_redirect(request)
            if not role.allows(needed_role(request.url.path)):
                return HTMLResponse(texts(self.settings.language)('login.forbidden', role=role.value),
                                    status_code=403)
        return await call_next(request)


def install_guard(fastapi_app: FastAPI, services: Services) -> None:
    """Add the guard once (a test run registers the pages more than once). Added before `ui.run`, it sits inside
    NiceGUI's session middleware, so the user storage is there when it looks."""
    if not any(m.cls is AdminGuard for m in fastapi_app.user_middleware):
        fastapi_app.add_middleware(AdminGuard, services=services)


def register(services: Services) -> None:
    settings = services.settings
    limiter = FailureLimiter(max_failures=MAX_FAILURES, window_seconds=FAILURE_WINDOW)

    @ui.page('/admin/login')
    def login_page(next: str = '/admin') -> None:  # noqa: A002 -- the query parameter's name
        t = texts(settings.language)
        target = _safe_target(next)
        if is_admin(settings):
            ui.navigate.to(target)
            return
        client = context.client
        with frame(t, title=t('login.title')):
            with card().classes('max-w-sm mx-auto mt-16 gap-4 p-6'):
                with ui.row().classes('items-center gap-2'):
                    ui.icon('lock', size='24px').classes('ai-primary')
                    ui.label(t('login.title')).classes('text-xl font-semibold')
                ui.label(t('login.hint')).classes('ai-muted text-sm')
                username = testid(ui.input(t('login.username'), value=FIRST_ADMIN), 'admin-username') \
                    .props('dark outlined').classes('w-full')
                password = testid(ui.input(t('login.password'), password=True, password_toggle_button=True),
                                  'admin-password').props('dark outlined autofocus').classes('w-full')
                error = testid(ui.label(), 'login-error').classes('ai-red text-sm')
                error.set_visibility(False)
                button = testid(ui.button(t('login.submit'), icon='login'), 'admin-login') \
                    .props('unelevated no-caps color=primary').classes('w-full')

        async def submit() -> None:
            key = client.ip or 'unknown'
            wait = limiter.blocked_for(key)
            if wait > 0:
                _show(error, t('login.blocked', seconds=math.ceil(wait)))
                return
            name = (username.value or '').strip()[:100] or FIRST_ADMIN
            if name == FIRST_ADMIN:
                ok = secret_ok(settings.admin_password, password.value or '')
                user = None
            else:
                user = await services.users.login(name, password.value or '')
                ok = user is not None
            if ok:
                limiter.reset(key)
                log_out_user()
                app.storage.user.pop(SESSION_KEY, None)
                if user is None:
                    app.storage.user[SESSION_KEY] = _session_mark(settings)
                else:
                    log_in_user(user)
                await services.audit.record(AuditAction.LOGIN, Actor(name, client.ip))
                ui.navigate.to(target)
                return
            limiter.fail(key)
            await services.audit.record(AuditAction.LOGIN_FAILED, Actor(name, client.ip))
            button.props('loading')
            await asyncio.sleep(WRONG_PASSWORD_DELAY)
            button.props(remove='loading')
            password.set_value('')
            _show(error, t('login.wrong'))

        button.on_click(submit)
        password.on('keydown.enter', submit)

    @ui.page('/admin/logout')
    def logout_page() -> RedirectResponse:
        app.storage.user.pop(SESSION_KEY, None)
        log_out_user()
        return RedirectResponse('/admin/login', status_code=303)


def _show(label: ui.label, text: str) -> None:
    label.set_text(text)
    label.set_visibility(True)


def _session_mark(settings: Settings) -> str:
    return hashlib.sha256(f'aisobes-admin\0{settings.admin_password}'.encode()).hexdigest()


def _safe_target(target: str) -> str:
    """Only our own admin pages: never an open redirect to another site."""
    path = target.split('?')[0]
    if target.startswith('/') and not target.startswith('//') and path.split('/')[1] in ('admin', 'test') \
            and path not in ('/admin/login', '/admin/logout'):
        return target
    return '/admin'
