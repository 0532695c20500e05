"""The interview report as a PDF the recruiter can file or forward: candidate, position, times, the plan, each
competency with its status and verbatim evidence, strengths, risks, the advisory recommendation and the recruiter's
decision with its note.

Made with fpdf2 (pure Python, no system libraries) and an embedded TrueType font with Cyrillic (DejaVu Sans, Debian's
fonts-dejavu-core), so the text is real text: searchable, copyable, extractable. Read defensively: a report from
another brain or version, an interview without a plan or a decision, any part may be missing.
"""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .languages import normalize_language
from .models import Interview

FONT_DIRS = (Path('/usr/share/fonts/truetype/dejavu'), Path('/usr/share/fonts/dejavu'),
             Path('/usr/local/share/fonts/dejavu'))
FONT_FILES = {'': 'DejaVuSans.ttf', 'B': 'DejaVuSans-Bold.ttf'}

LABELS: dict[str, dict[str, str]] = {
    'ru': {'title': 'Отчёт об интервью', 'candidate': 'Кандидат', 'candidate_id': 'ID кандидата',
           'position': 'Позиция', 'created': 'Создано', 'started': 'Начато', 'finished': 'Завершено',
           'duration': 'Длительность', 'planned': 'Плановая длительность', 'minutes': '{n} мин', 'plan': 'План',
           'questions': 'Вопросы', 'rubric': 'Критерии', 'weight': 'Вес', 'competencies': 'Компетенции',
           'evidence': 'Цитаты кандидата', 'strengths': 'Сильные стороны', 'risks': 'Риски',
           'recommendation': 'Рекомендация ИИ', 'advisory': 'Рекомендация носит совещательный характер: решение '
           'принимает человек.', 'heuristic': 'Отчёт эвристический (без языковой модели).',
           'decision': 'Решение рекрутера', 'note': 'Комментарий', 'by': 'Кто',
           'no_decision': 'Решение ещё не принято.',
           'no_report': 'Отчёта ещё нет: интервью не завершено.',
           'confirmed': 'подтверждена', 'partial': 'частично', 'not_confirmed': 'не подтверждена',
           'not_assessed': 'не оценена', 'missing': 'Не раскрыто', 'quality': 'Качество данных',
           'recommend': 'рекомендовать', 'consider': 'рассмотреть', 'do_not_recommend': 'не рекомендовать',
           'advance': 'пригласить дальше', 'hold': 'отложить', 'reject': 'отказать', 'knowledge_base': 'База знаний'},
    'en': {'title': 'Interview report', 'candidate': 'Candidate', 'candidate_id': 'Candidate ID',
           'position': 'Position', 'created': 'Created', 'started': 'Started', 'finished': 'Finished',
           'duration': 'Duration', 'planned': 'Planned duration', 'minutes': '{n} min', 'plan': 'Plan',
           'questions': 'Questions', 'rubric': 'Rubric', 'weight': 'Weight', 'competencies': 'Competencies',
           'evidence': "Candidate's words", 'strengths': 'Strengths', 'risks': 'Risks',
           'recommendation': 'AI recommendation', 'advisory': 'The recommendation is advisory: a person makes the '
           'decision.', 'heuristic': 'Heuristic report (no language model).',
           'decision': "Recruiter's decision", 'note': 'Note', 'by': 'By', 'no_decision': 'No decision yet.',
           'no_report': 'No report yet: the interview is not finished.',
           'confirmed': 'confirmed', 'partial': 'partial', 'not_confirmed': 'not confirmed',
           'not_assessed': 'not assessed', 'missing': 'Not shown', 'quality': 'Data quality',
           'recommend': 'recommend', 'consider': 'consider', 'do_not_recommend': 'do not recommend',
           'advance': 'advance', 'hold': 'hold', 'reject': 'reject', 'knowledge_base': 'Knowledge base'},
}


class FontMissing(RuntimeError):
    """The PDF font is not installed (apt-get install fonts-dejavu-core): a fault of the server, not of the input."""


def font_paths() -> dict[str, Path]:
    for directory in FONT_DIRS:
        paths = {style: directory / name for style, name in FONT_FILES.items()}
        if all(path.exists() for path in paths.values()):
            return paths
    raise FontMissing('The PDF font DejaVu Sans is not installed (apt-get install fonts-dejavu-core)')


def render_pdf(interview: Interview) -> bytes:
    """The report of `interview` as PDF bytes (blocking: call it off the event loop)."""
    lang = normalize_language(interview.language).value
    doc = _Doc(LABELS.get(lang, LABELS['en']))
    doc.build(interview)
    return bytes(doc.pdf.output())


