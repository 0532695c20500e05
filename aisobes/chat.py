"""The one path every chat message takes, typed, spoken, AI or recruiter: validate -> persist -> publish."""
from __future__ import annotations

import logging
from typing import Any

from sqlmodel import col, select

from .db import Database
from .edges import id_in_range, text_problem
from .errors import ChatClosed, InvalidInput, NotFound, TooMany
from .limits import CHAT, Limits
from .models import ChatMessage, Interview, Role, Source, Status
from .rooms import MessagePosted, RoomHub
from .schemas import MAX_MESSAGE_CHARS, MessageOut

log = logging.getLogger(__name__)


class ChatService:
    def __init__(self, db: Database, rooms: RoomHub, limits: Limits) -> None:
        self.db = db
        self.rooms = rooms
        self.limits = limits

    async def post(self, interview_id: int, content: Any, role: Role, source: Source = Source.TYPED,
                   meta: dict[str, Any] | None = None) -> MessageOut:
        """Store the message and tell the room. Raises InvalidInput, NotFound, ChatClosed once finished, or TooMany
        when the interview's typed budget of that role is used up (one budget whatever the socket or page)."""
        text = validate_content(content)
        role, source = Role(role), Source(source)
        if source == Source.TYPED and role != Role.AI_HR:
            wait = await self.limits.take(f'chat:{interview_id}:{role.value}', CHAT)
            if wait:
                raise TooMany(f'Too many messages; slow down (try again in {wait:.0f} s)', retry_after=wait)
        message = await self.db.run(self._store, interview_id, text, role, source, meta)
        self.rooms.publish(interview_id, MessagePosted(message))
        return message

    async def history(self, interview_id: int) -> list[MessageOut]:
        return await self.db.run(load_history, self.db, interview_id)

    def _store(self, interview_id: int, text: str, role: Role, source: Source,
               meta: dict[str, Any] | None) -> MessageOut:
        with self.db.session() as session:
            interview = session.get(Interview, interview_id) if id_in_range(interview_id) else None
            if interview is None:
                raise NotFound(f'Interview {interview_id} not found')
            if interview.status == Status.FINISHED:
                raise ChatClosed('The interview is finished; the chat is read-only')
            row = ChatMessage(interview_id=interview_id, content=text, role=role, source=source, meta=meta)
            session.add(row)
            session.commit()
            session.refresh(row)
        return MessageOut.model_validate(row)


def load_history(db: Database, interview_id: int) -> list[MessageOut]:
    """The interview's messages in order (time, then id for messages of the same instant). Blocking."""
    with db.session() as session:
        rows = session.exec(select(ChatMessage).where(ChatMessage.interview_id == interview_id)
                            .order_by(col(ChatMessage.timestamp), col(ChatMessage.id))).all()
    return [MessageOut.model_validate(row) for row in rows]


def validate_content(content: Any) -> str:
    if not isinstance(content, str):
        raise InvalidInput('content must be a string')
    text = content.strip()
    if problem := text_problem(text):
        raise InvalidInput(f'content {problem}')
    if not text:
        raise InvalidInput('content must not be empty')
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput(f'content is longer than {MAX_MESSAGE_CHARS} characters')
    return text
