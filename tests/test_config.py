"""Settings: environment names, defaults, secrets generated once (0600) and reused, and the startup banner."""
from __future__ import annotations

import ssl
import stat
import subprocess

import httpx
import pytest

from aisobes.config import Settings

from .helpers import require_binary, start_server


def test_defaults(monkeypatch, tmp_path):
    for key in ('AISOBES_DATA_DIR', 'AISOBES_TRANSCRIPTS_DIR', 'AISOBES_WHISPER', 'AISOBES_ADMIN_PASSWORD',
                'AISOBES_API_TOKEN'):
        monkeypatch.delenv(key)
    settings = Settings()
    assert (settings.host, settings.port, settings.language) == ('127.0.0.1', 8080, 'ru')
    assert settings.base_url == 'http://127.0.0.1:8080'
    assert settings.db_url == 'sqlite:///data/aisobes.db'
    assert str(settings.transcripts_dir) == 'transcripts'


def test_environment_and_dotenv(monkeypatch, tmp_path):
    (tmp_path / '.env').write_text('AISOBES_PORT=9001\nAISOBES_LANGUAGE=en\n')
    monkeypatch.setenv('AISOBES_PUBLIC_URL', 'https://hr.example.org/')
    settings = Settings()
    assert settings.port == 9001 and settings.language == 'en'
    assert settings.base_url == 'https://hr.example.org'


def test_secrets_are_generated_once_with_private_mode(monkeypatch, tmp_path):
    monkeypatch.delenv('AISOBES_ADMIN_PASSWORD')
    monkeypatch.delenv('AISOBES_API_TOKEN')
    first = Settings().prepare()
    second = Settings().prepare()
    for name in ('admin_password', 'api_token', 'storage_secret'):
        path = tmp_path / 'data' / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert getattr(first, name) == getattr(second, name) == path.read_text().strip()
    assert len(first.api_token) >= 32


def test_explicit_secrets_win(tmp_path):
    settings = Settings().prepare()
    assert settings.api_token == 'test-token' and settings.admin_password == 'test-password'
    assert not (tmp_path / 'data' / 'api_token').exists()


def test_server_prints_how_to_log_in_and_keeps_its_token(monkeypatch, tmp_path):
    monkeypatch.delenv('AISOBES_ADMIN_PASSWORD')
    monkeypatch.delenv('AISOBES_API_TOKEN')
    server = start_server(tmp_path)
    try:
        log = server.log()
        assert '/admin' in log and '/docs' in log and server.token in log and server.admin_password in log
        response = httpx.get(f'{server.base_url}/api/v1/interviews/', headers=server.auth)
        assert response.status_code == 200
    finally:
        server.stop()
    restarted = start_server(tmp_path)
    try:
        assert restarted.token == server.token
        assert httpx.get(f'{restarted.base_url}/api/v1/interviews/', headers=server.auth).status_code == 200
    finally:
        restarted.stop()


def test_ssl_settings_come_in_pairs(tmp_path):
    with pytest.raises(ValueError, match='together'):
        Settings(ssl_certfile=tmp_path / 'cert.pem')


def test_serves_https_directly_with_a_certificate(monkeypatch, tmp_path):
    """Browsers give camera and microphone only to https pages (or localhost): aisobes can serve TLS itself."""
    openssl = require_binary('openssl')
    cert, key = tmp_path / 'cert.pem', tmp_path / 'key.pem'
    subprocess.run([openssl, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
                    '-keyout', str(key), '-out', str(cert)], check=True, capture_output=True)
    server = start_server(tmp_path, {'AISOBES_SSL_CERTFILE': str(cert), 'AISOBES_SSL_KEYFILE': str(key)})
    try:
        assert server.base_url.startswith('https://')
        with httpx.Client(verify=ssl.create_default_context(cafile=str(cert))) as client:
            created = client.post(f'https://localhost:{server.base_url.rsplit(":", 1)[1]}/api/v1/interviews/',
                                  headers=server.auth, json={'candidate_name': 'A', 'candidate_id': 'a',
                                                             'position': 'P', 'recommended_duration': 10}).json()
        assert created['full_link'].startswith('https://')
        assert 'https://' in server.log()
    finally:
        server.stop()
