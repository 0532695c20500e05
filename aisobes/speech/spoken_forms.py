"""How Russian speakers say common technical terms, and a rough Latin -> Cyrillic rendering for the others.

The first spoken form of each term goes into Whisper's prompt; all of them (with their case endings) are matched
by `terms.TermCorrector`. Add a term here when interviews use it often and the transliteration misses how it is said.
"""
from __future__ import annotations

KNOWN: dict[str, tuple[str, ...]] = {
    'Python': ('пайтон', 'питон'),
    'PostgreSQL': ('постгрес', 'постгре', 'постгрескуэль', 'постгрес кью эль'),
    'Postgres': ('постгрес', 'постгре'),
    'MySQL': ('май эс кью эль', 'майскуль', 'мускул'),
    'SQL': ('эс кью эль', 'сиквел'),
    'Kubernetes': ('кубернетес', 'кубер', 'кубернетис'),
    'Docker': ('докер',),
    'Kafka': ('кафка',),
    'RabbitMQ': ('рэббит эм кью', 'рэббит', 'реббит', 'рэбит эм кью', 'раббит'),
    'Redis': ('редис',),
    'GitLab': ('гитлаб', 'гит лаб'),
    'GitHub': ('гитхаб', 'гит хаб'),
    'Grafana': ('графана',),
    'Prometheus': ('прометеус', 'прометей'),
    'Kibana': ('кибана',),
    'Elasticsearch': ('эластиксёрч', 'эластик', 'эластик сёрч'),
    'ClickHouse': ('кликхаус', 'клик хаус'),
    'MongoDB': ('монго', 'монга', 'монгодиби'),
    'Django': ('джанго',),
    'FastAPI': ('фаст апи', 'фастапи'),
    'Flask': ('фласк',),
    'Celery': ('селери', 'сельдерей'),
    'Java': ('джава',),
    'Kotlin': ('котлин',),
    'JavaScript': ('джаваскрипт', 'джава скрипт'),
    'TypeScript': ('тайпскрипт', 'тайп скрипт'),
    'React': ('реакт',),
    'Golang': ('голанг', 'гоу'),
    'Go': ('гоу', 'голанг'),
    'Terraform': ('терраформ',),
    'Ansible': ('ансибл',),
    'Jenkins': ('дженкинс',),
    'Nginx': ('энджинкс', 'нжинкс', 'нгинкс'),
    'Linux': ('линукс',),
    'GraphQL': ('графкуэль', 'граф кью эль'),
    'gRPC': ('джи ар пи си', 'гэ эр пэ цэ'),
    'REST': ('рест',),
    'CI/CD': ('си ай си ди', 'сиай сиди'),
    'Airflow': ('эйрфлоу', 'эирфлоу'),
    'Spark': ('спарк',),
    'Hadoop': ('хадуп',),
    'AWS': ('эй даблью эс', 'авс'),
    'Helm': ('хелм',),
    'Istio': ('истио',),
    'Jira': ('джира',),
    'Git': ('гит',),
    'C++': ('си плюс плюс', 'плюсы'),
    'C#': ('си шарп',),
    'pytest': ('пайтест',),
    'asyncio': ('асинкио', 'асинк ай оу'),
    'OpenShift': ('опеншифт',),
    'Microservices': ('микросервисы',),
}

_DIGRAPHS = [('sch', 'ш'), ('sh', 'ш'), ('ch', 'ч'), ('th', 'т'), ('ph', 'ф'), ('kh', 'х'), ('zh', 'ж'),
             ('ck', 'к'), ('qu', 'кв'), ('oo', 'у'), ('ee', 'и'), ('ea', 'и'), ('ou', 'ау'), ('ai', 'эй'),
             ('ay', 'эй'), ('oy', 'ой'), ('ey', 'эй'), ('ts', 'ц'), ('tz', 'ц'), ('ya', 'я'), ('yu', 'ю')]
_LETTERS = dict(zip('abcdefghijklmnopqrstuvwxyz', ['а', 'б', 'к', 'д', 'е', 'ф', 'г', 'х', 'и', 'дж', 'к', 'л', 'м',
                                                   'н', 'о', 'п', 'к', 'р', 'с', 'т', 'у', 'в', 'в', 'кс', 'и', 'з'],
                    strict=True))


def latin_to_cyrillic(word: str) -> str:
    """A reading of a Latin word as a Russian speaker would likely say it: Redis -> редис, Grafana -> графана."""
    word = word.lower()
    out, i = [], 0
    while i < len(word):
        for latin, cyrillic in _DIGRAPHS:
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(_LETTERS.get(word[i], '' if not word[i].isalnum() else word[i]))
            i += 1
    return ''.join(out)
