"""Under HTTPS (aisobes serving TLS itself, or a trusted proxy saying https): HSTS and Secure cookies; forwarded
headers count only from the proxies named in AISOBES_FORWARDED_ALLOW_IPS."""
from __future__ import annotations

import ssl
import subprocess

import httpx

from ..helpers import require_binary, start_server


def test_https_served_directly_sends_hsts_and_secure_cookies(tmp_path):
    openssl = require_binary('openssl')
    cert, key = tmp_path / 'cert.pem', tmp_path / 'key.pem'
    subprocess.run([openssl, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
                    '-keyout', str(key), '-out', str(cert)], check=True, capture_output=True)
    server = start_server(tmp_path, {'AISOBES_SSL_CERTFILE': str(cert), 'AISOBES_SSL_KEYFILE': str(key)})
    try:
        port = server.base_url.rsplit(':', 1)[1]
        with httpx.Client(verify=ssl.create_default_context(cafile=str(cert))) as client:
            page = client.get(f'https://localhost:{port}/admin/login')
        assert page.headers['strict-transport-security'].startswith('max-age=')
        assert page.headers['set-cookie'].rstrip().endswith('; Secure')
    finally:
        server.stop()


def test_forwarded_proto_counts_only_from_a_configured_proxy(tmp_path):
    https_proxy = {'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.7'}
    for name in ('a', 'b'):
        (tmp_path / name).mkdir()
    untrusted = start_server(tmp_path / 'a')
    trusted = start_server(tmp_path / 'b', {'AISOBES_FORWARDED_ALLOW_IPS': '127.0.0.1'})
    try:
        page = httpx.get(f'{untrusted.base_url}/admin/login', headers=https_proxy)
        assert 'strict-transport-security' not in page.headers and 'secure' not in page.headers['set-cookie'].lower()
        page = httpx.get(f'{trusted.base_url}/admin/login', headers=https_proxy)
        assert 'strict-transport-security' in page.headers and page.headers['set-cookie'].rstrip().endswith('Secure')
    finally:
        untrusted.stop()
        trusted.stop()
