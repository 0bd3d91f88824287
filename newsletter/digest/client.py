"""One chat request to an OpenAI-compatible server: bounded, retried, logged.

Owns the `AsyncOpenAI` client and everything between a prompt and a checked answer:

- at most `llm.max_concurrency` requests in flight (a semaphore), each given at most
  `llm.timeout` seconds in all, however slowly its reply trickles in;
- the response-format ladder: `json_schema` (strict structured outputs), then `json_object`
  (JSON mode), then plain text. A server that answers a format with 400, 422 or 500 before
  any request has worked is asked the next way; the first way that works is kept for the run
  (some servers, llama-cpp-python's among them, fail on `json_schema` with HTTP 500);
- retries of 429, 5xx, timeouts, dropped connections and 200 replies that are not a chat
  completion (`completion.MalformedReply`), `llm.max_retries` times, with exponential backoff
  and full jitter; a `Retry-After` (or `retry-after-ms`) header wins;
- the tokens a reply used, as the server reports them when they are possible, else estimated
  (`doubted_usage` keeps what was claimed, for the run report);
- the edition's token budget: a request is only sent when its prompt and longest reply fit;
- one call-log row per request, whatever its outcome.

Errors: `LLMSetupError` when the configuration cannot work (HTTP 401/403: the key; 404: the
model or the base URL) — the run stops with that one message; `CallFailed` when one request
gave up after its retries — only that story falls back. A `ReplyError` from the caller's
`check` is logged as the outcome of the request and passed on. The check runs on the `checks`
executor when one is given, so that checking one reply never holds up the other requests.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Generic, TypeVar

import openai

from newsletter.config import LLMSettings
from newsletter.digest.budget import TokenBudget, call_cost, price_of
from newsletter.digest.completion import Completion, MalformedReply, parse, read_body
from newsletter.digest.replies import ReplyError
from newsletter.digest.tokens import count_tokens
from newsletter.redact import redact_url
from newsletter.store import LLMCall

__all__ = [
    "MODES",
    "Answer",
    "CallFailed",
    "ChatClient",
    "ChatRequest",
    "LLMSetupError",
    "OverBudget",
    "Ungrounded",
]

MODES = ("json_schema", "json_object", "text")
MAX_REPLY_TOKENS = 400
MAX_RETRY_AFTER = 120.0
_FORMAT_REJECTED = {400, 422, 500, 501}
_RETRIED = {408, 409, 429, 500, 502, 503, 504}
T = TypeVar("T")


class LLMSetupError(Exception):
    """The model server refuses this configuration; the message says what to change."""


class CallFailed(Exception):
    """A request gave up (after its retries); the message says why."""


class OverBudget(CallFailed):
    """The request would take the edition over its token budget; it was not sent."""


class Ungrounded(ReplyError):
    """The reply fails the grounding gate (names what its source does not, or repeats a
    quote's words); the message says what to change."""


@dataclass(frozen=True)
class ChatRequest:
    """What to ask: the task's name and prompt hash (for the log), the two messages, the
    structured-output `response_format` and the longest reply, in tokens."""

    task: str
    prompt_hash: str
    system: str
    user: str
    response_format: dict[str, Any]
    max_tokens: int = MAX_REPLY_TOKENS


@dataclass(frozen=True)
class Answer(Generic[T]):
    """A checked reply and the tokens its request used."""

    value: T
    tokens_in: int
    tokens_out: int


def _outcome(exc: BaseException) -> str:
    if isinstance(exc, openai.APIStatusError):
        return f"http-{exc.status_code}"
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, MalformedReply):
        return "malformed-reply"
    if isinstance(exc, Ungrounded):
        return "ungrounded"
    if isinstance(exc, ReplyError):
        return "invalid-reply"
    return "connection-error"


def retry_after(headers: Any) -> float | None:
    """Seconds the server asks us to wait, from `retry-after-ms` or `Retry-After`."""
    if headers is None:
        return None
    if (value := headers.get("retry-after-ms")) is not None:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    if (value := headers.get("retry-after")) is None:
        return None
    try:
        return float(value)
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


