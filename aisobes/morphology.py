"""The Russian dictionary (pymorphy3 with the OpenCorpora dictionary), one instance for the whole process: the
answer understanding (aisobes.interviewer.morph) and the speech terms corrector (aisobes.speech.terms) share it.

Loading it takes about half a second and some 15 MB, so it is loaded once, off the event loop, at start-up
(`Services.start`); `analyzer()` before that loads it where it is called.
"""
from __future__ import annotations

import threading

import pymorphy3

_lock = threading.Lock()  # two threads asking at start-up (speech, understanding) load it once
_analyzer: pymorphy3.MorphAnalyzer | None = None


def analyzer() -> pymorphy3.MorphAnalyzer:
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                _analyzer = pymorphy3.MorphAnalyzer(lang='ru')
    return _analyzer


def preload() -> None:
    """Load the dictionary now (blocking: call it through a thread)."""
    analyzer()
