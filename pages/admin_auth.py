"""The admin session: the shared admin (`admin` with AISOBES_ADMIN_PASSWORD) or a user (aisobes.users). On success a
random session id goes into NiceGUI's user storage and a row into the database (aisobes.limits.AdminSessions), so the
browser side holds nothing derived from a password and logout or expiry ends the session for good. A wrong password
is answered slowly, and failures are limited per client address and per account (in the database, so every instance
counts them).

`AdminGuard` protects every path under the admin prefixes in one place: without the session a page answers with a
redirect to the login, whatever the page does itself.
"""
from __future__ import annotations

import asyncio
import math
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from nicegui import app, context, ui
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from aisobes.audit import Actor, AuditAction
from aisobes.auth import secret_ok
from aisobes.limits import LOGIN_PER_ACCOUNT, LOGIN_PER_CLIENT
from aisobes.services import Services
from aisobes.users import FIRST_ADMIN, UserRole

from .i18n import texts
from .session import log_in_user, log_out_user, needed_role, session_role
from .theme import card, frame, testid

SESSION_KEY = 'aisobes_admin'
WRONG_PASSWORD_DELAY = 1.0  # seconds; makes guessing slow without slowing down the right password

PROTECTED_PREFIXES = ('/admin', '/test')  # every page and download under these needs the admin session
LOGIN_PAGES = ('/admin/login', '/admin/logout')
PUBLIC_PAGES = ('/', '/interview/{unique_link}', *LOGIN_PAGES)  # the pages anyone may open


async def current_role(services: Services) -> UserRole | None:
    """The role of this browser's admin session (None: not signed in, or the session or its user is gone)."""
    return await session_role(services, SESSION_KEY)


def is_protected(path: str) -> bool:
    return path not in LOGIN_PAGES and any(path == prefix or path.startswith(prefix + '/')
                                           for prefix in PROTECTED_PREFIXES)


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f'?{request.url.query}' if request.url.query else '')
    return RedirectResponse(f'/admin/login?next={quote(target, safe="")}', status_code=303)


class AdminGuard(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if is_protected(request.url.path):
            # the services of the app being served now (a test run builds them more than once, the guard stays)
            services: Services = request.app.state.services
            role = await current_role(services)
            if role is None:
                return login_redirect(request)
            if not role.allows(needed_role(request.url.path)):
                return HTMLResponse(texts(services.settings.language)('login.forbidden', role=role.value),
                                    status_code=403)
        return await call_next(request)


def install_guard(fastapi_app: FastAPI) -> None:
    """Add the guard once (a test run registers the pages more than once). Added before `ui.run`, it sits inside
    NiceGUI's session middleware, so the user storage is there when it looks."""
    if not any(m.cls is AdminGuard for m in fastapi_app.user_middleware):
        fastapi_app.add_middleware(AdminGuard)


def register(services: Services) -> None:
    settings = services.settings
    limits = services.limits

    @ui.page('/admin/login')
    async def login_page(next: str = '/admin') -> None:  # noqa: A002 -- the query parameter's name
        t = texts(settings.language)
        target = _safe_target(next)
        if await current_role(services) is not None:
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

        attempt = asyncio.Lock()  # one attempt at a time per page: a burst of clicks is counted one by one

        async def submit() -> None:
            async with attempt:
                await _attempt()

        async def _attempt() -> None:
            name = (username.value or '').strip()[:100] or FIRST_ADMIN
            client_key, account_key = f'login:ip:{client.ip or "unknown"}', f'login:account:{name.casefold()}'
            wait = max(await limits.blocked_for(client_key, LOGIN_PER_CLIENT),
                       await limits.blocked_for(account_key, LOGIN_PER_ACCOUNT))
            if wait > 0:
                _show(error, t('login.blocked', seconds=math.ceil(wait)))
                return
            if name == FIRST_ADMIN:
                ok = secret_ok(settings.admin_password, password.value or '')
                user = None
            else:
                user = await services.users.login(name, password.value or '')
                ok = user is not None
            if ok:
                await limits.reset(client_key)
                await services.admin_sessions.close(app.storage.user.pop(SESSION_KEY, None))
                log_out_user()
                app.storage.user[SESSION_KEY] = await log_in_user(services, user)
                await services.audit.record(AuditAction.LOGIN, Actor(name, client.ip))
                ui.navigate.to(target)
                return
            await limits.record(client_key)
            await limits.record(account_key)
            await services.audit.record(AuditAction.LOGIN_FAILED, Actor(name, client.ip))
            button.props('loading')
            await asyncio.sleep(WRONG_PASSWORD_DELAY)
            button.props(remove='loading')
            password.set_value('')
            _show(error, t('login.wrong'))

        button.on_click(submit)
        password.on('keydown.enter', submit)

    @ui.page('/admin/logout')
    async def logout_page() -> RedirectResponse:
        await services.admin_sessions.close(app.storage.user.pop(SESSION_KEY, None))
        log_out_user()
        return RedirectResponse('/admin/login', status_code=303)


def _show(label: ui.label, text: str) -> None:
    label.set_text(text)
    label.set_visibility(True)


def _safe_target(target: str) -> str:
    """Only our own admin pages: never an open redirect to another site."""
    path = target.split('?')[0]
    if target.startswith('/') and not target.startswith('//') and path.split('/')[1] in ('admin', 'test') \
            and path not in ('/admin/login', '/admin/logout'):
        return target
    return '/admin'
