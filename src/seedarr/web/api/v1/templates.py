"""``/api/v1/templates``: the description and NFO templates, and a live preview rendered in the sandbox."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, HTTPException
from pydantic import Field, StrictBool, StrictInt, StrictStr
from sqlalchemy import select

from seedarr.db.models import Template
from seedarr.domain.naming.profiles import profile_for_tracker, resolve_profile
from seedarr.errors import ValidationFailed
from seedarr.pipeline.preview import description_context
from seedarr.render.bbcode import check_template, render_description
from seedarr.render.nfo import render_nfo
from seedarr.render.sample import sample_context
from seedarr.render.sandbox import MAX_SOURCE
from seedarr.web.api.v1.releases import ReleaseTarget, resolve_target
from seedarr.web.deps import State
from seedarr.web.schemas import ApiModel, ErrorResponse, ValidationFailure, with_example

__all__ = ["router"]

router = APIRouter(tags=["templates"])
TemplateKind = Literal["description", "nfo"]
_422: dict[int | str, dict[str, Any]] = {
    422: {"model": list[ValidationFailure], "description": "The template is malformed (line and column)."}
}


class TemplateSummary(ApiModel):
    model_config = with_example({"id": 1, "kind": "description", "name": "La Cale", "builtin": True})
    id: int
    kind: TemplateKind
    name: str
    builtin: bool


class TemplatePublic(TemplateSummary):
    model_config = with_example(
        {
            "id": 3,
            "kind": "description",
            "name": "Minimaliste",
            "builtin": True,
            "body": "[b]{{ title }}[/b]",
            "updatedAt": "2026-11-26T12:00:00Z",
        }
    )
    body: str
    updated_at: datetime


class PreviewRequest(ApiModel):
    model_config = with_example({"template": "[b]{{ title }}[/b] ({{ year }})", "kind": "description"})
    template: StrictStr | None = Field(
        default=None, max_length=MAX_SOURCE, description="Template source to render."
    )
    template_id: StrictInt | None = Field(default=None, description="Render a stored template instead.")
    kind: TemplateKind = "description"
    strict: StrictBool = Field(default=False, description="Refuse unknown variables instead of warning.")
    release: ReleaseTarget | None = Field(
        default=None,
        description="Render against this real release (analysed and identified) instead of samples.",
    )


class PreviewResponse(ApiModel):
    model_config = with_example(
        {
            "output": "[b]Dune : Deuxième Partie[/b] (2024)\n",
            "kind": "description",
            "warnings": [],
            "unknownVariables": [],
        }
    )
    output: str
    kind: TemplateKind
    warnings: list[str]
    unknown_variables: list[str]


def _summary(row: Template) -> TemplateSummary:
    return TemplateSummary(id=row.id, kind=row.kind, name=row.name, builtin=row.builtin)


@router.get(
    "/templates",
    summary="List templates",
    description="Every description (BBCode) and NFO template, the shipped defaults included.",
    response_model=list[TemplateSummary],
)
async def list_templates(state: State) -> list[TemplateSummary]:
    async with state.sessions() as db:
        rows = (await db.execute(select(Template).order_by(Template.kind, Template.name))).scalars().all()
    return [_summary(row) for row in rows]


async def _load(state: State, template_id: int) -> Template:
    async with state.sessions() as db:
        row = await db.get(Template, template_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no template with id {template_id}")
    return row


@router.get(
    "/templates/{template_id:int}",
    summary="One template",
    description="A template with its source text.",
    response_model=TemplatePublic,
    responses={404: {"model": ErrorResponse, "description": "No template with this id."}},
)
async def get_template(state: State, template_id: int) -> TemplatePublic:
    row = await _load(state, template_id)
    return TemplatePublic(**_summary(row).model_dump(), body=row.body, updated_at=row.updated_at)


def _preview(source: str, kind: TemplateKind, strict: bool, context: dict[str, Any]) -> PreviewResponse:
    unknown = check_template(source, name="preview", kind=kind, strict=strict)
    if kind == "nfo":
        output = render_nfo(context, source=source, name="preview").decode("utf-8")
    else:
        output = render_description(source, context, name="preview")
    return PreviewResponse(
        output=output,
        kind=kind,
        warnings=[str(u) for u in unknown],
        unknown_variables=[u.name for u in unknown],
    )


@router.post(
    "/templates/preview",
    summary="Preview a template",
    description="Renders a template (given as text, or a stored one by `templateId`) in the sandbox, "
    "against sample data or against a real release on disk (`release`: analysed, identified and named "
    "first). Unknown variables render empty and are listed as warnings (a 422 with `strict`). A malformed "
    "template, a forbidden tag or filter, or a sandbox violation is a 422 naming line and column.",
    response_model=PreviewResponse,
    responses={
        **_422,
        400: {"model": ErrorResponse, "description": "The body is not valid JSON."},
        404: {"model": ErrorResponse, "description": "No template with this id."},
    },
)
async def preview_template(state: State, request: PreviewRequest) -> PreviewResponse:
    source, kind = request.template, request.kind
    if source is None and request.template_id is not None:
        row = await _load(state, request.template_id)
        source, kind = row.body, ("nfo" if row.kind == "nfo" else "description")
    if source is None:
        raise ValidationFailed("template", "give a template text or a templateId")
    if request.release is not None:
        release = await resolve_target(state, request.release, [resolve_profile(profile_for_tracker("fr"))])
        context = description_context(release)
    else:
        context = sample_context()
    return await asyncio.to_thread(_preview, source, kind, request.strict, context)
