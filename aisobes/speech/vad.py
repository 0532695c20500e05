"""Streaming voice activity detection with the Silero VAD model that faster-whisper ships (ONNX).

faster-whisper runs the model over a whole file at once; a live stream arrives in small frames, so this class
feeds it the same way chunk by chunk: 512 samples (32 ms) per step, each prefixed by the last 64 samples of the
previous chunk, and the recurrent state (h, c) carried from one step to the next.
"""
from __future__ import annotations

import os

import numpy as np

CHUNK = 512  # samples at 16 kHz: 32 ms, the window the model was trained on
CONTEXT = 64


def silero_path() -> str:
    import faster_whisper
    return os.path.join(os.path.dirname(faster_whisper.__file__), 'assets', 'silero_vad_v6.onnx')


class SileroModel:
    """The ONNX session; one per process is enough (sessions are thread-safe, the state lives in StreamingVad)."""

    def __init__(self, path: str | None = None) -> None:
        import onnxruntime
        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        options.log_severity_level = 4
        self.session = onnxruntime.InferenceSession(path or silero_path(), providers=['CPUExecutionProvider'],
                                                    sess_options=options)


class StreamingVad:
    """Speech probability for each 32 ms chunk of a stream of arbitrary-sized float32 frames."""

    def __init__(self, model: SileroModel) -> None:
        self.model = model
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._pending = np.zeros(0, dtype=np.float32)

    def feed(self, audio: np.ndarray) -> list[tuple[np.ndarray, float]]:
        """Returns (chunk, probability) for every complete chunk; the remainder waits for the next frame."""
        pending = np.concatenate([self._pending, audio]) if self._pending.size else audio
        count = len(pending) // CHUNK
        self._pending = pending[count * CHUNK:].copy()
        if count == 0:
            return []
        chunks = pending[:count * CHUNK].reshape(count, CHUNK)
        contexts = np.concatenate([self._context[None], chunks[:-1, -CONTEXT:]])
        batch = np.concatenate([contexts, chunks], axis=1).astype(np.float32)
        # rows are consumed in order with the state carried across them, exactly as in faster_whisper/vad.py
        probs, self._h, self._c = self.model.session.run(None, {'input': batch, 'h': self._h, 'c': self._c})
        self._context = chunks[-1, -CONTEXT:].copy()
        return [(chunks[i], float(np.ravel(probs[i])[0])) for i in range(count)]
