"""AI HR: a structured interviewer that leads the conversation and writes an evidence-based report.

    engine.InterviewerService   subscribes to the live rooms, takes the AI's turns
    brain.Brain                 the contract of a brain (say a turn, write a report); brains.BRAINS lists them
    brains.report_builder       the report of a finished interview, from the brain in use
    report_text.render_report_text  the report as text for the TXT transcript
"""
