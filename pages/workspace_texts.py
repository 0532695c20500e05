"""Texts of the recruiter workspace (audit log, PDF report, retention, the candidate's notice), kept apart from the
main tables so that they merge easily; `pages.i18n` adds them to each language."""
from __future__ import annotations

RU = {
    'nav.audit': 'Журнал',
    'audit.title': 'Журнал действий',
    'audit.actor': 'Кто',
    'audit.action': 'Действие',
    'audit.target': 'Объект',
    'audit.at': 'Когда',
    'audit.ip': 'IP',
    'audit.all': 'Все действия',
    'audit.empty': 'Записей нет',
    'audit.more': 'Показано {shown} из {total}',
    'admin.pdf': 'PDF',
    'admin.erase_at': 'Будет удалено по сроку хранения: {date}',
    'admin.human_requested': 'Кандидат попросил интервьюера-человека',
    'list.human_requested': 'Просит человека',
    'lobby.ai_notice': 'Интервью проводит ИИ-интервьюер. Он готовит для рекрутера отчёт, который носит '
                       'рекомендательный характер: решение о найме принимает человек.',
    'lobby.prefer_human': 'Я предпочитаю интервьюера-человека',
    'lobby.human_sent': 'Ваша просьба передана рекрутеру. Он свяжется с вами, чтобы договориться об интервью с '
                        'человеком. Вы можете закрыть страницу или всё же пройти интервью с ИИ сейчас.',
}

EN = {
    'nav.audit': 'Audit log',
    'audit.title': 'Audit log',
    'audit.actor': 'Who',
    'audit.action': 'Action',
    'audit.target': 'Object',
    'audit.at': 'When',
    'audit.ip': 'IP',
    'audit.all': 'All actions',
    'audit.empty': 'No entries',
    'audit.more': 'Showing {shown} of {total}',
    'admin.pdf': 'PDF',
    'admin.erase_at': 'Will be erased by the retention rule on {date}',
    'admin.human_requested': 'The candidate asked for a human interviewer',
    'list.human_requested': 'Wants a human',
    'lobby.ai_notice': 'An AI interviewer conducts this interview. It prepares an advisory report for the recruiter: '
                       'a person makes the hiring decision.',
    'lobby.prefer_human': "I'd prefer a human interviewer",
    'lobby.human_sent': 'Your request has been passed to the recruiter, who will contact you to arrange an '
                        'interview with a person. You may close this page, or still take the AI interview now.',
}
