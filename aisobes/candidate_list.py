"""A list of candidates pasted or uploaded as CSV: one `name, id` per line (comma, semicolon or tab; quotes as CSV has
them; an optional header line). Every bad line is reported with its number and what is wrong, and a list with any bad
line gives no candidates at all, so that nothing is created from half a list."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError

from .vacancy_schemas import MAX_CANDIDATES, CandidateIn

HEADER_NAMES = {'name', 'candidate_name', 'candidate', 'имя', 'фио', 'кандидат'}


class RowProblem(StrEnum):
    COLUMNS = 'columns'  # not two columns
    NAME = 'name'  # empty or longer than 200
    ID = 'id'  # empty or longer than 100
    DUPLICATE = 'duplicate'  # the same candidate id twice in the list
    TOO_MANY = 'too_many'
    EMPTY = 'empty'  # no candidate at all


@dataclass(frozen=True)
class RowError:
    line: int  # 1-based line of the text (0: the whole list)
    problem: RowProblem


def parse_candidates(text: str) -> tuple[list[CandidateIn], list[RowError]]:
    """(candidates, []) when every line is good, else ([], the errors)."""
    lines = text.lstrip('\ufeff').splitlines()
    delimiter = _delimiter(next((line for line in lines if line.strip()), ''))
    candidates: list[CandidateIn] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in next(csv.reader(io.StringIO(line), delimiter=delimiter), [])]
        while cells and not cells[-1]:
            cells.pop()
        if not candidates and not errors and cells and cells[0].lower() in HEADER_NAMES:
            continue  # the header line
        if len(cells) != 2:
            errors.append(RowError(number, RowProblem.COLUMNS))
            continue
        try:
            candidate = CandidateIn(candidate_name=cells[0], candidate_id=cells[1])
        except ValidationError as e:
            field = e.errors()[0]['loc'][0]
            errors.append(RowError(number, RowProblem.NAME if field == 'candidate_name' else RowProblem.ID))
            continue
        if candidate.candidate_id in seen:
            errors.append(RowError(number, RowProblem.DUPLICATE))
            continue
        seen.add(candidate.candidate_id)
        candidates.append(candidate)
    if not errors and not candidates:
        errors.append(RowError(0, RowProblem.EMPTY))
    if len(candidates) > MAX_CANDIDATES:
        errors.append(RowError(0, RowProblem.TOO_MANY))
    return ([], errors) if errors else (candidates, [])


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in ('\t', ';', ',')}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ','
