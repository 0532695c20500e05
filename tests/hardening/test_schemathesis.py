"""The API contract, checked by schemathesis against the real server's /openapi.json (SQLite and PostgreSQL): every
check, with and without the token; any server error or a status the document does not list fails the run."""
from __future__ import annotations

import subprocess
import sys

import pytest

EXAMPLES = 5  # per operation and phase: a few hundred requests per run, well under a minute on 2 cores


@pytest.mark.parametrize('with_token', [True, False], ids=['token', 'no-token'])
def test_schemathesis_finds_no_server_error_and_no_undocumented_status(server, with_token, tmp_path):
    header = f'Authorization: Bearer {server.token}' if with_token else 'X-Without-Token: 1'
    run = subprocess.run([sys.executable, '-m', 'schemathesis.cli', 'run', f'{server.base_url}/openapi.json',
                          '--checks', 'all', '--max-examples', str(EXAMPLES), '--header', header, '--seed', '1',
                          '--report-dir', str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    summary = run.stdout[-3000:]
    print(summary)
    assert run.returncode == 0, summary
    assert 'generated' in summary and 'failure' not in summary.split('Test cases:')[-1], summary
