"""Every REST endpoint against the real server (`python -m aisobes`): success, 401, 404, 409, 422."""
from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

VALID = {'candidate_name': 'Иван Петров', 'candidate_id': 'cand-42', 'position': 'Python developer',
         'recommended_duration': 60, 'knowledge_base': 'Python, FastAPI', 'description': 'Хорошая команда'}


def create(server, **overrides) -> dict:
    response = httpx.post(f'{server.base_url}/api/v1/interviews/', json={**VALID, **overrides}, headers=server.auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_health_and_docs(server):
    assert httpx.get(f'{server.base_url}/health').json()['status'] == 'ok'
    assert httpx.get(f'{server.base_url}/docs').status_code == 200
    paths = httpx.get(f'{server.base_url}/openapi.json').json()['paths']
    assert '/api/v1/interviews/' in paths and '/api/v1/interviews/{interview_id}/finish' in paths


# every operation of /api/v1/interviews and the error statuses it can answer: 401 where the token is required, 404
# where the path names an interview (by id or link), 409 where the state can forbid it (start after finish)
DECLARED_ERRORS = {
    ('post', '/api/v1/interviews/'): {401},
    ('get', '/api/v1/interviews/'): {401},
    ('get', '/api/v1/interviews/{unique_link}'): {404},
    ('get', '/api/v1/interviews/{interview_id}/details'): {401, 404},
    ('patch', '/api/v1/interviews/{interview_id}/start'): {401, 404, 409},
    ('patch', '/api/v1/interviews/{interview_id}/finish'): {401, 404},
    ('get', '/api/v1/interviews/{interview_id}/status'): {401, 404},
    ('get', '/api/v1/interviews/{interview_id}/messages'): {401, 404},
    ('get', '/api/v1/interviews/{interview_id}/transcript.json'): {401, 404, 409},
    ('get', '/api/v1/interviews/{interview_id}/transcript.txt'): {401, 404, 409},
    ('get', '/api/v1/interviews/{interview_id}/report.pdf'): {401, 404},
    ('delete', '/api/v1/interviews/{interview_id}'): {401, 404},
    ('get', '/api/v1/interviews/{interview_id}/plan'): {401, 404},
    ('put', '/api/v1/interviews/{interview_id}/plan'): {401, 404, 409},
    ('put', '/api/v1/interviews/{interview_id}/decision'): {401, 404, 409},
}


def test_openapi_lists_the_error_statuses_of_every_interview_route(server):
    document = httpx.get(f'{server.base_url}/openapi.json').json()
    operations = {(method, path): operation for path, item in document['paths'].items()
                  if path.startswith('/api/v1/interviews') for method, operation in item.items()}
    assert set(operations) == set(DECLARED_ERRORS)  # a new route must be added here with its errors
    error_schema = document['components']['schemas']['ErrorOut']
    assert 'detail' in error_schema['required']
    for key, operation in operations.items():
        declared = {int(code) for code in operation['responses'] if code in ('401', '404', '409')}
        assert declared == DECLARED_ERRORS[key], key
        # the same rules, read from the document itself: 401 exactly where a token is required, 404 exactly where
        # the path has a parameter, 409 on start, on a transcript that is not there yet and on what may change only
        # before the start or after the finish
        method, path = key
        assert (401 in declared) == bool(operation.get('security')), key
        assert (404 in declared) == ('{' in path), key
        assert (409 in declared) == (path.endswith(('/start', '/transcript.json', '/transcript.txt'))
                                     or (path.endswith(('/plan', '/decision')) and method != 'get')), key
        for code in declared:
            response = operation['responses'][str(code)]
            assert response['description'], (key, code)
            assert response['content']['application/json']['schema'] == {'$ref': '#/components/schemas/ErrorOut'}, \
                (key, code)


def test_create_returns_original_shape_and_working_link(server):
    body = create(server)
    assert set(body) == {'id', 'unique_link', 'full_link', 'candidate_name', 'position', 'status',
                         'recommended_duration', 'created_at'}
    assert body['status'] == 'not_started' and body['recommended_duration'] == 60
    assert body['full_link'] == f'{server.base_url}/interview/{body["unique_link"]}'
    assert body['created_at'].endswith(('Z', '+00:00'))
    assert httpx.get(body['full_link']).status_code == 200


def test_candidate_view_hides_private_fields(server):
    body = create(server)
    view = httpx.get(f'{server.base_url}/api/v1/interviews/{body["unique_link"]}').json()
    assert view['candidate_name'] == 'Иван Петров' and view['id'] == body['id']
    for private in ('knowledge_base', 'description', 'transcript_path', 'text_transcript_path', 'report',
                    'candidate_id'):
        assert private not in view


@pytest.mark.parametrize('field,value', [
    ('candidate_name', ''), ('candidate_name', 'x' * 201), ('position', '   '), ('candidate_id', 'x' * 101),
    ('recommended_duration', 4), ('recommended_duration', 241), ('recommended_duration', 'long'),
    ('knowledge_base', 'x' * 20_001), ('description', 'x' * 5_001), ('language', 'de'), ('unknown_field', 1),
])
def test_create_validation_422_per_field(server, field, value):
    response = httpx.post(f'{server.base_url}/api/v1/interviews/', json={**VALID, field: value}, headers=server.auth)
    assert response.status_code == 422
    assert any(error['loc'][-1] == field for error in response.json()['detail'])


def test_create_missing_fields_and_bad_json(server):
    response = httpx.post(f'{server.base_url}/api/v1/interviews/', json={}, headers=server.auth)
    assert response.status_code == 422
    missing = {e['loc'][-1] for e in response.json()['detail']}
    assert {'candidate_name', 'candidate_id', 'position', 'recommended_duration'} <= missing
    response = httpx.post(f'{server.base_url}/api/v1/interviews/', content=b'{not json', headers=server.auth)
    assert response.status_code == 422


@pytest.mark.parametrize('method,path', [
    ('POST', '/api/v1/interviews/'), ('GET', '/api/v1/interviews/'), ('PATCH', '/api/v1/interviews/1/start'),
    ('PATCH', '/api/v1/interviews/1/finish'), ('GET', '/api/v1/interviews/1/status'),
    ('GET', '/api/v1/interviews/1/messages'), ('GET', '/api/v1/interviews/1/transcript.json'),
    ('GET', '/api/v1/interviews/1/transcript.txt'), ('DELETE', '/api/v1/interviews/1'),
    ('GET', '/api/v1/interviews/1/details'),
])
def test_token_required(server, method, path):
    for headers in ({}, {'Authorization': 'Bearer wrong-token'}, {'Authorization': 'Basic dGVzdA=='}):
        response = httpx.request(method, f'{server.base_url}{path}', json=VALID, headers=headers)
        assert response.status_code == 401, (method, path, headers)


def test_unknown_link_and_id_404(server):
    assert httpx.get(f'{server.base_url}/api/v1/interviews/no-such-link').status_code == 404
    for method, path in (('PATCH', 'start'), ('PATCH', 'finish'), ('GET', 'status'), ('GET', 'messages'),
                         ('GET', 'transcript.json'), ('GET', 'transcript.txt'), ('GET', 'details'), ('DELETE', None)):
        url = f'{server.base_url}/api/v1/interviews/999999' + (f'/{path}' if path else '')
        response = httpx.request(method, url, headers=server.auth)
        assert response.status_code == 404 and response.json()['detail'], (method, path)


def test_lifecycle_over_http(server):
    body = create(server)
    iid = body['id']
    with server.client() as client:
        status = client.get(f'/api/v1/interviews/{iid}/status', headers=server.auth).json()
        assert status == {'interview_id': iid, 'status': 'not_started', 'started_at': None, 'finished_at': None,
                          'actual_duration': None}
        assert client.get(f'/api/v1/interviews/{iid}/transcript.json', headers=server.auth).status_code == 409
        started = client.patch(f'/api/v1/interviews/{iid}/start', headers=server.auth).json()
        again = client.patch(f'/api/v1/interviews/{iid}/start', headers=server.auth).json()
        assert started['status'] == 'started' and again['started_at'] == started['started_at']
        finished = client.patch(f'/api/v1/interviews/{iid}/finish', headers=server.auth).json()
        assert finished['status'] == 'finished' and finished['actual_duration'] >= 0
        assert finished['transcript_path'].endswith('.json') and finished['text_transcript_path'].endswith('.txt')
        assert client.patch(f'/api/v1/interviews/{iid}/finish', headers=server.auth).json() == finished
        assert client.patch(f'/api/v1/interviews/{iid}/start', headers=server.auth).status_code == 409

        downloaded = client.get(f'/api/v1/interviews/{iid}/transcript.json', headers=server.auth)
        assert downloaded.status_code == 200 and 'attachment' in downloaded.headers['content-disposition']
        assert downloaded.json()['interview']['id'] == iid
        text = client.get(f'/api/v1/interviews/{iid}/transcript.txt', headers=server.auth)
        assert text.status_code == 200 and 'Иван Петров' in text.text
        assert Path(finished['transcript_path']).parent == server.transcripts_dir.resolve()
        assert len(list(server.transcripts_dir.glob(f'interview_{iid}_*'))) == 2


def test_list_paging_and_filter(server):
    # the server is shared by the whole session: a tag of this test's own makes the search match only its interviews
    tag = uuid.uuid4().hex[:8]
    ids = [create(server, candidate_name=f'Список {tag} {i}')['id'] for i in range(3)]
    with server.client() as client:
        client.patch(f'/api/v1/interviews/{ids[0]}/start', headers=server.auth)
        page = client.get('/api/v1/interviews/', params={'limit': 2}, headers=server.auth).json()
        assert page['limit'] == 2 and len(page['items']) == 2 and page['total'] >= 3
        created = [item['created_at'] for item in page['items']]
        assert created == sorted(created, reverse=True)
        started = client.get('/api/v1/interviews/', params={'status': 'started'}, headers=server.auth).json()
        assert ids[0] in [item['id'] for item in started['items']]
        assert all(item['status'] == 'started' for item in started['items'])
        assert client.get('/api/v1/interviews/', params={'status': 'bogus'}, headers=server.auth).status_code == 422
        found = client.get('/api/v1/interviews/', params={'search': f'список {tag} 2'}, headers=server.auth).json()
        assert [item['id'] for item in found['items']] == [ids[2]]


def test_messages_and_delete(server):
    body = create(server)
    iid = body['id']
    with server.client() as client:
        assert client.get(f'/api/v1/interviews/{iid}/messages', headers=server.auth).json() == []
        client.patch(f'/api/v1/interviews/{iid}/finish', headers=server.auth)
        files = list(server.transcripts_dir.glob(f'interview_{iid}_*'))
        assert len(files) == 2
        assert client.delete(f'/api/v1/interviews/{iid}', headers=server.auth).json() == {'deleted': iid}
        assert not any(f.exists() for f in files)
        assert client.get(f'/api/v1/interviews/{iid}/status', headers=server.auth).status_code == 404
        assert client.get(f'/api/v1/interviews/{body["unique_link"]}').status_code == 404
        assert client.get(body['full_link']).status_code == 404


def test_details_for_recruiter(server):
    body = create(server)
    details = httpx.get(f'{server.base_url}/api/v1/interviews/{body["id"]}/details', headers=server.auth).json()
    assert details['knowledge_base'] == 'Python, FastAPI' and details['full_link'] == body['full_link']
    assert details['candidate_id'] == 'cand-42' and details['description'] == 'Хорошая команда'
    assert (details['report'], details['transcript_path']) == (None, None)  # nothing before finish
