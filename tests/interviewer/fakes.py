"""In-memory stand-ins for pure unit tests: chat messages and an interview row with the real field names."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

T0 = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)

KB_RU = """Требования:
- Python 3 (asyncio, FastAPI)
- SQL и PostgreSQL
- Docker, Kubernetes
- Code review
- Коммуникация в команде
"""
DESCRIPTION_RU = ('Мы финтех-компания из Москвы. Формат работы гибридный: два дня в неделю в офисе. '
                  'Зарплата от 250 000 рублей на руки. Команда backend из 8 человек.')

LONG_ANSWER_RU = ('Например, в прошлом году на проекте платёжного шлюза я переписал сервис на Python asyncio и '
                  'FastAPI. Мы выбрали asyncio вместо потоков, хотя это усложнило отладку. В результате задержка '
                  'снизилась с 300 до 80 мс, а пропускная способность выросла в три раза, до 2000 запросов в секунду.')
SHORT_ANSWER_RU = 'Да, работал с этим.'


@dataclass
class Msg:
    id: int
    content: str
    role: str
    timestamp: datetime
    source: str = 'typed'
    meta: dict[str, Any] | None = None
    interview_id: int = 1


@dataclass
class FakeInterview:
    candidate_name: str = 'Анна Петрова'
    position: str = 'Python-разработчик'
    recommended_duration: int = 30
    knowledge_base: str = KB_RU
    description: str = DESCRIPTION_RU
    language: str = 'ru'
    id: int = 1
    status: str = 'finished'
    started_at: datetime | None = T0
    finished_at: datetime | None = None
    actual_duration: int | None = None
    extra: dict = field(default_factory=dict)
    competencies: list | None = None  # the recruiter's plan (schemas.CompetencyIn dicts)


class Chat:
    """A list of messages with ids and timestamps, as the chat service would store them."""

    def __init__(self) -> None:
        self.messages: list[Msg] = []

    def add(self, role: str, content: str, at: datetime, source: str = 'typed',
            meta: dict[str, Any] | None = None) -> Msg:
        message = Msg(len(self.messages) + 1, content, role, at, source, meta)
        self.messages.append(message)
        return message


def minutes(value: float) -> timedelta:
    return timedelta(minutes=value)
