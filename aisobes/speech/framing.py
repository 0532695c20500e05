"""What the speech socket accepts: PCM16 mono 16 kHz frames, not too big, not faster than 4x real time.

Pure (the clock is passed in) so that it is tested without a socket. Each refusal has its own close code so that
the browser element and the log can tell them apart.
"""
from __future__ import annotations

from dataclasses import dataclass

from .audio import SAMPLE_RATE

CLOSE_NOT_PCM16 = 4400  # odd-length frame: not 16-bit samples
CLOSE_UNKNOWN = 4404  # no interview with this link
CLOSE_NOT_STARTED = 4409  # the interview has not started
CLOSE_FINISHED = 4410  # the interview is finished (also sent when it finishes while the socket is open)
CLOSE_TOO_LARGE = 4413  # frame larger than MAX_FRAME
CLOSE_TOO_FAST = 4429  # audio arriving faster than MAX_SPEED x real time

MAX_FRAME = 64 * 1024
MAX_SPEED = 4.0
BURST = 2.5  # seconds of audio a client may send ahead (one 64 KiB frame, or a reconnect flushing its buffer)


@dataclass(frozen=True)
class Refusal:
    code: int
    reason: str


class FrameGuard:
    def __init__(self, max_frame: int = MAX_FRAME, max_speed: float = MAX_SPEED, burst: float = BURST) -> None:
        self.max_frame = max_frame
        self.max_speed = max_speed
        self.burst = burst
        self.first_at: float | None = None
        self.seconds = 0.0  # audio received so far

    def check(self, frame: bytes, now: float) -> Refusal | None:
        if len(frame) > self.max_frame:
            return Refusal(CLOSE_TOO_LARGE, f'frame of {len(frame)} bytes (at most {self.max_frame})')
        if len(frame) % 2:
            return Refusal(CLOSE_NOT_PCM16, f'frame of {len(frame)} bytes is not 16-bit PCM')
        if self.first_at is None:
            self.first_at = now
        self.seconds += len(frame) / 2 / SAMPLE_RATE
        allowed = self.max_speed * (now - self.first_at) + self.burst
        if self.seconds > allowed:
            return Refusal(CLOSE_TOO_FAST, f'{self.seconds:.1f} s of audio in {now - self.first_at:.1f} s '
                                           f'(more than {self.max_speed:g}x real time)')
        return None