class _Doc:
    def __init__(self, labels: dict[str, str]) -> None:
        self.L = labels
        pdf = FPDF(format='A4')
        pdf.set_auto_page_break(True, margin=15)
        for style, path in font_paths().items():
            pdf.add_font('DejaVu', style, str(path))
        pdf.set_title(labels['title'])
        pdf.add_page()
        self.pdf = pdf

    def build(self, interview: Interview) -> None:
        L = self.L
        self.text(L['title'], size=18, bold=True, gap=2)
        self.fact(L['candidate'], interview.candidate_name)
        self.fact(L['candidate_id'], interview.candidate_id)
        self.fact(L['position'], interview.position)
        self.fact(L['created'], _when(interview.created_at))
        self.fact(L['started'], _when(interview.started_at))
        self.fact(L['finished'], _when(interview.finished_at))
        self.fact(L['planned'], L['minutes'].format(n=interview.recommended_duration))
        if interview.actual_duration is not None:
            self.fact(L['duration'], _clock(interview.actual_duration))
        self._plan(interview)
        report = interview.report if isinstance(interview.report, dict) else None
        if report is None:
            self.heading(L['recommendation'])
            self.text(L['no_report'])
        else:
            self._report(report)
        self._decision(getattr(interview, 'decision', None))

    # --- sections -----------------------------------------------------------------------------------------------

    def _plan(self, interview: Interview) -> None:
        plan = [c for c in getattr(interview, 'competencies', None) or [] if isinstance(c, dict)]
        if plan:
            self.heading(self.L['plan'])
            for item in plan:
                weight = item.get('weight')
                self.text(f'{item.get("name", "")}' + (f' ({self.L["weight"]} {weight})' if weight else ''),
                          bold=True)
                for question in item.get('questions') or []:
                    self.text(f'• {question}', indent=5)
                if item.get('rubric'):
                    self.text(f'{self.L["rubric"]}: {item["rubric"]}', indent=5, size=9)
        elif interview.knowledge_base.strip():
            self.heading(self.L['knowledge_base'])
            self.text(interview.knowledge_base.strip(), size=9)

    def _report(self, report: dict[str, Any]) -> None:
        L = self.L
        competencies = [c for c in report.get('competencies') or [] if isinstance(c, dict)]
        if competencies:
            self.heading(L['competencies'])
            for item in competencies:
                status = str(item.get('status') or '')
                self.text(f'{item.get("name", "")}: {L.get(status, status)}', bold=True)
                if item.get('rationale'):
                    self.text(str(item['rationale']), indent=5, size=9)
                covered = [c for c in item.get('covered') or [] if isinstance(c, dict) and c.get('quote')]
                for point in covered:
                    self.text(f'{point.get("point", "")}: «{point["quote"]}»', indent=5, size=9)
                shown = {point['quote'] for point in covered}
                quotes = [e for e in item.get('evidence') or [] if isinstance(e, dict) and e.get('quote')]
                for quote in quotes:
                    if quote['quote'] not in shown:
                        self.text(f'«{quote["quote"]}»', indent=5, size=9)
                missing = [str(point) for point in item.get('missing') or [] if point]
                if missing:
                    self.text(f'{L["missing"]}: {", ".join(missing)}', indent=5, size=9)
        for key in ('strengths', 'risks'):
            items = [str(i) for i in report.get(key) or [] if i]
            if items:
                self.heading(L[key])
                for item in items:
                    self.text(f'• {item}', indent=3)
        self.heading(L['recommendation'])
        recommendation = str(report.get('recommendation') or '—')
        self.text(L.get(recommendation, recommendation), bold=True)
        self.text(L['advisory'], size=9)
        if report.get('heuristic'):
            self.text(L['heuristic'], size=9)
        quality = report.get('quality')
        notes = [str(n) for n in quality.get('notes') or [] if n] if isinstance(quality, dict) else []
        if notes:
            self.heading(L['quality'])
            for note in notes:
                self.text(f'• {note}', indent=3, size=9)

    def _decision(self, decision: Any) -> None:
        L = self.L
        self.heading(L['decision'])
        if not isinstance(decision, dict) or not decision.get('decision'):
            self.text(L['no_decision'])
            return
        kind = str(decision['decision'])
        self.text(L.get(kind, kind), bold=True)
        if decision.get('by') or decision.get('at'):
            self.text(f'{L["by"]}: {decision.get("by") or "—"}, {_when(_parse(decision.get("at")))}', size=9)
        if decision.get('note'):
            self.text(f'{L["note"]}: {decision["note"]}')

    # --- drawing ------------------------------------------------------------------------------------------------

    def heading(self, text: str) -> None:
        self.pdf.ln(3)
        self.text(text, size=13, bold=True, gap=1)

    def fact(self, label: str, value: str) -> None:
        self.text(f'{label}: {value or "—"}')

    def text(self, text: str, *, size: float = 11, bold: bool = False, indent: float = 0, gap: float = 0) -> None:
        pdf = self.pdf
        pdf.set_font('DejaVu', 'B' if bold else '', size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.w - pdf.r_margin - pdf.l_margin - indent, size * 0.5, text, new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime('%Y-%m-%d %H:%M UTC') if value else '—'


def _parse(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _clock(seconds: int) -> str:
    minutes, second = divmod(max(0, int(seconds)), 60)
    return f'{minutes:02d}:{second:02d}'
