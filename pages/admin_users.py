"""`/admin/users` (admin only): add a user with a role (its API token shown once), change a role, disable or enable,
issue a new token, delete. Every change is an audit entry under the acting admin's name."""
from __future__ import annotations

from nicegui import ui

from aisobes.audit import AuditAction
from aisobes.errors import AisobesError
from aisobes.services import Services
from aisobes.users import User, UserRole

from .i18n import Texts, texts
from .session import page_actor
from .theme import card, frame, testid

GRID = 'grid grid-cols-[minmax(0,1fr)_180px_110px_auto] gap-3 items-center'


def register(services: Services) -> None:
    settings = services.settings

    @ui.page('/admin/users')
    async def users_page() -> None:
        t = texts(settings.language)
        roles = {role.value: t(f'role.{role.value}') for role in UserRole}
        with frame(t, title=t('users.title'), admin=True, wide=True):
            ui.label(t('users.title')).classes('text-2xl font-semibold')
            ui.label(t('users.first_admin')).classes('ai-muted text-sm')
            with card():
                with ui.row().classes('w-full items-start gap-3 flex-wrap'):
                    name = testid(ui.input(t('users.username')), 'user-name').props('dark outlined dense')
                    password = testid(ui.input(t('users.password'), password=True), 'user-password') \
                        .props('dark outlined dense').classes('w-64')
                    role = testid(ui.select(roles, value=UserRole.RECRUITER.value, label=t('users.role')),
                                  'user-role').props('dark outlined dense').classes('w-48')
                    testid(ui.button(t('users.add'), icon='person_add', on_click=lambda: add()), 'user-add') \
                        .props('unelevated no-caps color=primary')
                shown = testid(ui.label(), 'user-token').classes('text-sm font-mono break-all ai-green')
                shown.set_visibility(False)

            @ui.refreshable
            async def table() -> None:
                with ui.column().classes('ai-card w-full gap-0 overflow-hidden'):
                    for user in await services.users.list():
                        _row(t, user, roles, change)

            await table()

        def show(text: str) -> None:
            shown.set_text(text)
            shown.set_visibility(True)

        async def add() -> None:
            try:
                user, token = await services.users.create(name.value or '', password.value or '',
                                                          UserRole(role.value))
            except AisobesError as e:
                ui.notify(e.message, type='warning')
                return
            await services.audit.record(AuditAction.USER_CREATE, page_actor(), f'user:{user.username}')
            name.set_value('')
            password.set_value('')
            show(t('users.created', name=user.username, token=token))
            table.refresh()

        async def change(user: User, what: str, value=None) -> None:
            try:
                if what == 'delete':
                    await services.users.delete(user.id)
                    action = AuditAction.USER_DELETE
                elif what == 'token':
                    _, token = await services.users.new_token(user.id)
                    show(t('users.token', name=user.username, token=token))
                    action = AuditAction.USER_TOKEN
                else:
                    await services.users.update(user.id, **{what: value})
                    action = AuditAction.USER_UPDATE
            except AisobesError as e:
                ui.notify(e.message, type='warning')
                return
            await services.audit.record(action, page_actor(), f'user:{user.username}')
            table.refresh()


def _row(t: Texts, user: User, roles: dict[str, str], change) -> None:
    with testid(ui.element('div'), 'user-row').classes(f'{GRID} w-full px-4 py-2 border-b border-[#1f1f1f]') \
            .props(f'data-username={user.username}'):
        with ui.row().classes('items-center gap-2'):
            ui.label(user.username).classes('font-medium')
            if user.disabled:
                ui.label(t('users.disabled')).classes('ai-amber text-xs')
        ui.select(roles, value=user.role.value, on_change=lambda e: change(user, 'role', UserRole(e.value))) \
            .props('dark outlined dense options-dense')
        ui.button(t('users.enable') if user.disabled else t('users.disable'),
                  on_click=lambda: change(user, 'disabled', not user.disabled)).props('flat dense no-caps')
        with ui.row().classes('gap-1 no-wrap'):
            ui.button(t('users.new_token'), icon='key', on_click=lambda: change(user, 'token')) \
                .props('flat dense no-caps')
            ui.button(icon='delete', on_click=lambda: change(user, 'delete')).props('flat round dense') \
                .tooltip(t('users.delete'))
