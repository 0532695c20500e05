"""Design tokens and the shared page layout: every colour of the UI lives here, every page is built in `frame()`."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from nicegui import ui

from aisobes.models import Status

from .i18n import Texts

E = TypeVar('E', bound=ui.element)


class colors:  # noqa: N801 -- a namespace of constants, used like a module: colors.PRIMARY
    PAGE = '#0a0a0a'
    SURFACE = '#1a1a1a'
    RAISED = '#2a2a2a'
    TEXT = '#ffffff'
    MUTED = '#a1a1aa'
    PRIMARY = '#8b5cf6'
    PRIMARY_DARK = '#7c3aed'
    AMBER = '#f59e0b'
    RED = '#ef4444'
    GREEN = '#22c55e'
    BLUE = '#38bdf8'


STATUS_COLORS = {Status.NOT_STARTED: colors.MUTED, Status.STARTED: colors.GREEN, Status.FINISHED: colors.PRIMARY}

CSS = f'''
:root {{ --ai-page: {colors.PAGE}; --ai-surface: {colors.SURFACE}; --ai-raised: {colors.RAISED};
  --ai-muted: {colors.MUTED}; --ai-primary: {colors.PRIMARY}; --ai-primary-dark: {colors.PRIMARY_DARK};
  --ai-amber: {colors.AMBER}; --ai-red: {colors.RED}; --ai-green: {colors.GREEN}; }}
body {{ background: var(--ai-page); color: {colors.TEXT}; }}
.nicegui-content {{ padding: 0; }}
.ai-card {{ background: var(--ai-surface); border: 1px solid var(--ai-raised); border-radius: 16px; }}
.ai-raised {{ background: var(--ai-raised); border-radius: 12px; }}
.ai-muted {{ color: var(--ai-muted); }}
.ai-primary {{ color: var(--ai-primary); }}
.ai-amber {{ color: var(--ai-amber) !important; }}
.ai-red {{ color: var(--ai-red) !important; }}
.ai-green {{ color: var(--ai-green); }}
.ai-header {{ background: var(--ai-page); border-bottom: 1px solid var(--ai-raised); }}
.ai-logo {{ font-weight: 700; letter-spacing: .02em; }}
.ai-logo-dot {{ width: 12px; height: 12px; border-radius: 50%;
  background: linear-gradient(135deg, var(--ai-primary), var(--ai-primary-dark)); }}
.ai-badge {{ border-radius: 999px; padding: 2px 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }}
.ai-tile {{ background: var(--ai-surface); border: 1px solid var(--ai-raised); border-radius: 16px;
  position: relative; overflow: hidden; aspect-ratio: 16 / 9; }}
.ai-tile video {{ width: 100%; height: 100%; object-fit: cover; }}
.ai-avatar {{ width: 72px; height: 72px; border-radius: 50%; display: flex; align-items: center;
  justify-content: center; background: linear-gradient(135deg, var(--ai-primary), var(--ai-primary-dark));
  transition: box-shadow .2s; }}
.ai-avatar.speaking {{ box-shadow: 0 0 0 6px rgba(139, 92, 246, .35), 0 0 0 12px rgba(139, 92, 246, .15);
  animation: ai-pulse 1.2s ease-in-out infinite; }}
@media (max-width: 640px) {{ .ai-avatar {{ width: 44px; height: 44px; }}
  .ai-avatar .q-icon {{ font-size: 24px !important; }} }}
@keyframes ai-pulse {{ 50% {{ box-shadow: 0 0 0 10px rgba(139, 92, 246, .25), 0 0 0 18px rgba(139, 92, 246, .08); }} }}
.ai-bubble {{ border-radius: 14px; padding: 8px 12px; max-width: 85%; white-space: pre-wrap;
  overflow-wrap: anywhere; }}
.ai-bubble-candidate {{ background: var(--ai-primary-dark); }}
.ai-bubble-ai_hr {{ background: var(--ai-raised); }}
.ai-bubble-recruiter {{ background: #1e293b; border: 1px solid #334155; }}
.ai-bubble.self-end {{ border-bottom-right-radius: 4px; }}
.ai-bubble.self-start {{ border-bottom-left-radius: 4px; }}
.ai-timer {{ font-variant-numeric: tabular-nums; font-weight: 600; }}
.ai-meter .q-linear-progress__track {{ opacity: .25; }}
.q-field--dark .q-field__control {{ background: var(--ai-raised) !important; border-radius: 10px; }}
a.ai-link {{ color: var(--ai-primary); text-decoration: none; }}
'''


@dataclass
class Frame:
    header_right: ui.row
    content: ui.column


@contextmanager
def frame(t: Texts, *, title: str = '', admin: bool = False, wide: bool = False,
          padded: bool = True) -> Iterator[Frame]:
    """The shared layout: colours, a slim header with the logo (admin navigation when `admin`), a content column.

    `header_right` is a row at the right of the header for page-specific controls (the room's timer and Finish).
    """
    ui.colors(primary=colors.PRIMARY, secondary=colors.PRIMARY_DARK, accent=colors.PRIMARY, dark=colors.SURFACE,
              dark_page=colors.PAGE, positive=colors.GREEN, negative=colors.RED, warning=colors.AMBER,
              info=colors.BLUE)
    ui.dark_mode(True)
    ui.add_css(CSS)
    ui.page_title(f'{title} · aisobes' if title else 'aisobes')
    with ui.header().classes('ai-header items-center gap-3 px-4 py-2 no-wrap'):
        with ui.link(target='/admin' if admin else '#').classes('no-underline text-white row items-center gap-2'):
            ui.element('div').classes('ai-logo-dot')
            ui.label('aisobes').classes('ai-logo text-lg')
        if admin:
            with ui.row().classes('gap-1 items-center max-sm:hidden'):
                for label, target in ((t('nav.interviews'), '/admin'), (t('nav.new'), '/admin/new'),
                                      (t('nav.demo'), '/test')):
                    ui.link(label, target).classes('ai-muted no-underline px-2 hover:text-white')
        ui.space()
        header_right = ui.row().classes('items-center gap-2 no-wrap')
        if admin:
            with header_right:
                with ui.button(icon='menu').props('flat round dense').classes('sm:hidden'):
                    with ui.menu():
                        ui.menu_item(t('nav.interviews'), lambda: ui.navigate.to('/admin'))
                        ui.menu_item(t('nav.new'), lambda: ui.navigate.to('/admin/new'))
                        ui.menu_item(t('nav.demo'), lambda: ui.navigate.to('/test'))
                ui.button(icon='logout', on_click=lambda: ui.navigate.to('/admin/logout')) \
                    .props('flat round dense').tooltip(t('nav.logout')).mark('admin-logout')
    classes = 'w-full mx-auto gap-4 ' + ('max-w-6xl ' if wide else 'max-w-3xl ') + ('p-4' if padded else '')
    with ui.column().classes(classes) as content:
        yield Frame(header_right=header_right, content=content)


def testid(element: E, name: str) -> E:
    """A stable `data-testid` for the browser tests and the same marker for the NiceGUI `User` tests."""
    return element.props(f'data-testid={name}').mark(name)


def status_badge(t: Texts, status: str, element: ui.label | None = None) -> ui.label:
    """A pill with the interview status; pass `element` to restyle an existing badge."""
    badge = element or ui.label()
    color = STATUS_COLORS.get(status, colors.MUTED)
    badge.set_text(t(f'status.{status}'))
    badge.classes(replace='ai-badge')
    badge.style(replace=f'color: {color}; background: {color}22; border: 1px solid {color}55')
    return badge


def card() -> ui.column:
    return ui.column().classes('ai-card p-4 gap-3 w-full')
