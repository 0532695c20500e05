"""The one path every chat message takes, typed, spoken, AI or recruiter: validate -> persist -> publish."""
from __future__ import annotations

import logging
from typing import Any, Optional

from sqlmodel import col, select

from .db import Database
from .errors import ChatClosed, InvalidInput, NotFound
from .models import ChatMessage, Interview, Role, Source, Status
from .rooms import MessagePosted, RoomHub
from .schemas import MAX_MESSAGE_CHARS, MessageOut

log = logging.getLogger(__name__)


class ChatService:
    def __init__(self, db: Database, rooms: RoomHub) -> None:
        self.db = db
        self.rooms = rooms

    def post(self, interview_id: int, content: Any, role: Role, source: Source = Source.TYPED,
             meta: Optional[dict[str, Any]] = None) -> MessageOut:
        text = validate_content(content)
        with self.db.session() as session:
            interview = session.get(Interview, interview_id)
            if interview is None:
                raise NotFound(f'Interview {interview_id} not found')
            if interview.status == Status.FINISHED:
                raise ChatClosed('The interview is finished; the chat is read-only')
            row = ChatMessage(interview_id=interview_id, content=text, role=Role(role), source=Source(source),
                              meta=meta)
            session.add(row)
            session.commit()
            session.refresh(row)
        message = to_message_out(row)
        self.rooms.publish(interview_id, MessagePosted(message))
        return message

    def history(self, interview_id: int) -> list[MessageOut]:
        return load_history(self.db, interview_id)


def load_history(db: Database, interview_id: int) -> list[MessageOut]:
    """The interview's messages in order (time, then id for messages of the same instant)."""
    with db.session() as session:
        rows = session.exec(select(ChatMessage).where(ChatMessage.interview_id == interview_id)
                            .order_by(col(ChatMessage.timestamp), col(ChatMessage.id))).all()
    return [to_message_out(row) for row in rows]


def to_message_out(row: ChatMessage) -> MessageOut:
    return MessageOut(id=row.id, content=row.content, role=str(row.role), timestamp=row.timestamp,
                      interview_id=row.interview_id, source=str(row.source), meta=row.meta)


def validate_content(content: Any) -> str:
    if not isinstance(content, str):
        raise InvalidInput('content must be a string')
    text = content.strip()
    if not text:
        raise InvalidInput('content must not be empty')
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput(f'content is longer than {MAX_MESSAGE_CHARS} characters')
    return text
