"""Every visible string of the pages, one small table per language. Russian is the default; English comes with
`AISOBES_LANGUAGE=en` (admin, demo) or with the interview's language (candidate room)."""
from __future__ import annotations

from aisobes.languages import Language, normalize_language

from .messages_en import EN
from .messages_ru import RU
from .workspace_texts import EN as WORKSPACE_EN
from .workspace_texts import RU as WORKSPACE_RU

MESSAGES: dict[Language, dict[str, str]] = {Language.RU: {**RU, **WORKSPACE_RU}, Language.EN: {**EN, **WORKSPACE_EN}}


class Texts:
    def __init__(self, language: str | None) -> None:
        self.language = normalize_language(language)
        self.table = MESSAGES[self.language]

    def __call__(self, key: str, **values: object) -> str:
        text = self.table.get(key) or MESSAGES[Language.EN].get(key) or key
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self.table


def texts(language: str | None) -> Texts:
    return Texts(language)
