"""Audio helpers: PCM16 frames, WAV bytes and decoding any container PyAV understands.

Everything inside the speech package is float32 mono at 16 kHz, the rate Whisper and Silero VAD expect.
"""
from __future__ import annotations

import io
import wave
from typing import BinaryIO

import numpy as np

SAMPLE_RATE = 16_000


def pcm16_to_float(frame: bytes) -> np.ndarray:
    """Little-endian signed 16-bit samples -> float32 in [-1, 1). The caller checks the length is even."""
    return np.frombuffer(frame, dtype='<i2').astype(np.float32) / 32768.0


def float_to_pcm16(audio: np.ndarray) -> bytes:
    clipped = np.clip(audio, -1.0, 32767 / 32768)
    return (clipped * 32768.0).astype('<i2').tobytes()


def wav_bytes(audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> bytes:
    """A complete mono PCM16 WAV file in memory (what the remote Whisper protocol carries)."""
    buffer = io.BytesIO()
    with wave.open(buffer, 'wb') as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(float_to_pcm16(audio))
    return buffer.getvalue()


def decode_audio(source: bytes | BinaryIO | str) -> np.ndarray:
    """Decode any container and codec PyAV reads (WAV, WebM/Opus, Ogg, MP3, ...) to float32 mono 16 kHz.

    Raises ValueError for input that is not audio, so that callers can answer the sender instead of crashing."""
    import av  # imported late: only the whisper endpoint and the tests need it
    from faster_whisper.audio import decode_audio as _decode

    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(bytes(source))
    try:
        audio = _decode(source, sampling_rate=SAMPLE_RATE)
    except (av.FFmpegError, IndexError, StopIteration, ValueError) as e:  # IndexError: no audio stream
        raise ValueError(f'cannot decode audio: {e}') from e
    return np.asarray(audio, dtype=np.float32)


def read_wav(path: str) -> np.ndarray:
    """A WAV file from disk as float32 mono 16 kHz (resampled by PyAV when needed)."""
    with open(path, 'rb') as f:
        return decode_audio(f.read())
