"""All settings in one place: `AISOBES_*` environment variables, also read from `.env`."""
from __future__ import annotations

import logging
import os
import secrets
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .languages import Language

log = logging.getLogger(__name__)


class BusKind(StrEnum):
    """How the live room's events reach the other instances (AISOBES_BUS)."""
    AUTO = 'auto'
    LOCAL = 'local'
    POSTGRES = 'postgres'


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix='AISOBES_', env_file='.env', env_file_encoding='utf-8',
                                      extra='ignore')

    host: str = '127.0.0.1'
    port: int = Field(8080, ge=1, le=65535)
    public_url: str | None = None
    data_dir: Path = Path('./data')
    database_url: str | None = None
    transcripts_dir: Path = Path('./transcripts')
    admin_password: str | None = None
    api_token: str | None = None
    storage_secret: str | None = None
    language: Language = Language.RU
    ssl_certfile: Path | None = None  # serve HTTPS directly (browsers allow camera and microphone only there)
    ssl_keyfile: Path | None = None
    forwarded_allow_ips: str = ''  # reverse proxies whose X-Forwarded-For / -Proto are trusted; '' = none

    # several instances (see README "Several instances")
    bus: BusKind = BusKind.AUTO  # auto: postgres on a PostgreSQL database, else local

    # speech (see README "Speech recognition")
    whisper: str = 'local'  # an engine of aisobes.speech.engines.ENGINES (checked when the services are built)
    whisper_model: str = 'base'
    whisper_threads: int = Field(0, ge=0, le=64)  # 0: all cores but one (left to the event loop), shared
    whisper_workers: int = Field(1, ge=1, le=16)
    whisper_url: str = 'ws://127.0.0.1:9090/api/v1/whisper/ws'  # several: comma-separated (round-robin, failover)
    whisper_queue: int = Field(16, ge=1, le=1000)
    whisper_window: float = Field(15.0, ge=1, le=30)  # seconds the encoder sees for a short utterance
    whisper_prompt: bool = True  # the interview's terms as Whisper's initial prompt (the corrector runs anyway)

    # AI interviewer (see README "AI HR")
    llm: str = 'scripted'  # a brain of aisobes.interviewer.brains.BRAINS (checked when the services are built)
    llm_base_url: str = 'http://127.0.0.1:11434/v1'
    llm_model: str = 'gpt-4o-mini'
    llm_api_key: str | None = None
    llm_timeout: float = Field(30.0, gt=0, le=600)
    llm_judge_timeout: float = Field(8.0, gt=0, le=120)  # seconds for the model's judgement of one answer
    llm_report_timeout: float = Field(180.0, gt=0, le=3600)  # seconds for the model's report (in the background)
    llm_first_token_timeout: float = Field(6.0, gt=0, le=120)  # seconds to the first words of a turn, else scripted
    llm_prompt_layout: Literal['cached', 'legacy'] = 'cached'  # legacy: the pre-issue-14 prompt, for comparison
    ai_debounce: float = Field(0.0, ge=0, le=30)  # seconds a typed answer waits for more typing (0: at once)
    turn_complete_wait: float = Field(0.5, ge=0, le=30)  # after the end of a complete spoken sentence
    turn_unfinished_wait: float = Field(4.0, ge=0, le=60)  # after an unfinished clause, a filler: thinking

    # recruiter workspace (see README "Audit log", "Retention")
    audit_days: int = Field(365, ge=1, le=36500)  # audit entries are kept at least this many days
    retention_days: int | None = Field(None, ge=1, le=36500)  # finished interviews older than this are erased

    @field_validator('llm', 'whisper')
    @classmethod
    def _plugin_name(cls, value: str) -> str:
        return value.strip().lower()

    @field_validator('public_url')
    @classmethod
    def _strip_slash(cls, value: str | None) -> str | None:
        return value.rstrip('/') if value else value

    @model_validator(mode='after')
    def _ssl_pair(self) -> Settings:
        if bool(self.ssl_certfile) != bool(self.ssl_keyfile):
            raise ValueError('AISOBES_SSL_CERTFILE and AISOBES_SSL_KEYFILE must be set together')
        return self

    @property
    def base_url(self) -> str:
        scheme = 'https' if self.ssl_certfile else 'http'
        return self.public_url or f'{scheme}://{self.host}:{self.port}'

    @property
    def db_url(self) -> str:
        return self.database_url or f'sqlite:///{(self.data_dir / "aisobes.db").as_posix()}'

    def prepare(self) -> Settings:
        """Create the directories and fill in the three secrets, generating each once and keeping it in the data
        dir (mode 0600) so that the next start reuses it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.transcripts_dir.mkdir(parents=True, exist_ok=True)
        for private in (self.data_dir, self.transcripts_dir):  # the database, secrets and transcripts: owner only
            _chmod(private, 0o700)
        for name, nbytes in (('admin_password', 12), ('api_token', 32), ('storage_secret', 32)):
            if not getattr(self, name):
                setattr(self, name, _persistent_secret(self.data_dir / name, nbytes))
        return self


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError as e:  # a directory of another owner (a mounted volume): say so, do not refuse to start
        log.warning('could not make %s private (%s)', path, e)


def _persistent_secret(path: Path, nbytes: int) -> str:
    if path.exists():
        value = path.read_text(encoding='utf-8').strip()
        if value:
            _chmod(path, 0o600)
            return value
    value = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        f.write(value + '\n')
    os.chmod(path, 0o600)
    log.info('generated %s in %s', path.name, path)
    return value
