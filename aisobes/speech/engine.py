"""faster-whisper, synchronously: load a model and transcribe one utterance. Runs in worker threads only.

Short utterances take a fast path. Whisper always pads its input to 30 s, so the encoder spends most of its time
on silence; CTranslate2 accepts a shorter window, and with at least `window` seconds (15 by default) the text is
the same for the short answers of an interview at a third of the cost (0.25 s instead of 0.8 s for 5 s of
speech on 2 cores). The language, when not given, is detected on the same encoder output. A looping result falls
back to faster-whisper's full pipeline (with its temperature fallback), as does audio longer than the window.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np

from .audio import SAMPLE_RATE
from .model_files import resolve_model
from .transcriber import Confidence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recognised:
    text: str | None  # None: the fast path found the text unreliable
    language: str | None
    confidence: Confidence | None = None

FRAMES_PER_SECOND = 100  # Whisper's mel frames
FULL_WINDOW = 3000
PREVIEW_WINDOW = 800  # frames: partial text while the candidate speaks only needs to be roughly right
TOKENS_PER_SECOND = 20  # generous even for Cyrillic (several tokens a word); bounds the cost of a decoding loop


class WhisperEngine:
    def __init__(self, model_name: str, *, cpu_threads: int, workers: int, window: float = 15.0,
                 compute_type: str = 'int8', beam_size: int = 1) -> None:
        from faster_whisper import WhisperModel

        started = time.monotonic()
        source = resolve_model(model_name)
        self.model = WhisperModel(source.name_or_path, device='cpu', compute_type=compute_type,
                                  cpu_threads=cpu_threads, num_workers=workers, files=source.files)
        self.load_seconds = time.monotonic() - started
        self.name = model_name
        self.origin = source.origin
        self.multilingual = self.model.model.is_multilingual
        self.window_frames = int(min(FULL_WINDOW, max(1.0, window) * FRAMES_PER_SECOND))
        self.beam_size = beam_size
        self._tokenizers: dict[str | None, object] = {}

    def transcribe(self, audio: np.ndarray, language: str | None, *, final: bool = True,
                   prompt: str = '') -> Recognised:
        """(text, language, confidence). A partial (`final=False`) is only a preview: it takes a smaller window and
        never the slow fallback. With `language` None the language is detected and returned. `prompt` is text
        Whisper takes as what came before (the interview's terms: it biases the spelling). Shared by the worker
        threads, so nothing about one call is kept on the engine."""
        if not self.multilingual:
            language = 'en'
        if language is None and not final:
            return Recognised('', None)  # no preview before the language is known
        if len(audio) < (self.window_frames / FRAMES_PER_SECOND - 1) * SAMPLE_RATE:
            result = self._short(audio, language, self.window_frames if final else PREVIEW_WINDOW, prompt)
            if result.text is not None or not final:
                return Recognised(result.text or '', result.language, result.confidence)
            log.info('short window gave no reliable text for %.1f s of audio: full pipeline', len(audio) / SAMPLE_RATE)
        return self._full(audio, language, prompt)

    def _full(self, audio: np.ndarray, language: str | None, prompt: str) -> Recognised:
        segments, info = self.model.transcribe(audio, language=language, beam_size=self.beam_size,
                                            condition_on_previous_text=False, without_timestamps=True,
                                            temperature=(0.0, 0.4, 0.8), initial_prompt=prompt or None,
                                            vad_filter=len(audio) > 30 * SAMPLE_RATE)
        segments = list(segments)
        text = ' '.join(s.text.strip() for s in segments).strip()
        if not segments:
            return Recognised(text, info.language)
        weights = [max(1, len(s.tokens)) for s in segments]
        mean = lambda values: sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)  # noqa: E731
        confidence = Confidence(avg_logprob=round(mean([s.avg_logprob for s in segments]), 3),
                                no_speech_prob=round(max(s.no_speech_prob for s in segments), 3),
                                compression_ratio=round(max(s.compression_ratio for s in segments), 3))
        return Recognised(text, info.language, confidence)

    def _short(self, audio: np.ndarray, language: str | None, window: int, prompt: str = '') -> Recognised:
        """One greedy decode over a shortened window, the language detected on the same encoder output when not
        given; the text is None when the result looks unreliable."""
        import ctranslate2
        from faster_whisper.transcribe import get_compression_ratio

        features = self.model.feature_extractor(audio)
        frames = min(FULL_WINDOW, max(window, features.shape[-1] + FRAMES_PER_SECOND))
        padded = np.zeros((features.shape[0], frames), dtype=np.float32)
        used = min(frames, features.shape[-1])
        padded[:, :used] = features[:, :used]
        encoded = self.model.model.encode(ctranslate2.StorageView.from_array(padded[None]), to_cpu=False)
        if language is None:
            token, _ = self.model.model.detect_language(encoded)[0][0]  # e.g. ('<|en|>', 0.97)
            language = token[2:-2]
        tokenizer = self._tokenizer(language)
        tokens = self._prompt_tokens(tokenizer, prompt)
        result = self.model.model.generate(
            encoded, [tokens], beam_size=self.beam_size,
            max_length=min(self.model.max_length, len(tokens) + min(self.model.max_length // 2,
                                         int(20 + TOKENS_PER_SECOND * len(audio) / SAMPLE_RATE))),
            return_scores=True, return_no_speech_prob=True,
            suppress_blank=True, suppress_tokens=self._suppress(tokenizer))[0]
        text = tokenizer.decode(result.sequences_ids[0]).strip()
        score = result.scores[0] if result.scores else 0.0
        length = len(result.sequences_ids[0])
        avg_logprob = score * length / (length + 1)  # as faster-whisper turns the normalised score into its mean
        ratio = get_compression_ratio(text) if text else 0.0
        confidence = Confidence(round(avg_logprob, 3), round(result.no_speech_prob, 3), round(ratio, 3))
        if result.no_speech_prob > 0.6 and avg_logprob < -1.0:
            return Recognised('', language, confidence)  # Whisper's own rule for "this was not speech"
        if text and ratio > 2.4:
            return Recognised(None, language)  # a loop ("s s s s ..."): the full pipeline with temperature fallback
        return Recognised(text, language, confidence)

    def _prompt_tokens(self, tokenizer, prompt: str) -> list[int]:
        """The decoder's start, as faster-whisper's `WhisperModel.get_prompt` builds it: the prompt's tokens after
        <|startofprev|> (at most half the context), then the start of transcript and no timestamps."""
        tokens: list[int] = []
        if prompt.strip():
            tokens = [tokenizer.sot_prev, *tokenizer.encode(' ' + prompt.strip())[-(self.model.max_length // 2 - 1):]]
        return tokens + list(tokenizer.sot_sequence) + [tokenizer.no_timestamps]

    def _tokenizer(self, language: str | None):
        tokenizer = self._tokenizers.get(language)
        if tokenizer is None:
            from faster_whisper.tokenizer import Tokenizer
            tokenizer = Tokenizer(self.model.hf_tokenizer, self.multilingual, task='transcribe', language=language)
            tokenizer._aisobes_suppress = None
            self._tokenizers[language] = tokenizer
        return tokenizer

    @staticmethod
    def _suppress(tokenizer) -> list[int]:
        if tokenizer._aisobes_suppress is None:
            from faster_whisper.transcribe import get_suppressed_tokens
            tokenizer._aisobes_suppress = get_suppressed_tokens(tokenizer, [-1])
        return tokenizer._aisobes_suppress
