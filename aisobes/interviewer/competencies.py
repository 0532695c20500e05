"""Which 5–7 competencies an interview covers, taken from the knowledge base, else from the position and the
description, topped up with sensible defaults in the interview's language.

The knowledge base is free text written by a recruiter; the usual shapes are handled: bullet or numbered lists,
one skill per line, comma- or semicolon-separated skills, and `Heading: a, b, c` lines (a section heading such as
"Requirements:" is dropped, any other head becomes the competency and the rest its keywords).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..languages import Language, normalize_language

MIN_COMPETENCIES = 5
MAX_COMPETENCIES = 7
MAX_NAME_CHARS = 80

_BULLET = re.compile(r'^\s*(?:[-*•·–—▪●○+>]+|\d{1,2}[.)]|[a-zа-я][.)])\s+', re.IGNORECASE)
_WORD = re.compile(r'[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё0-9+#.\-]*[A-Za-zА-Яа-яЁё0-9+#]|[A-Za-zА-Яа-яЁё]')

# Section headings a recruiter writes above a list; they are not competencies themselves.
_HEADINGS = {
    'requirements', 'required', 'skills', 'key skills', 'hard skills', 'soft skills', 'must have', 'nice to have',
    'responsibilities', 'duties', 'stack', 'tech stack', 'technologies', 'competencies', 'we expect', 'you have',
    'tasks', 'plus', 'bonus', 'will be a plus', 'qualifications', 'experience',
    'требования', 'навыки', 'ключевые навыки', 'обязанности', 'задачи', 'стек', 'технологии', 'компетенции',
    'будет плюсом', 'плюсом будет', 'мы ожидаем', 'ожидаем', 'что нужно', 'опыт', 'знания', 'условия',
}

_STOPWORDS = {
    'and', 'or', 'the', 'with', 'for', 'of', 'in', 'on', 'to', 'a', 'an', 'at', 'as', 'by', 'from', 'years', 'year',
    'experience', 'knowledge', 'skills', 'good', 'strong', 'understanding', 'ability', 'work', 'working', 'using',
    'и', 'или', 'с', 'со', 'в', 'во', 'на', 'по', 'для', 'от', 'до', 'из', 'к', 'о', 'об', 'а', 'не', 'лет', 'года',
    'год', 'опыт', 'знание', 'знания', 'умение', 'навыки', 'навык', 'работы', 'работа', 'хорошее', 'уверенное',
    'понимание', 'владение', 'опытом',
}


@dataclass(frozen=True)
class Competency:
    name: str
    keywords: tuple[str, ...]  # lower-case terms an answer on this competency is likely to use
    questions: tuple[str, ...] = ()  # the recruiter's must-ask questions, asked verbatim and in order
    rubric: tuple[str, ...] = ()  # what a strong answer shows, one point each
    weight: int = 1  # 1-3: share of the competency time and of the recommendation

    @property
    def points(self) -> tuple[str, ...]:
        """What the answers are judged against: the recruiter's rubric, else the competency's own terms."""
        return self.rubric or self.keywords


def from_recruiter(items: list[dict]) -> list[Competency]:
    """The recruiter's competencies (validated by schemas.CompetencyIn) as the plan's competencies."""
    from .understanding import rubric_points
    result = []
    for item in items:
        name = ' '.join(str(item['name']).split())
        rubric = tuple(rubric_points(item.get('rubric') or ''))
        result.append(Competency(name=name, keywords=keywords_of(name), questions=tuple(item.get('questions') or ()),
                                 rubric=rubric, weight=int(item.get('weight') or 1)))
    return result


def competencies_for(knowledge_base: str, position: str, description: str, language: str) -> list[Competency]:
    """5–7 competencies, in the order the recruiter listed them."""
    found = parse_competencies(knowledge_base or '')
    if not found:
        found = _from_position(position, language) + parse_competencies(_list_lines(description or ''))
    found = _unique(found)[:MAX_COMPETENCIES]
    for default in _defaults(language):
        if len(found) >= MIN_COMPETENCIES:
            break
        if all(default.name.lower() != c.name.lower() for c in found):
            found.append(default)
    return found


def parse_competencies(text: str) -> list[Competency]:
    """One competency per listed skill; when that makes more than 7, one per line (its skills together)."""
    groups = [group for group in (_parse_line(raw) for raw in text.splitlines()) if group]
    flat = _unique([item for group in groups for item in group])
    if len(flat) <= MAX_COMPETENCIES:
        return flat
    return _unique([group[0] if len(group) == 1 else _merge(group) for group in groups])


def keywords_of(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for raw in _WORD.findall(text):
        word = raw.lower().strip('.-')
        if word and word not in _STOPWORDS and (len(word) >= 3 or _looks_technical(raw)):
            seen.setdefault(word, None)
    return tuple(seen)


# --- helpers ---------------------------------------------------------------------------------------------------

def _parse_line(raw: str) -> list[Competency]:
    line = _BULLET.sub('', raw).strip().strip('.').strip()
    if not line or line.endswith(':'):
        return []
    head, sep, rest = line.partition(':')
    if sep and len(head) <= 40 and rest.strip():
        if head.strip().lower() in _HEADINGS:
            return [_competency(item) for item in _split_items(rest)]
        return [_competency(head, extra=rest)]
    items = _split_items(line)
    if len(items) > 1 and all(len(item) <= 60 for item in items):
        return [_competency(item) for item in items]
    return [_competency(line)]


def _merge(group: list[Competency]) -> Competency:
    merged = _competency(', '.join(c.name for c in group))
    keywords = tuple(dict.fromkeys(k for c in group for k in c.keywords))
    return Competency(name=merged.name, keywords=keywords)


def _competency(name: str, extra: str = '') -> Competency:
    name = ' '.join(name.split())
    if len(name) > MAX_NAME_CHARS:
        name = name[:MAX_NAME_CHARS].rsplit(' ', 1)[0] + '…'
    return Competency(name=name, keywords=keywords_of(f'{name} {extra}'))


def _split_items(text: str) -> list[str]:
    # a comma inside parentheses belongs to the item: "SQL (PostgreSQL, MySQL)"
    items, depth, current = [], 0, ''
    for ch in text:
        depth += ch == '(' or ch == '['
        depth -= (ch == ')' or ch == ']') and depth > 0
        if ch in ',;' and depth == 0:
            items.append(current)
            current = ''
        else:
            current += ch
    items.append(current)
    return [item.strip().strip('.').strip() for item in items if item.strip().strip('.').strip()]


def _list_lines(text: str) -> str:
    """Only the list-shaped lines of a prose description (bullets or short comma lists), not its sentences."""
    return '\n'.join(line for line in text.splitlines() if _BULLET.match(line))


def _looks_technical(word: str) -> bool:
    """Short words worth keeping: C#, Go, R, QA, UI, k8s."""
    return any(ch.isdigit() or ch in '+#' for ch in word) or (word.isupper() and len(word) > 1) \
        or word.lower() in {'go', 'c', 'r'}


