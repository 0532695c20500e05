"""Security headers and cookies of the real server, and the modes of the files it keeps."""
from __future__ import annotations

import stat

import httpx

from ..test_api import create


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_answer_has_the_security_headers(server):
    interview = create(server)
    with httpx.Client(base_url=server.base_url) as client:
        for path in ('/admin/login', f'/interview/{interview["unique_link"]}', '/', '/health', '/docs',
                     '/api/v1/interviews/nope', '/no/such/page'):
            response = client.get(path)
            headers = response.headers
            assert headers['x-frame-options'] == 'DENY', path
            assert headers['x-content-type-options'] == 'nosniff', path
            assert headers['referrer-policy'] == 'same-origin', path
            assert 'camera=(self)' in headers['permissions-policy'] and 'microphone=(self)' in \
                headers['permissions-policy'], path
            assert "frame-ancestors 'none'" in headers['content-security-policy'], path
            assert 'strict-transport-security' not in headers, path  # plain HTTP: no HSTS


def test_no_cookie_on_api_answers_but_pages_get_one(server):
    with httpx.Client(base_url=server.base_url) as client:
        assert 'set-cookie' not in client.get('/api/v1/interviews/nope').headers
        assert 'set-cookie' not in client.get('/api/v1/interviews/', headers=server.auth).headers
        page = client.get('/admin/login')
        assert 'session=' in page.headers['set-cookie'] and 'secure' not in page.headers['set-cookie'].lower()
        assert 'set-cookie' not in client.get('/api/v1/interviews/nope').headers  # with the browser's cookie too


def test_data_files_are_private(server):
    assert _mode(server.data_dir) == 0o700
    for name in ('api_token', 'admin_password', 'storage_secret'):
        path = server.data_dir / name
        if path.exists():
            assert _mode(path) == 0o600, name
    database = server.data_dir / 'aisobes.db'
    if database.exists():  # SQLite only
        assert _mode(database) == 0o600