class ChatClient:
    """Chat requests for one run, against `settings.base_url` with `settings.model`."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        log: Callable[[LLMCall], None],
        budget: TokenBudget | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        checks: Executor | None = None,
    ) -> None:
        if not settings.model:
            raise LLMSetupError("llm.model is not set")
        self.model = settings.model
        self.settings = settings
        self.where = redact_url(settings.base_url or "https://api.openai.com/v1")
        key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
        self.client = openai.AsyncOpenAI(
            api_key=key, base_url=settings.base_url, timeout=settings.timeout, max_retries=0
        )
        # the chat resource loads its modules on first use: load them now, not inside the
        # first request, where they would hold up every other story's call
        self.client.chat.completions  # noqa: B018
        self.semaphore = asyncio.Semaphore(settings.max_concurrency)
        self.checks = checks
        self.price = price_of(self.model, settings.prices)
        self.log = log
        self.budget = budget or TokenBudget(settings.edition_token_budget)
        self.sleep = sleep
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.mode = 0  # index into MODES
        self.mode_confirmed = False
        self.notes: list[str] = []
        self.doubted_usage: list[str] = []  # token counts claimed by the server and ignored

    async def aclose(self) -> None:
        await self.client.close()

    def _record(
        self,
        request: ChatRequest,
        mode: str,
        started: float,
        outcome: str,
        tokens_in: int = 0,
        tokens_out: int = 0,
    ) -> None:
        self.log(
            LLMCall(
                time=datetime.now(UTC),
                task=request.task,
                model=self.model,
                prompt_hash=request.prompt_hash,
                mode=mode,
                tokens_in=tokens_in,
                tokens_out=tokens_out,
                latency_ms=round((time.monotonic() - started) * 1000),
                outcome=outcome,
                cost=call_cost(self.price, tokens_in, tokens_out),
            )
        )

    def _setup_error(self, exc: openai.APIStatusError) -> LLMSetupError | None:
        if exc.status_code in (401, 403):
            return LLMSetupError(
                f"the model server at {self.where} refused the API key (HTTP {exc.status_code}): "
                "check llm.api_key (NEWSLETTER_LLM__API_KEY)"
            )
        if exc.status_code == 404:
            return LLMSetupError(
                f"the model server at {self.where} does not know model {self.model!r} "
                "(HTTP 404): check llm.model against the server's model list, and llm.base_url "
                "(OpenAI-compatible servers usually end in /v1)"
            )
        return None

    def _delay(self, retries: int, exc: BaseException) -> float:
        headers = exc.response.headers if isinstance(exc, openai.APIStatusError) else None
        asked = retry_after(headers)
        if asked is not None:
            return min(asked, MAX_RETRY_AFTER)
        return random.uniform(0, min(self.max_backoff, self.backoff * 2**retries))

    def _arguments(self, request: ChatRequest, mode: str) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": request.system},
                {"role": "user", "content": request.user},
            ],
            "temperature": self.settings.temperature,
            "max_tokens": request.max_tokens,
        }
        if mode == "json_schema":
            arguments["response_format"] = request.response_format
        elif mode == "json_object":
            arguments["response_format"] = {"type": "json_object"}
        return arguments

    async def complete(self, request: ChatRequest, check: Callable[[str], T]) -> Answer[T]:
        """Ask, and return `check(reply text)` with the tokens used. Raises LLMSetupError,
        CallFailed (OverBudget when it was not sent), or the ReplyError that `check` raised."""
        prompt = f"{request.system}\n{request.user}"
        reserved = count_tokens(prompt, self.model) + request.max_tokens
        if not self.budget.reserve(reserved):
            raise OverBudget("over the edition's token budget")
        used = 0
        try:
            answer = await self._complete(request, check)
        except ReplyError as exc:
            used = exc.tokens
            raise
        else:
            used = answer.tokens_in + answer.tokens_out
            return answer
        finally:
            self.budget.settle(reserved, used)

    async def _ask(self, request: ChatRequest, mode: str) -> Completion:
        """One request; its reply read (at most MAX_REPLY_BYTES) and parsed."""
        arguments = self._arguments(request, mode)
        create = self.client.chat.completions.with_streaming_response.create
        async with create(**arguments) as response:
            raw = response.http_response
            try:
                body = await read_body(raw.aiter_raw(), raw.headers.get("content-encoding", ""))
            except MalformedReply:
                raise
            except Exception as exc:  # the transport's read errors (its httpx flavour varies)
                raise openai.APIConnectionError(request=response.http_request) from exc
        completion = parse(
            body,
            prompt=f"{request.system}\n{request.user}",
            max_tokens=arguments["max_tokens"],
            model=self.model,
        )
        if completion.usage.doubted is not None:
            self.doubted_usage.append(completion.usage.doubted)
        return completion

    async def _complete(self, request: ChatRequest, check: Callable[[str], T]) -> Answer[T]:
        retries = 0
        while True:
            mode_index = self.mode
            mode = MODES[mode_index]
            started = time.monotonic()
            try:
                async with self.semaphore, asyncio.timeout(self.settings.timeout):
                    started = time.monotonic()
                    completion = await self._ask(request, mode)
            except openai.APIStatusError as exc:
                self._record(request, mode, started, _outcome(exc))
                if (setup := self._setup_error(exc)) is not None:
                    raise setup from None
                if (
                    exc.status_code in _FORMAT_REJECTED
                    and not self.mode_confirmed
                    and mode_index < len(MODES) - 1
                ):
                    if self.mode == mode_index:
                        self.mode = mode_index + 1
                        self.notes.append(
                            f"the model server answered HTTP {exc.status_code} to "
                            f"response_format {mode}; asking with {MODES[self.mode]} instead"
                        )
                    continue
                if exc.status_code not in _RETRIED or retries >= self.settings.max_retries:
                    raise CallFailed(f"HTTP {exc.status_code} from the model server") from exc
                delay = self._delay(retries, exc)
            except (openai.APITimeoutError, openai.APIConnectionError, TimeoutError) as exc:
                self._record(request, mode, started, _outcome(exc))
                if retries >= self.settings.max_retries:
                    raise CallFailed(f"{_outcome(exc)} after {retries + 1} attempts") from exc
                delay = self._delay(retries, exc)
            except MalformedReply as exc:
                self._record(request, mode, started, _outcome(exc))
                if retries >= self.settings.max_retries:
                    raise CallFailed(
                        f"the model server sent {exc} ({retries + 1} attempts)"
                    ) from exc
                delay = self._delay(retries, exc)
            else:
                tokens_in, tokens_out = completion.usage.tokens_in, completion.usage.tokens_out
                try:
                    value = (
                        check(completion.content)
                        if self.checks is None
                        else await asyncio.get_running_loop().run_in_executor(
                            self.checks, check, completion.content
                        )
                    )
                except ReplyError as exc:
                    self._record(request, mode, started, _outcome(exc), tokens_in, tokens_out)
                    self.mode_confirmed = True
                    exc.tokens = tokens_in + tokens_out
                    raise
                self._record(request, mode, started, "ok", tokens_in, tokens_out)
                self.mode_confirmed = True
                return Answer(value, tokens_in, tokens_out)
            await self.sleep(delay)
            retries += 1
