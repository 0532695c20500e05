"""Audio helpers (PCM16, WAV, PyAV decoding of several containers) and the streaming Silero VAD."""
from __future__ import annotations

import io

import numpy as np
import pytest

from aisobes.speech.audio import decode_audio, float_to_pcm16, pcm16_to_float, wav_bytes
from aisobes.speech.vad import CHUNK, SileroModel, StreamingVad

from .conftest import with_silence


def tone(seconds: float, hz: float = 440.0, rate: int = 16000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def encode(audio: np.ndarray, container: str, codec: str, rate: int) -> bytes:
    """Encode with PyAV itself: a WebM/Opus or Ogg/Vorbis file as a browser's MediaRecorder would send."""
    import av
    buffer = io.BytesIO()
    with av.open(buffer, 'w', format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = 'mono'
        frame = av.AudioFrame.from_ndarray(np.frombuffer(float_to_pcm16(audio), '<i2')[None], format='s16',
                                           layout='mono')
        frame.sample_rate = 16000
        resampler = av.AudioResampler(format=stream.format.name, layout='mono', rate=rate)
        for resampled in resampler.resample(frame):
            for packet in stream.encode(resampled):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


def test_pcm16_round_trip():
    audio = np.array([0.0, 0.5, -0.5, -1.0, 0.999], dtype=np.float32)
    assert np.allclose(pcm16_to_float(float_to_pcm16(audio)), audio, atol=1 / 32768)


def test_wav_bytes_decode_back_to_the_same_samples():
    audio = tone(0.5)
    assert np.allclose(decode_audio(wav_bytes(audio)), audio, atol=1 / 32768)


@pytest.mark.parametrize('container, codec, rate', [('webm', 'libopus', 48000), ('ogg', 'libopus', 48000),
                                                    ('mp3', 'libmp3lame', 44100)])
def test_compressed_containers_decode_to_16_khz(container: str, codec: str, rate: int):
    data = encode(tone(1.0), container, codec, rate)
    decoded = decode_audio(data)
    assert abs(len(decoded) / 16000 - 1.0) < 0.1
    assert 0.15 < np.sqrt(np.mean(decoded[2000:-2000] ** 2)) < 0.3  # the tone survived, at about its level


def test_garbage_is_a_value_error():
    with pytest.raises(ValueError):
        decode_audio(b'this is not audio' * 50)


def test_streaming_vad_equals_faster_whisper_on_the_whole_file(speak):
    from faster_whisper.vad import get_vad_model
    audio = with_silence(speak('Tell me about your last project.', 'en'))
    whole = audio[:len(audio) // CHUNK * CHUNK]
    expected = get_vad_model()(whole).ravel()
    vad, got, rng, i = StreamingVad(SileroModel()), [], np.random.default_rng(1), 0
    while i < len(audio):  # frames of 20-100 ms, as the browser sends them
        size = int(rng.integers(320, 1600))
        got += [p for _, p in vad.feed(audio[i:i + size])]
        i += size
    assert np.allclose(got[:len(expected)], expected, atol=1e-5)
    assert max(got) > 0.9 and max(got[:5]) < 0.2 and max(got[-20:]) < 0.2


def test_vad_hears_no_speech_in_silence_tone_or_noise():
    vad = StreamingVad(SileroModel())
    quiet = np.concatenate([np.zeros(16000, np.float32), tone(1.0, 1000),
                            np.random.default_rng(0).normal(0, 0.01, 16000).astype(np.float32)])
    probabilities = [p for _, p in vad.feed(quiet)]
    assert len(probabilities) == len(quiet) // CHUNK
    assert np.mean(np.array(probabilities) > 0.5) < 0.1
