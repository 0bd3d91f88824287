"""Where the bundled templates and prompts live, in a checkout and in an installed wheel.

The project keeps them at the top of the repository (`templates/`, `prompts/`) so that users
find and edit them; the wheel carries copies under `newsletter/_bundled/`.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_dir"]

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled `templates` or `prompts` folder."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"the bundled {name}/ folder is missing from this installation of newsletter; "
        "reinstall the package"
    )