def _unique(items: list[Competency]) -> list[Competency]:
    seen: set[str] = set()
    result = []
    for item in items:
        key = item.name.lower()
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def _from_position(position: str, language: str) -> list[Competency]:
    lower = (position or '').lower()
    ru = normalize_language(language) == Language.RU
    result = []
    if position.strip():
        result.append(_competency(f'Профессиональный опыт: {position.strip()}' if ru
                                  else f'Professional experience: {position.strip()}'))
    for markers, ru_names, en_names in _ROLE_FAMILIES:
        if any(re.search(r'(?<![a-zа-яё])' + re.escape(marker), lower) for marker in markers):
            result += [_competency(name) for name in (ru_names if ru else en_names)]
            break
    return result


def _defaults(language: str) -> list[Competency]:
    names = _DEFAULTS_RU if normalize_language(language) == Language.RU else _DEFAULTS_EN
    return [_competency(name) for name in names]


_DEFAULTS_RU = ['Решение проблем', 'Коммуникация и работа в команде', 'Ответственность и самоорганизация',
                'Обучаемость', 'Мотивация и ожидания от роли', 'Опыт в профессии']
_DEFAULTS_EN = ['Problem solving', 'Communication and teamwork', 'Ownership and self-organisation',
                'Learning ability', 'Motivation and expectations of the role', 'Professional experience']

_ROLE_FAMILIES = [
    (('frontend', 'front-end', 'фронтенд', 'react', 'vue', 'angular'),
     ['JavaScript/TypeScript', 'Фреймворк интерфейса и архитектура фронтенда', 'Производительность и доступность'],
     ['JavaScript/TypeScript', 'UI framework and front-end architecture', 'Performance and accessibility']),
    (('devops', 'sre', 'инфраструкт', 'platform'),
     ['CI/CD', 'Контейнеры и оркестрация', 'Мониторинг и инциденты'],
     ['CI/CD', 'Containers and orchestration', 'Monitoring and incidents']),
    (('data', 'analyst', 'аналитик', 'данн', 'machine learning'),
     ['SQL и работа с данными', 'Статистика и анализ', 'Визуализация и выводы для бизнеса'],
     ['SQL and data handling', 'Statistics and analysis', 'Visualisation and business insights']),
    (('qa', 'test', 'тестиров'),
     ['Тест-дизайн', 'Автоматизация тестирования', 'Работа с дефектами'],
     ['Test design', 'Test automation', 'Defect management']),
    (('developer', 'engineer', 'разработчик', 'программист', 'backend', 'бэкенд', 'python', 'java', 'golang'),
     ['Проектирование и архитектура', 'Качество кода и тестирование', 'Базы данных'],
     ['System design and architecture', 'Code quality and testing', 'Databases']),
    (('manager', 'менеджер', 'lead', 'лид', 'руководител', 'head'),
     ['Планирование и приоритизация', 'Управление командой', 'Работа со стейкхолдерами'],
     ['Planning and prioritisation', 'Leading a team', 'Stakeholder management']),
    (('design', 'дизайн'),
     ['Исследование пользователей', 'Визуальный и интерфейсный дизайн', 'Работа с разработкой'],
     ['User research', 'Visual and interaction design', 'Working with engineering']),
    (('sales', 'продаж', 'account manager', 'account executive'),
     ['Поиск и квалификация клиентов', 'Переговоры', 'Работа с возражениями'],
     ['Prospecting and qualification', 'Negotiation', 'Handling objections']),
]
