"""Every route of the app, walked without an admin session: everything under /admin and /test sends the visitor to
the login, and every other page is public on purpose (listed in `admin_auth.PUBLIC_PAGES`), so a new page can never
be public by omission."""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from fastapi import routing as fastapi_routing
from nicegui import Client, app
from nicegui.testing import User

from aisobes.models import Interview
from aisobes.vacancy_schemas import VacancyCreate
from pages.admin_auth import LOGIN_PAGES, PROTECTED_PREFIXES, PUBLIC_PAGES

from .helpers import app_services, login, new_interview

PARAMETER = re.compile(r'{(\w+)(?::\w+)?}')


def get_routes() -> Iterator[tuple[str, str]]:
    """(path template, route name) of every GET route of the app, the API routers' routes included (FastAPI keeps an
    included router as one lazy entry in `app.routes`; `iter_route_contexts` looks inside it)."""
    iterate = getattr(fastapi_routing, 'iter_route_contexts', None)
    for route in (iterate(app.routes) if iterate is not None else app.routes):
        path, methods = getattr(route, 'path', None), getattr(route, 'methods', None) or set()
        if path is not None and 'GET' in methods:
            yield path, getattr(route, 'name', '') or ''


def under_admin(path: str) -> bool:
    return path.startswith(PROTECTED_PREFIXES) and path not in LOGIN_PAGES


def concrete(path: str, interview: Interview) -> str:
    """The path with plausible values for its parameters: an existing interview's id and link, a real file kind."""
    values = {'interview_id': str(interview.id), 'unique_link': interview.unique_link, 'kind': 'json',
              'vacancy_id': '1'}  # the test's vacancy (the first of its database)
    return PARAMETER.sub(lambda match: values.get(match.group(1), 'x'), path)


async def test_every_route_is_public_on_purpose_or_behind_the_admin_login(user: User) -> None:
    interview = await new_interview()
    await app_services().interviews.finish(interview.id)  # so that its transcript downloads exist
    await app_services().vacancies.create(VacancyCreate(title='QA', recommended_duration=30))
    routes = dict(get_routes())
    pages = set(Client.page_routes.values())
    assert {'/admin', '/admin/new', '/admin/interviews/{interview_id}', '/test', '/interview/{unique_link}'} <= pages
    assert pages <= set(routes), pages - set(routes)  # the walk sees every page
    assert {'/admin/interviews/{interview_id}/transcript.{kind}', '/health', '/api/v1/metrics'} <= set(routes)

    protected = sorted(path for path in routes if under_admin(path))
    assert len(protected) >= 5, protected
    for path in routes:
        url = concrete(path, interview)
        response = await user.http_client.get(url, headers={'accept': 'text/html'})
        assert response.status_code < 500, (url, response.status_code, response.text[:500])
        if under_admin(path):
            assert response.is_redirect, (url, response.status_code)
            target = urlsplit(response.headers['location'])
            assert target.path == '/admin/login', (url, response.headers['location'])
            assert parse_qs(target.query)['next'] == [url]  # and back to the page after logging in

    public = {path for path in pages if not under_admin(path)}
    assert public <= set(PUBLIC_PAGES), f'pages neither under {PROTECTED_PREFIXES} nor in PUBLIC_PAGES: ' \
                                        f'{sorted(public - set(PUBLIC_PAGES))}'

    await login(user)  # the same requests with the session are let through: the redirects above were the guard's
    for path in protected:
        url = concrete(path, interview)
        response = await user.http_client.get(url, headers={'accept': 'text/html'})
        assert response.status_code == 200, (url, response.status_code, response.headers.get('location'))
