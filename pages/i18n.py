"""Every visible string of the pages, one small table per language. Russian is the default; English comes with
`AISOBES_LANGUAGE=en` (admin, demo) or with the interview's language (candidate room)."""
from __future__ import annotations

from .messages_en import EN
from .messages_ru import RU

MESSAGES: dict[str, dict[str, str]] = {'ru': RU, 'en': EN}


class Texts:
    def __init__(self, language: str) -> None:
        self.language = language if language in MESSAGES else 'ru'
        self.table = MESSAGES[self.language]

    def __call__(self, key: str, **values: object) -> str:
        text = self.table.get(key) or MESSAGES['en'].get(key) or key
        return text.format(**values) if values else text


def texts(language: str) -> Texts:
    return Texts(language)
