"""Shared API schema pieces: camelCase models and the Servarr-style validation failure list."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["ApiModel", "ErrorResponse", "ValidationFailure", "with_example"]


class ApiModel(BaseModel):
    """Base of every JSON body: camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)


def with_example(example: dict[str, Any]) -> ConfigDict:
    """``ApiModel``'s configuration plus one JSON example shown in the OpenAPI document."""
    return ConfigDict(**{**ApiModel.model_config, "json_schema_extra": {"examples": [example]}})  # type: ignore[typeddict-item]


class ValidationFailure(ApiModel):
    model_config = with_example(
        {
            "propertyName": "path",
            "errorMessage": "is outside the configured media roots",
            "attemptedValue": "/etc",
            "severity": "error",
        }
    )

    property_name: str
    error_message: str
    attempted_value: Any = None
    severity: str = "error"


class ErrorResponse(ApiModel):
    model_config = with_example({"message": "a valid API key is required"})

    message: str
    description: str | None = None
