"""The LLM prompts, as Jinja2 files a user can edit: `<task>.system.j2` and `<task>.user.j2`.

Files in `llm.prompts_dir` are tried before the bundled `prompts/`, as with the email
templates. A task's prompt hash covers the text of both of its files, so editing a prompt
changes the cache key and the next run asks the model again.

Untrusted text (articles, story summaries) goes into the user prompt between markers; `fence`
takes the marker characters out of that text so it cannot close the fence early.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from newsletter.resources import bundled_dir

__all__ = ["PromptSet", "fence"]


def fence(text: str) -> str:
    """`text` without the character runs that open or close a fence in the prompts."""
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
