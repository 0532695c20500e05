"""The AI HR service: listens to every started interview's live room and takes its turns through the chat path.

- start: a greeting; each final candidate message: an answer turn, once the candidate has been quiet for
  `debounce` seconds (fragments of one spoken answer become one turn; partial speech postpones it);
  a recruiter message addressed to the AI ("AI, ..."/"ИИ, ..."): a turn; the deadline watcher: the wrap-up
  (85 %) and time-up (100 %) milestones, published to the room and answered with a turn; finish: detach.
- One turn at a time per interview (a lock), decided from the stored chat (so a restart resumes where it was),
  and none after finish.
- Every task is ours (no NiceGUI here): tracked per interview and cancelled on detach and on stop.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any, Callable, Coroutine, Optional

from ..errors import ChatClosed, NotFound
from ..models import Role, Source, Status, utcnow
from ..rooms import AiStreaming, MessagePosted, Milestone, SpeechPartial, StatusChanged
from .director import addressed_text, decide
from .llm import ChatCompletions
from .openai_brain import OpenAIBrain
from .plan import Plan, Progress
from .report import build_report
from .scripted import ScriptedBrain, TurnContext

log = logging.getLogger(__name__)


class InterviewerService:
    def __init__(self, settings: Any, rooms: Any, chat: Any, interviews: Any,
                 clock: Callable[[], datetime] = utcnow, *, debounce: Optional[float] = None, tick: float = 1.0,
                 brain: Any = None) -> None:
        self.settings = settings
        self.rooms = rooms
        self.chat = chat
        self.interviews = interviews
        self.clock = clock
        # seconds of quiet that end a candidate's answer (AISOBES_AI_DEBOUNCE)
        self.debounce = debounce if debounce is not None else settings.ai_debounce
        self.tick = tick  # how often the deadline watcher looks at the clock
        self.brain = brain or make_brain(settings)
        self._running = False
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._unsubscribe: dict[int, Callable[[], None]] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self._tasks: dict[Optional[int], set[asyncio.Task]] = {}
        self._debounce: dict[int, asyncio.Task] = {}
        self._watchers: dict[int, asyncio.Task] = {}

    # --- lifecycle -----------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Resume every started interview (subscribe to its room, pick up the plan from its chat)."""
        self._running = True
        self._loop = asyncio.get_running_loop()
        # every room, from its creation: a not-started interview's room then carries its start to us
        self.rooms.on_room_created(lambda room: self._call_on_loop(self.attach, room.interview_id))
        for interview in self.interviews.list_started():
            self.attach(interview.id)
        log.info('AI interviewer started (brain: %s, %d interview(s) resumed)', self.brain.name,
                 len(self._unsubscribe))

    async def stop(self) -> None:
        self._running = False
        for interview_id in list(self._unsubscribe):
            self.detach(interview_id)
        tasks = [task for group in self._tasks.values() for task in group]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        await self.brain.aclose()

    def attach(self, interview_id: int) -> None:
        """Listen to this interview's room; greets or answers at once if the stored chat says a turn is due.
        Idempotent: call it whenever an interview may have started."""
        if not self._running or interview_id in self._unsubscribe:
            return
        # reserve the slot first: creating the room below calls on_room_created, which calls attach again
        self._unsubscribe[interview_id] = lambda: None
        room = self.rooms.room(interview_id)
        self._unsubscribe[interview_id] = room.subscribe(lambda event: self._on_event(interview_id, event))
        self._spawn(interview_id, self._resume(interview_id))

    def detach(self, interview_id: int) -> None:
        unsubscribe = self._unsubscribe.pop(interview_id, None)
        if unsubscribe is not None:
            unsubscribe()
        for task in self._tasks.pop(interview_id, set()):
            task.cancel()
        self._debounce.pop(interview_id, None)
        self._watchers.pop(interview_id, None)
        self._locks.pop(interview_id, None)

    @property
    def attached(self) -> list[int]:
        return sorted(self._unsubscribe)

    async def build_report(self, interview: Any, messages: list[Any]) -> dict[str, Any]:
        """The report hook of InterviewService.finish (`interviews.report_builder = interviewer.build_report`)."""
        if self.settings.llm != 'openai':
            return await build_report(interview, messages)
        client = ChatCompletions.from_settings(self.settings)
        try:
            return await build_report(interview, messages, client)
        finally:
            await client.aclose()

    # --- reacting to the room ------------------------------------------------------------------------------

    def _on_event(self, interview_id: int, event: Any) -> None:
        self._call_on_loop(self._handle, interview_id, event)

    def _handle(self, interview_id: int, event: Any) -> None:
        if isinstance(event, MessagePosted):
            role = str(event.message.role)
            if role == 'candidate':
                self._answer_after_quiet(interview_id)
            elif role == 'recruiter' and addressed_text(event.message.content) is not None:
                self._spawn(interview_id, self._turn(interview_id, 'recruiter', event.message.content))
        elif isinstance(event, SpeechPartial):
            if event.text and interview_id in self._debounce:
                self._answer_after_quiet(interview_id)  # the candidate is still speaking: wait for the end
        elif isinstance(event, StatusChanged):
            if event.status == Status.STARTED.value:
                self._spawn(interview_id, self._resume(interview_id))
            elif event.status in (Status.FINISHED.value, 'deleted'):
                self.detach(interview_id)

    def _answer_after_quiet(self, interview_id: int) -> None:
        previous = self._debounce.pop(interview_id, None)
        if previous is not None:
            previous.cancel()
        self._debounce[interview_id] = self._spawn(interview_id, self._debounced(interview_id))

    async def _debounced(self, interview_id: int) -> None:
        await asyncio.sleep(self.debounce)
        if self._debounce.get(interview_id) is asyncio.current_task():
            del self._debounce[interview_id]
        # a task of its own: a later debounce must not cancel a turn that is already being generated
        self._spawn(interview_id, self._turn(interview_id, 'answer'))

    async def _resume(self, interview_id: int) -> None:
        interview = self._get(interview_id)
        if interview is None or interview.status != Status.STARTED:
            if interview is not None and interview.status == Status.FINISHED:
                self.detach(interview_id)  # finished before we got here: nothing more to hear
            return
        if interview_id not in self._watchers:
            self._watchers[interview_id] = self._spawn(interview_id, self._watch(interview_id, interview))
        await self._turn(interview_id, 'start')

    # --- turns ---------------------------------------------------------------------------------------------

    async def _turn(self, interview_id: int, trigger: str, recruiter_text: str = '') -> None:
        async with self._locks.setdefault(interview_id, asyncio.Lock()):
            interview = self._get(interview_id)
            if interview is None or interview.status != Status.STARTED:
                return
            history = self.chat.history(interview_id)
            plan = Plan.for_interview(interview)
            now = self.clock()
            step = decide(plan, Progress.from_history(history), trigger, now, interview.started_at, recruiter_text)
            if step is None:
                return
            room = self.rooms.room(interview_id)
            context = TurnContext(plan, history, now, interview.started_at, recruiter_text)
            said = await self.brain.say(step, context, lambda text: room.publish(AiStreaming(text)))
            meta = step.meta(plan, said.brain)
            if said.fallback:
                meta['fallback'] = True
            try:
                self.chat.post(interview_id, said.text, Role.AI_HR, Source.SYSTEM, meta=meta)
            except (ChatClosed, NotFound):
                log.info('interview %s ended while the AI was answering; the turn is dropped', interview_id)
                room.publish(AiStreaming('', done=True))
                return
            room.publish(AiStreaming(said.text, done=True))
            log.info('interview %s: AI turn %s/%s (%s) after %s', interview_id, step.phase, step.kind, said.brain,
                     trigger)

    async def _watch(self, interview_id: int, interview: Any) -> None:
        """Fires the wrap-up and time-up milestones from the deadline in the database; after a restart past a
        milestone only the latest one due is acted on."""
        wrap_up_at = interview.started_at + timedelta(seconds=Plan.for_interview(interview).wrap_up_at)
        milestones = [('wrap_up', wrap_up_at), ('time_up', interview.deadline)]
        while milestones:
            now = self.clock()
            due = [(name, at) for name, at in milestones if now >= at]
            if due:
                name, at = due[-1]
                milestones = milestones[len(due):]
                self.rooms.room(interview_id).publish(Milestone(name, at))
                await self._turn(interview_id, name)
                continue
            await asyncio.sleep(self.tick)

    # --- helpers -------------------------------------------------------------------------------------------

    def _call_on_loop(self, function: Callable[..., None], *args: Any) -> None:
        """Run now when on our event loop; from a worker thread (speech), hand it over to the loop."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            if self._loop is not None and self._running:
                self._loop.call_soon_threadsafe(function, *args)
            return
        function(*args)

    def _spawn(self, interview_id: Optional[int], coroutine: Coroutine) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coroutine)
        group = self._tasks.setdefault(interview_id, set())
        group.add(task)
        task.add_done_callback(lambda t: self._done(interview_id, t))
        return task

    def _done(self, interview_id: Optional[int], task: asyncio.Task) -> None:
        self._tasks.get(interview_id, set()).discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error('interview %s: AI interviewer task failed', interview_id, exc_info=task.exception())

    def _get(self, interview_id: int) -> Any:
        try:
            return self.interviews.get(interview_id)
        except NotFound:
            self.detach(interview_id)
            return None


def make_brain(settings: Any) -> Any:
    if settings.llm == 'openai':
        return OpenAIBrain(ChatCompletions.from_settings(settings))
    return ScriptedBrain()
