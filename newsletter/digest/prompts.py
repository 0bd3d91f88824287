"""The LLM prompts, as Jinja2 files a user can edit: `<task>.system.j2` and `<task>.user.j2`.

Files in `llm.prompts_dir` are tried before the bundled `prompts/`, as with the email
templates. A task's prompt hash covers the text of both of its files, so editing a prompt
changes the cache key and the next run asks the model again.

Untrusted text (articles, story summaries) goes into the user prompt between markers, as quoted
material; `fence` takes the marker characters out of that text so it cannot close the fence
early, and turns chat-template tokens (`<|im_start|>`, `[INST]`, `<<SYS>>`, `</s>`,
`<start_of_turn>`) into harmless look-alikes, so a server that reads special tokens in message
text cannot be handed a new system turn.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from newsletter.resources import bundled_dir

__all__ = ["PromptSet", "fence"]


_TEMPLATE_TOKEN = re.compile(
    r"<\|[^<>|\n]{0,40}\|>|\[/?INST\]|<</?SYS>>|</?s>|<(?:start|end)_of_turn>", re.IGNORECASE
)
_LOOK_ALIKE = str.maketrans({"<": "‹", ">": "›", "[": "⟦", "]": "⟧", "|": "¦"})


def fence(text: str) -> str:
    """`text` without the character runs that open or close a fence in the prompts, nor
    chat-template tokens."""
    text = _TEMPLATE_TOKEN.sub(lambda match: match.group(0).translate(_LOOK_ALIKE), text)
    return text.replace("<<<", "‹‹‹").replace(">>>", "›››")


class PromptSet:
    """The system and user prompts of each task."""

    def __init__(self, user_dir: Path | None = None) -> None:
        folders = [str(user_dir)] if user_dir else []
        folders.append(str(bundled_dir("prompts")))
        self.environment = Environment(
            loader=ChoiceLoader([FileSystemLoader(folder) for folder in folders]),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
        )

    def _names(self, task: str) -> tuple[str, str]:
        return f"{task}.system.j2", f"{task}.user.j2"

    def hash(self, task: str) -> str:
        """A hash of the task's two prompt files as they are now."""
        digest = hashlib.sha256()
        for name in self._names(task):
            source, _, _ = self.environment.loader.get_source(self.environment, name)
            digest.update(source.encode("utf-8") + b"\0")
        return digest.hexdigest()[:16]

    def render(self, task: str, **variables: Any) -> tuple[str, str]:
        """The (system, user) messages of `task`."""
        system, user = (
            self.environment.get_template(name).render(**variables).strip()
            for name in self._names(task)
        )
        return system, user
