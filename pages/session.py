"""Who is logged in to the admin pages, and what their role lets them open.

The browser's storage keeps only a random session id (`admin_auth.SESSION_KEY`); its database row
(aisobes.limits.AdminSessions) names the user (none: the shared admin password) and holds a mark of the user's password
hash, so changing the password, disabling or deleting the user ends its sessions at the next request. The guard
(`admin_auth.AdminGuard`) refreshes the role in the session on every request, so a role change applies at once; pages
read it with `page_role()` to hide what the role may not do.
"""
from __future__ import annotations

import hashlib

from nicegui import app, context

from aisobes.audit import Actor
from aisobes.services import Services
from aisobes.users import FIRST_ADMIN, User, UserRole

USER_KEY = 'aisobes_username'  # the logged-in user's name in NiceGUI's user storage (absent: the shared admin)
ROLE_KEY = 'aisobes_role'
SHARED_ADMIN = FIRST_ADMIN  # the actor of the shared admin password

# the lowest role that may open a page (by path prefix, the longest first); every other admin page: viewer
PAGE_ROLES: dict[str, UserRole] = {
    '/admin/users': UserRole.ADMIN,
    '/admin/audit': UserRole.ADMIN,
    '/admin/new': UserRole.RECRUITER,
    '/test': UserRole.RECRUITER,
}


def needed_role(path: str) -> UserRole:
    for prefix in sorted(PAGE_ROLES, key=len, reverse=True):
        if path == prefix or path.startswith(prefix + '/'):
            return PAGE_ROLES[prefix]
    return UserRole.VIEWER


def user_mark(user: User) -> str:
    return hashlib.sha256(f'aisobes-user\0{user.id}\0{user.password_hash}'.encode()).hexdigest()


async def log_in_user(services: Services, user: User | None) -> str:
    """Open a session for the user (None: the shared admin) and answer its id, for the browser's storage."""
    if user is None:
        app.storage.user[ROLE_KEY] = UserRole.ADMIN.value
        return await services.admin_sessions.open()
    app.storage.user[USER_KEY] = user.username
    app.storage.user[ROLE_KEY] = user.role.value
    return await services.admin_sessions.open(user.username, user_mark(user))


def log_out_user() -> None:
    for key in (USER_KEY, ROLE_KEY):
        app.storage.user.pop(key, None)


async def session_role(services: Services, session_key: str) -> UserRole | None:
    """The role of this browser's session (None: no session, expired, or its user deleted, disabled or with a new
    password: then the session is closed)."""
    session_id = app.storage.user.get(session_key)
    row = await services.admin_sessions.get(session_id)
    if row is None:
        log_out_user()
        return None
    if row.username is None:
        app.storage.user.pop(USER_KEY, None)
        app.storage.user[ROLE_KEY] = UserRole.ADMIN.value
        return UserRole.ADMIN
    user = await services.users.by_name(row.username)
    if user is None or user.disabled or row.user_mark != user_mark(user):
        await services.admin_sessions.close(session_id)
        app.storage.user.pop(session_key, None)
        log_out_user()
        return None
    app.storage.user[USER_KEY] = user.username
    app.storage.user[ROLE_KEY] = user.role.value
    return user.role


def page_role() -> UserRole:
    """The role of the current page's user (the shared admin: admin)."""
    return UserRole(app.storage.user.get(ROLE_KEY) or UserRole.ADMIN)


def page_actor() -> Actor:
    """The user of the current page (in a page or its event handler), for the audit log."""
    return Actor(app.storage.user.get(USER_KEY) or SHARED_ADMIN, context.client.ip)
