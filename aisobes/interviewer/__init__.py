"""AI HR: a structured interviewer that leads the conversation and writes an evidence-based report.

    InterviewerService  subscribes to the live rooms, takes the AI's turns (engine.py)
    build_report        the recruiter's report of a finished interview (report.py)
    render_report_text  the report as text for the TXT transcript (report_text.py)
"""
from .engine import InterviewerService, make_brain
from .report import build_report
from .report_text import render_report_text

__all__ = ['InterviewerService', 'build_report', 'make_brain', 'render_report_text']
