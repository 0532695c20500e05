"""Accounts and roles: `admin` (everything, users and the audit log), `recruiter` (interviews and vacancies), `viewer`
(read only). Each user has a password (argon2id, argon2-cffi) for the admin pages and an API token for
`Authorization: Bearer`, shown once and stored as its SHA-256 (a 256-bit random token cannot be guessed, so a slow
hash would only cost ~0.1 s of CPU on every request, while a password needs one).

The first admin is `admin` with `AISOBES_ADMIN_PASSWORD` (as before accounts existed): not a row, so changing the
setting changes that password; the name is reserved. `AISOBES_API_TOKEN` stays the service token with admin rights.
"""
from __future__ import annotations

import asyncio
import functools
import hashlib
import re
import secrets
from datetime import datetime
from enum import StrEnum

import argon2
import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel, col, select

from .db import Database
from .edges import id_in_range
from .errors import Conflict, InvalidInput, NotFound
from .models import EnumText, UTCDateTime, utcnow

MIN_PASSWORD = 10
FIRST_ADMIN = 'admin'  # the account of AISOBES_ADMIN_PASSWORD
RESERVED = {FIRST_ADMIN, 'api', 'system', 'candidate', 'unknown'}  # the audit log's own actors: no user may pose as one
TOKEN_PREFIX = 'ais_'

_hasher = argon2.PasswordHasher()


class UserRole(StrEnum):
    ADMIN = 'admin'
    RECRUITER = 'recruiter'
    VIEWER = 'viewer'

    def allows(self, needed: UserRole) -> bool:
        """A role includes the rights of the roles below it: admin > recruiter > viewer."""
        return _RANK[self] >= _RANK[needed]


_RANK = {UserRole.VIEWER: 0, UserRole.RECRUITER: 1, UserRole.ADMIN: 2}


class User(SQLModel, table=True):
    __tablename__ = 'users'

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=100, sa_column_kwargs={'unique': True}, index=True)
    password_hash: str = Field(max_length=200)
    role: UserRole = Field(sa_column=Column(EnumText(UserRole), nullable=False))
    disabled: bool = False
    token_hash: str | None = Field(default=None, max_length=64, sa_column_kwargs={'unique': True}, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_ok(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (argon2.exceptions.VerifyMismatchError, argon2.exceptions.InvalidHashError,
            argon2.exceptions.VerificationError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode('utf-8')).hexdigest()


USERNAME = re.compile(r'[\w.@+-]{2,100}')  # letters, digits and . @ + - _ (the API schema says the same)


def check_username(username: str) -> str:
    username = username.strip()
    if not USERNAME.fullmatch(username):
        raise InvalidInput('A username has 2 to 100 letters, digits or . @ + - _ (no spaces)')
    return username


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f'The password must have at least {MIN_PASSWORD} characters')
    if len(password) > 200:
        raise InvalidInput('The password must have at most 200 characters')
    return password


class UserService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, username: str, password: str, role: UserRole) -> tuple[User, str]:
        """The new user and its API token (shown once: only its hash is kept)."""
        username = check_username(username)
        if username.lower() in RESERVED:
            raise Conflict(f'The name {username!r} is reserved (the first admin and the audit log\'s own actors)')
        password_hash = await asyncio.to_thread(hash_password, check_password(password))
        token = new_token()
        user = User(username=username, password_hash=password_hash, role=role, token_hash=token_hash(token))
        return await self.db.run(self._add, user), token

    async def list(self) -> list[User]:
        return await self.db.run(self._list)

    async def get(self, user_id: int) -> User:
        return await self.db.run(self._get, user_id)

    async def update(self, user_id: int, *, role: UserRole | None = None, password: str | None = None,
                     disabled: bool | None = None) -> User:
        values: dict = {}
        if role is not None:
            values['role'] = role
        if disabled is not None:
            values['disabled'] = disabled
        if password is not None:
            values['password_hash'] = await asyncio.to_thread(hash_password, check_password(password))
        await self.get(user_id)
        if values:
            await self.db.run(self._update, user_id, values)
        return await self.get(user_id)

    async def delete(self, user_id: int) -> User:
        user = await self.get(user_id)
        await self.db.run(self._delete, user_id)
        return user

    async def new_token(self, user_id: int) -> tuple[User, str]:
        """A fresh token; the old one stops working at once."""
        await self.get(user_id)
        token = new_token()
        await self.db.run(self._update, user_id, {'token_hash': token_hash(token)})
        return await self.get(user_id), token

    async def by_token(self, token: str) -> User | None:
        """The enabled user this token belongs to (None: unknown, deleted or disabled)."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        user = await self.db.run(self._by, User.token_hash == token_hash(token))
        return user if user is not None and not user.disabled else None

    async def by_name(self, username: str) -> User | None:
        return await self.db.run(self._by, User.username == username.strip())

    async def login(self, username: str, password: str) -> User | None:
        """The enabled user with this name and password, else None (the same slow check either way)."""
        user = await self.by_name(username)
        hashed = user.password_hash if user is not None else _dummy_hash()
        ok = await asyncio.to_thread(password_ok, hashed, password)
        return user if ok and user is not None and not user.disabled else None

    # --- blocking parts, run on the database threads -------------------------------------------------------

    def _add(self, user: User) -> User:
        with self.db.session() as session:
            if session.exec(select(User).where(User.username == user.username)).first() is not None:
                raise Conflict(f'A user named {user.username!r} already exists')
            session.add(user)
            try:
                session.commit()
            except sa.exc.IntegrityError as e:  # the same name added at the same moment
                raise Conflict(f'A user named {user.username!r} already exists') from e
            session.refresh(user)
        return user

    def _list(self) -> list[User]:
        with self.db.session() as session:
            return list(session.exec(select(User).order_by(col(User.username))).all())

    def _get(self, user_id: int) -> User:
        with self.db.session() as session:
            user = session.get(User, user_id) if id_in_range(user_id) else None  # a huge id: no such row
        if user is None:
            raise NotFound(f'User {user_id} not found')
        return user

    def _by(self, condition) -> User | None:
        with self.db.session() as session:
            return session.exec(select(User).where(condition)).first()

    def _update(self, user_id: int, values: dict) -> None:
        with self.db.session() as session:
            session.exec(sa.update(User).where(col(User.id) == user_id).values(**values))
            session.commit()

    def _delete(self, user_id: int) -> None:
        with self.db.session() as session:
            session.exec(sa.delete(User).where(col(User.id) == user_id))
            session.commit()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@functools.cache
def _dummy_hash() -> str:
    """Checked for an unknown name, so that it costs the same time as a wrong password."""
    return hash_password(secrets.token_urlsafe(16))
