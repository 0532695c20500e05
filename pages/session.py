"""Who is logged in to the admin pages, and what their role lets them open.

The shared admin password (`admin`) keeps its session mark in `admin_auth`; a user's session holds its name and a
mark of its password hash, so changing the password, disabling or deleting the user ends its sessions at the next
request. The guard (`admin_auth.AdminGuard`) refreshes the role in the session on every request, so a role change
applies at once; pages read it with `page_role()` to hide what the role may not do.
"""
from __future__ import annotations

import hashlib

from nicegui import app, context

from aisobes.audit import Actor
from aisobes.services import Services
from aisobes.users import FIRST_ADMIN, User, UserRole

USER_KEY = 'aisobes_username'  # the logged-in user's name in NiceGUI's user storage (absent: the shared admin)
ROLE_KEY = 'aisobes_role'
USER_MARK_KEY = 'aisobes_user_mark'
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


def log_in_user(user: User) -> None:
    app.storage.user[USER_KEY] = user.username
    app.storage.user[USER_MARK_KEY] = user_mark(user)
    app.storage.user[ROLE_KEY] = user.role.value


def log_out_user() -> None:
    for key in (USER_KEY, USER_MARK_KEY, ROLE_KEY):
        app.storage.user.pop(key, None)


async def user_session_role(services: Services) -> UserRole | None:
    """The role of the user logged in to this session (None: no user session, or no longer valid)."""
    username = app.storage.user.get(USER_KEY)
    if not username:
        return None
    user = await services.users.by_name(username)
    if user is None or user.disabled or app.storage.user.get(USER_MARK_KEY) != user_mark(user):
        log_out_user()
        return None
    app.storage.user[ROLE_KEY] = user.role.value
    return user.role


def page_role() -> UserRole:
    """The role of the current page's user (the shared admin: admin)."""
    return UserRole(app.storage.user.get(ROLE_KEY) or UserRole.ADMIN)


def page_actor() -> Actor:
    """The user of the current page (in a page or its event handler), for the audit log."""
    return Actor(app.storage.user.get(USER_KEY) or SHARED_ADMIN, context.client.ip)
