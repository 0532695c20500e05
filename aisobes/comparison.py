"""The candidates of a vacancy side by side: one row per interview, read defensively from the report (a report of
another brain or version may miss any part) and from the recruiter's decision (the AI HR issue's column)."""
from __future__ import annotations

from typing import Any

from .models import Interview
from .vacancy_schemas import CandidateRow


def candidate_row(interview: Interview) -> CandidateRow:
    report: dict[str, Any] = interview.report if isinstance(interview.report, dict) else {}
    competencies = {str(item['name']): str(item.get('status') or '') for item in report.get('competencies') or []
                    if isinstance(item, dict) and item.get('name')}
    decision = getattr(interview, 'decision', None)
    if isinstance(decision, dict):
        decision = decision.get('decision')
    return CandidateRow(interview_id=interview.id, candidate_name=interview.candidate_name,
                        candidate_id=interview.candidate_id, status=interview.status,
                        recommendation=report.get('recommendation') or None,
                        decision=str(decision) if decision else None, competencies=competencies,
                        human_requested=interview.human_requested_at is not None)


def competency_names(rows: list[CandidateRow], plan: list[dict[str, Any]] | None = None) -> list[str]:
    """The comparison's columns: the plan's competencies first, in order, then any other a report judged."""
    names = [str(item['name']) for item in plan or [] if isinstance(item, dict) and item.get('name')]
    for row in rows:
        names.extend(name for name in row.competencies if name not in names)
    return names
