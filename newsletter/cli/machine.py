"""`--json`: the machine-readable form of a command's output (the shapes are in the README).

One JSON document on standard output, UTF-8, nothing else on it (progress and errors go to
standard error). Dataclasses and pydantic models become objects with their field names, dates
and times ISO 8601 strings (times in UTC), paths strings.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel

__all__ = ["JsonOption", "jsonable", "print_json"]

JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print one JSON document instead of tables (see the README)."),
]


def jsonable(value: Any) -> Any:
    """The value as plain JSON data (dicts, lists, strings, numbers, booleans, None)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Path):
        return str(value)
    return value


def print_json(value: Any) -> None:
    """Write `value` as one JSON document (and a newline) on standard output."""
    sys.stdout.write(json.dumps(jsonable(value), ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
