"""The AI HR service: listens to every started interview's live room and takes its turns through the chat path.

- start: a greeting; each final candidate message: an answer turn once the turn policy (turn_policy.py) says the
  answer is over: soon after a complete spoken sentence, later after an unfinished clause, `debounce` seconds after a
  typed message (fragments of one spoken answer become one turn; speech resuming postpones it);
  a recruiter message addressed to the AI ("AI, ..."/"ИИ, ..."): a turn; the deadline watcher: the wrap-up
  (85 %) and time-up (100 %) milestones, published to the room and answered with a turn; finish: detach.
- One turn at a time per interview (a lock), decided from the stored chat (so a restart resumes where it was),
  and none after finish.
- Room events arrive on the loop (the hub sees to that); every task is started through `Tasks`, grouped per
  interview, and cancelled on detach and on stop.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from ..chat import ChatService
from ..config import Settings
from ..db import UNREACHABLE
from ..errors import ChatClosed, NotFound
from ..interviews import InterviewService
from ..leases import Leases, LeaseSpace
from ..models import Interview, Role, Source, Status, utcnow
from ..rooms import (
    AiStreaming,
    MessagePosted,
    Milestone,
    MilestoneName,
    Resync,
    RoomDeleted,
    RoomEvent,
    RoomHub,
    SpeechPartial,
    SpeechState,
    SpeechStatus,
    StatusChanged,
)
from ..tasks import Tasks
from .brain import Brain, Judge, TurnContext
from .director import Trigger, addressed_text, decide
from .plan import Plan, Progress
from .turn_policy import TurnPolicy

log = logging.getLogger(__name__)
RETRY_FIRST, RETRY_MAX = 0.5, 30.0  # seconds between attempts of an AI turn while the database is away


class InterviewerService:
    def __init__(self, settings: Settings, rooms: RoomHub, chat: ChatService, interviews: InterviewService,
                 brain: Brain, tasks: Tasks, *, clock: Callable[[], datetime] = utcnow,
                 debounce: float | None = None, tick: float = 1.0, leases: Leases | None = None) -> None:
        self.settings = settings
        self.leases = leases  # when given, a turn is posted only while this instance holds the interview's lease
        self.rooms = rooms
        self.chat = chat
        self.interviews = interviews
        self.brain = brain
        self.tasks = tasks
        self.clock = clock
        # seconds a typed answer waits for more typing (AISOBES_AI_DEBOUNCE); spoken answers follow the policy
        self.debounce = debounce if debounce is not None else settings.ai_debounce
        self.policy = TurnPolicy(settings.turn_complete_wait, settings.turn_unfinished_wait, self.debounce)
        self.tick = tick  # how often the deadline watcher looks at the clock
        self._running = False
        self._unsubscribe: dict[int, Callable[[], None]] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self._debounce: dict[int, asyncio.Task] = {}
        self._watchers: dict[int, asyncio.Task] = {}
        self._warm_up_hooked = False

    # --- lifecycle -----------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Ready to attach; which interviews is decided by aisobes.interviewer.ownership (the lease holder only).
        A room opening for an interview not started yet (the candidate in the lobby) warms the brain up, on whichever
        instance: it only fills the model server's prompt cache, which all instances share."""
        self._running = True
        if hasattr(self.brain, 'warm_up') and not self._warm_up_hooked:
            self._warm_up_hooked = True
            self.rooms.on_room_created(lambda room: self._spawn(room.interview_id, self._warm_up(room.interview_id),
                                                                'warm-up'))
        log.info('AI interviewer started (brain: %s)', self.brain.name)

    async def _warm_up(self, interview_id: int) -> None:
        interview = await self._get(interview_id)
        if self._running and interview is not None and interview.status == Status.NOT_STARTED:
            await self.brain.warm_up(Plan.for_interview(interview))  # the lobby is open: fill the prompt cache

    async def stop(self) -> None:
        self._running = False
        for interview_id in list(self._unsubscribe):
            self.detach(interview_id)

    def attach(self, interview_id: int) -> None:
        """Listen to this interview's room; greets or answers at once if the stored chat says a turn is due.
        Idempotent: call it whenever an interview may have started."""
        if not self._running or interview_id in self._unsubscribe:
            return
        self._unsubscribe[interview_id] = lambda: None
        room = self.rooms.room(interview_id)
        self._unsubscribe[interview_id] = room.subscribe(lambda event: self._on_event(interview_id, event))
        self._spawn(interview_id, self._resume(interview_id), 'resume')

    def detach(self, interview_id: int) -> None:
        unsubscribe = self._unsubscribe.pop(interview_id, None)
        if unsubscribe is not None:
            unsubscribe()
        self.tasks.cancel_group(('interviewer', interview_id))
        self._debounce.pop(interview_id, None)
        self._watchers.pop(interview_id, None)
        self._locks.pop(interview_id, None)

    @property
    def attached(self) -> list[int]:
        return sorted(self._unsubscribe)

    # --- reacting to the room ------------------------------------------------------------------------------

    def _on_event(self, interview_id: int, event: RoomEvent) -> None:
        if isinstance(event, MessagePosted):
            if event.message.role == Role.CANDIDATE:
                message = event.message
                since_end = float((message.meta or {}).get('latency_seconds') or 0.0)
                self._answer_after(interview_id, self.policy.wait(message.content, message.source, since_end))
            elif event.message.role == Role.RECRUITER and addressed_text(event.message.content) is not None:
                self._spawn(interview_id, self._turn(interview_id, Trigger.RECRUITER, event.message.content),
                            'recruiter-turn')
        elif isinstance(event, SpeechPartial | SpeechState):
            speaking = event.text if isinstance(event, SpeechPartial) else event.state == SpeechStatus.RECOGNISING
            if speaking and interview_id in self._debounce:
                self._answer_after(interview_id, self.policy.resumed())  # still speaking: wait for the next final
        elif isinstance(event, StatusChanged):
            if event.status == Status.STARTED:
                self._spawn(interview_id, self._resume(interview_id), 'resume')
            elif event.status == Status.FINISHED:
                self.detach(interview_id)
        elif isinstance(event, RoomDeleted):
            self.detach(interview_id)
        elif isinstance(event, Resync):
            # events may have been missed: is an answer due after all? (the turn decides from the stored chat)
            self._answer_after(interview_id, self.policy.typed_wait)

    def _answer_after(self, interview_id: int, wait: float) -> None:
        previous = self._debounce.pop(interview_id, None)
        if previous is not None:
            previous.cancel()
        self._debounce[interview_id] = self._spawn(interview_id, self._debounced(interview_id, wait), 'debounce')

    async def _debounced(self, interview_id: int, wait: float) -> None:
        await asyncio.sleep(wait)
        if self._debounce.get(interview_id) is asyncio.current_task():
            del self._debounce[interview_id]
        # a task of its own: a later debounce must not cancel a turn that is already being generated
        self._spawn(interview_id, self._turn(interview_id, Trigger.ANSWER), 'answer-turn')

    async def _resume(self, interview_id: int) -> None:
        interview = await self._get(interview_id)
        if interview is None or interview.status != Status.STARTED:
            if interview is not None and interview.status == Status.FINISHED:
                self.detach(interview_id)  # finished before we got here: nothing more to hear
            return
        if interview_id in self._watchers:
            # resumed already: a start announced to a room created for it reaches us twice (attach and the status
            # change); a second 'start' turn would answer the candidate's first words without waiting for quiet
            return
        self._watchers[interview_id] = self._spawn(interview_id, self._watch(interview_id, interview), 'timer')
        await self._turn(interview_id, Trigger.START)

    # --- turns ---------------------------------------------------------------------------------------------

    async def _turn(self, interview_id: int, trigger: Trigger, recruiter_text: str = '') -> None:
        """One AI turn; while the database is out of reach it is retried with backoff, and taken once it answers
        (each attempt decides afresh from the stored chat, so a turn that already landed is not said twice)."""
        delay = RETRY_FIRST
        while True:
            try:
                return await self._turn_once(interview_id, trigger, recruiter_text)
            except UNREACHABLE as e:
                log.warning('interview %s: database unreachable for an AI turn (%s); retrying in %.1f s',
                            interview_id, type(e).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX)

    async def _turn_once(self, interview_id: int, trigger: Trigger, recruiter_text: str) -> None:
        async with self._locks.setdefault(interview_id, asyncio.Lock()):
            interview = await self._get(interview_id)
            if interview is None or interview.status != Status.STARTED:
                return
            history = await self.chat.history(interview_id)
            plan = Plan.for_interview(interview)
            now = self.clock()
            progress = Progress.from_history(history)
            heard = None  # a judging brain (brain.Judge) judges the pending answer; the director decides from it
            if trigger == Trigger.ANSWER and progress.pending and isinstance(self.brain, Judge):
                heard = await self.brain.judge(plan, progress)
            step = decide(plan, progress, trigger, now, interview.started_at, recruiter_text, heard)
            if step is None:
                return
            context = TurnContext(plan, history, now, interview.started_at, recruiter_text)
            said = await self.brain.say(step, context,
                                        lambda text: self.rooms.publish(interview_id, AiStreaming(text)))
            meta = step.meta(plan, said.brain)
            if said.fallback:
                meta['fallback'] = True
            if not await self._owns(interview_id):
                log.warning('interview %s: the lease was lost while the AI was answering; the turn is dropped',
                            interview_id)
                self.rooms.publish(interview_id, AiStreaming('', done=True))
                return
            if said.meta:
                meta['llm'] = said.meta
            try:
                await self.chat.post(interview_id, said.text, Role.AI_HR, Source.SYSTEM, meta=meta)
            except (ChatClosed, NotFound):
                log.info('interview %s ended while the AI was answering; the turn is dropped', interview_id)
                self.rooms.publish(interview_id, AiStreaming('', done=True))
                return
            self.rooms.publish(interview_id, AiStreaming(said.text, done=True))
            log.info('interview %s: AI turn %s/%s (%s) after %s', interview_id, step.phase, step.kind, said.brain,
                     trigger)

    async def _watch(self, interview_id: int, interview: Interview) -> None:
        """Fires the wrap-up and time-up milestones from the deadline in the database; after a restart past a
        milestone only the latest one due is acted on."""
        wrap_up_at = interview.started_at + timedelta(seconds=Plan.for_interview(interview).wrap_up_at)
        milestones = [(MilestoneName.WRAP_UP, wrap_up_at), (MilestoneName.TIME_UP, interview.deadline)]
        while milestones:
            now = self.clock()
            due = [(name, at) for name, at in milestones if now >= at]
            if due:
                name, at = due[-1]
                milestones = milestones[len(due):]
                self.rooms.publish(interview_id, Milestone(name, at))
                await self._turn(interview_id, Trigger.of(name))
                continue
            await asyncio.sleep(self.tick)

    # --- helpers -------------------------------------------------------------------------------------------

    def _spawn(self, interview_id: int, coroutine: Coroutine[Any, Any, Any], what: str) -> asyncio.Task:
        return self.tasks.spawn(coroutine, name=f'interviewer-{interview_id}-{what}',
                                group=('interviewer', interview_id))

    async def _owns(self, interview_id: int) -> bool:
        """Still the owner (aisobes.interviewer.ownership)? Checked right before a turn is posted, so that an
        instance that lost its lease connection a moment ago does not post next to the new owner."""
        if self.leases is None:
            return True
        return (LeaseSpace.INTERVIEWER, interview_id) in self.leases.held and await self.leases.healthy()

    async def _get(self, interview_id: int) -> Interview | None:
        try:
            return await self.interviews.get(interview_id)
        except NotFound:
            self.detach(interview_id)
            return None
