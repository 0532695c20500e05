"""Transcript files: a JSON and a TXT per finished interview, written atomically (temp file + rename).

The TXT cannot be forged from inside: header fields are single lines (control characters escaped as \\n, \\x07...),
and a message's continuation lines are indented, so only the writer starts a line with `[hh:mm:ss] Role:`.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .languages import Language, normalize_language
from .models import Interview
from .schemas import InterviewRecord, MessageOut

ReportRenderer = Callable[[dict[str, Any], Language], str]  # the report as readable text, in a language

FORMAT_VERSION = '1.0'

ROLE_LABELS = {
    'ru': {'ai_hr': 'AI HR', 'candidate': 'Кандидат', 'recruiter': 'Рекрутер'},
    'en': {'ai_hr': 'AI HR', 'candidate': 'Candidate', 'recruiter': 'Recruiter'},
}
HEADER_LABELS = {
    'ru': {'title': 'Транскрипт собеседования', 'candidate': 'Кандидат', 'position': 'Позиция', 'start': 'Начало',
           'end': 'Окончание', 'duration': 'Длительность', 'recommended': 'Рекомендуемая длительность',
           'minutes': 'мин', 'report': 'Отчёт для рекрутера', 'decision': 'Решение рекрутера',
           'decisions': {'advance': 'пригласить на следующий этап', 'hold': 'отложить', 'reject': 'отказать'}},
    'en': {'title': 'Interview transcript', 'candidate': 'Candidate', 'position': 'Position', 'start': 'Start',
           'end': 'End', 'duration': 'Duration', 'recommended': 'Recommended duration', 'minutes': 'min',
           'report': 'Report for the recruiter', 'decision': "The recruiter's decision",
           'decisions': {'advance': 'advance to the next stage', 'hold': 'hold', 'reject': 'reject'}},
}


class TranscriptWriter:
    def __init__(self, directory: Path, render_report: ReportRenderer) -> None:
        self.directory = Path(directory)
        self.render_report = render_report

    def write(self, interview: Interview, messages: list[MessageOut],
              report: dict[str, Any] | None) -> tuple[Path, Path]:
        self.directory.mkdir(parents=True, exist_ok=True)
        stem = file_stem(interview)
        json_path = self.directory / f'{stem}.json'
        txt_path = self.directory / f'{stem}.txt'
        _atomic_write(json_path, json.dumps(self.to_json(interview, messages, report), ensure_ascii=False, indent=2))
        _atomic_write(txt_path, self.to_text(interview, messages, report))
        return json_path.resolve(), txt_path.resolve()

    def remove(self, interview: Interview) -> None:
        for name in (interview.transcript_path, interview.text_transcript_path):
            if name:
                Path(name).unlink(missing_ok=True)

    @staticmethod
    def to_json(interview: Interview, messages: list[MessageOut], report: dict[str, Any] | None) -> dict:
        record = InterviewRecord.model_validate(interview).model_dump()
        return {
            'interview': {key: _iso(value) if isinstance(value, datetime) else value for key, value in record.items()},
            'messages': [{'id': m.id, 'role': m.role, 'content': m.content, 'timestamp': _iso(m.timestamp),
                          'source': m.source} for m in messages],
            'metadata': {'total_messages': len(messages), 'transcript_created_at': _iso(datetime.now(UTC)),
                         'format_version': FORMAT_VERSION},
            'report': report,
            'decision': getattr(interview, 'decision', None),  # the recruiter's, set after the finish
        }

    def to_text(self, interview: Interview, messages: list[MessageOut], report: dict[str, Any] | None) -> str:
        lang = normalize_language(interview.language)
        h, roles = HEADER_LABELS[lang], ROLE_LABELS[lang]
        lines = [
            f'{h["title"]} #{interview.id}',
            f'{h["candidate"]}: {one_line(interview.candidate_name)} ({one_line(interview.candidate_id)})',
            f'{h["position"]}: {one_line(interview.position)}',
            f'{h["start"]}: {_human(interview.started_at)}',
            f'{h["end"]}: {_human(interview.finished_at)}',
            f'{h["duration"]}: {hms(interview.actual_duration)}',
            f'{h["recommended"]}: {interview.recommended_duration} {h["minutes"]}',
            '=' * 60,
        ]
        for m in messages:
            lines.append(f'[{m.timestamp.astimezone(UTC):%H:%M:%S}] {roles.get(m.role, m.role)}: '
                         + CONTINUATION.join(_message_lines(m.content)))
        if report:
            lines += ['', '=' * 60, h['report'], '=' * 60]
            lines.append(self.render_report(report, lang))
        decision = getattr(interview, 'decision', None)
        if decision:
            lines += ['', '=' * 60, h['decision'], '=' * 60,
                      f'{h["decisions"].get(decision.get("decision"), decision.get("decision"))} '
                      f'({decision.get("by")}, {decision.get("at")})']
            if decision.get('note'):
                lines.append(str(decision['note']))
        return '\n'.join(lines) + '\n'


CONTINUATION = '\n    '  # a message's next line, indented: never mistaken for the start of another message
_CONTROL = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029]')


def one_line(value: str) -> str:
    """`value` on a single line: every control character (line breaks included) escaped, visibly."""
    return _CONTROL.sub(_escape, value)


def _message_lines(content: str) -> list[str]:
    """The message's lines (any kind of line break), each free of other control characters."""
    return [one_line(line) for line in content.splitlines()] or ['']


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    return {'\n': '\\n', '\r': '\\r', '\t': '\\t'}.get(char, f'\\x{ord(char):02x}' if ord(char) < 256
                                                           else f'\\u{ord(char):04x}')


MEDIA_TYPES = {'json': 'application/json', 'txt': 'text/plain; charset=utf-8'}


def transcript_file(interview: Interview, kind: str) -> tuple[Path, str] | None:
    """The stored transcript of `kind` ('json' or 'txt') with its media type, or None while there is none."""
    if kind not in MEDIA_TYPES:
        return None
    name = interview.transcript_path if kind == 'json' else interview.text_transcript_path
    if not name or not Path(name).is_file():
        return None
    return Path(name), MEDIA_TYPES[kind]


def file_stem(interview: Interview) -> str:
    """interview_{id}_{link[:8]}_{YYYYMMDD_HHMMSS} in UTC; the time is the finish time, so a retried write
    replaces the same pair instead of adding a second one."""
    moment = (interview.finished_at or datetime.now(UTC)).astimezone(UTC)
    return f'interview_{interview.id}_{interview.unique_link[:8]}_{moment:%Y%m%d_%H%M%S}'


def hms(seconds: int | None) -> str:
    if seconds is None:
        return '—'
    return f'{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}'


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f'.{path.name}.', suffix='.tmp')
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _human(value: datetime | None) -> str:
    return f'{value.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC' if value else '—'
