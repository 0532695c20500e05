"""The API contract, checked by schemathesis against the real server's /openapi.json: every check, with the token on
SQLite and PostgreSQL, and without it (where every operation must answer a documented 401 or 404); any server error
or a status the document does not list fails the run. About 350-400 requests per run, ~25 s each on 2 cores."""
from __future__ import annotations

import subprocess
import sys

import pytest


def schemathesis(server, tmp_path, *options: str) -> str:
    run = subprocess.run([sys.executable, '-m', 'schemathesis.cli', 'run', f'{server.base_url}/openapi.json',
                          '--checks', 'all', '--seed', '1', '--report-dir', str(tmp_path), *options],
                         capture_output=True, text=True, timeout=300)
    summary = run.stdout[-3000:]
    print(summary)
    assert run.returncode == 0, summary
    tail = summary.split('Test cases:')[-1]
    assert 'generated' in tail and 'failure' not in tail, summary
    return summary


def test_with_the_token_no_server_error_and_no_undocumented_status(server, tmp_path):
    schemathesis(server, tmp_path, '--max-examples', '3', '--header', f'Authorization: Bearer {server.token}')


def test_without_the_token_no_server_error_and_no_undocumented_status(server, tmp_path, request):
    if request.node.callspec.params['server'] == 'postgres':
        pytest.skip('the token check does not touch the database: SQLite is enough')
    # no stateful phase: without the token nothing can be created to chain on
    schemathesis(server, tmp_path, '--max-examples', '5', '--phases', 'examples,coverage,fuzzing')
