"""Shared API schema pieces: camelCase models and the Servarr-style validation failure list."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["ApiModel", "ErrorResponse", "ValidationFailure"]


class ApiModel(BaseModel):
    """Base of every JSON body: camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)


class ValidationFailure(ApiModel):
    property_name: str
    error_message: str
    attempted_value: Any = None
    severity: str = "error"


class ErrorResponse(ApiModel):
    message: str
    description: str | None = None
