"""Who is logged in to the admin pages, and what their role lets them open.

The browser's storage keeps only a random session id (`admin_auth.SESSION_KEY`); its database row
(aisobes.limits.AdminSessions) names the user (none: the shared admin password) and holds a mark of the user's password
hash, so changing the password, disabling or deleting the user ends its sessions at the next request. The guard
(`admin_auth.AdminGuard`) refreshes the role in the session on every request, so a role change applies at once; pages
read it with `page_role()` to hide what the role may not do.
"""
from __future__ import annotations

import hashlib
import hmac

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


def admin_mark(services: Services) -> str:
    """A mark of the shared admin password, kept in the session row (never in the browser): a new password ends the
    sessions opened with the old one."""
    settings = services.settings
    key = (settings.storage_secret or '').encode()  # keyed: the row alone says nothing about the password
    return hmac.new(key, f'aisobes-admin\0{settings.admin_password}'.encode(), hashlib.sha256).hexdigest()


async def log_in_user(services: Services, user: User | None) -> str:
    """Open a session for the user (None: the shared admin) and answer its id, for the browser's storage."""
    if user is None:
        _remember(ROLE_KEY, UserRole.ADMIN.value)
        return await services.admin_sessions.open(None, admin_mark(services))
    _remember(USER_KEY, user.username)
    _remember(ROLE_KEY, user.role.value)
    return await services.admin_sessions.open(user.username, user_mark(user))


def log_out_user() -> None:
    for key in (USER_KEY, ROLE_KEY):
        app.storage.user.pop(key, None)


async def session_role(services: Services, session_key: str) -> UserRole | None:
    """The role of this browser's session (None: no session, expired, or its user deleted, disabled or with a new
    password, or the shared admin password changed: then the session is closed)."""
    session_id = app.storage.user.get(session_key)
    row = await services.admin_sessions.get(session_id)
    user = None
    if row is not None and row.username is not None:
        user = await services.users.by_name(row.username)
    expected = admin_mark(services) if row is not None and row.username is None else (
        user_mark(user) if user is not None and not user.disabled else None)
    if row is None or expected is None or row.user_mark != expected:
        if row is not None:
            await services.admin_sessions.close(session_id)
        app.storage.user.pop(session_key, None)
        log_out_user()
        return None
    role = UserRole.ADMIN if user is None else user.role
    if user is None:
        app.storage.user.pop(USER_KEY, None)
    else:
        _remember(USER_KEY, user.username)
    _remember(ROLE_KEY, role.value)
    return role


def _remember(key: str, value: str) -> None:
    """Write to the user storage only on a change (every write schedules a backup of the storage file)."""
    if app.storage.user.get(key) != value:
        app.storage.user[key] = value


def page_role() -> UserRole:
    """The role of the current page's user, refreshed by the guard on every request; none (signed out in another
    tab): the least, viewer, so nothing can be changed in the name of a session that is gone."""
    return UserRole(app.storage.user.get(ROLE_KEY) or UserRole.VIEWER)


def page_actor() -> Actor:
    """The user of the current page (in a page or its event handler), for the audit log."""
    signed_in_as_admin = app.storage.user.get(ROLE_KEY) == UserRole.ADMIN.value
    return Actor(app.storage.user.get(USER_KEY) or (SHARED_ADMIN if signed_in_as_admin else 'unknown'),
                 context.client.ip)
