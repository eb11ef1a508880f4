"""Parse an export request at the edge: past this function, the code trusts its types."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_BODY_BYTES = 4096

# A user name is a short word of lower-case letters, digits and underscores:
# nothing a path, a shell or a query could read as syntax. (Pydantic's regex engine
# reads "$" as the very end; Python's re would let a trailing newline through.)
UserName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{2,31}$")]


class RequestRejected(ValueError):
    """The request is not one we accept; the message is safe to show the client."""


class ExportRequest(BaseModel):
    # Unknown fields are an error ("is_admin": true stays out), and nothing is coerced:
    # "50" is not a number here.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    user: UserName
    report: Literal["sales", "stock"]
    limit: Annotated[int, Field(ge=1, le=1000)] = 100


def parse_export_request(body: bytes) -> ExportRequest:
    """Turn the raw body into an ExportRequest, or raise RequestRejected."""
    if len(body) > MAX_BODY_BYTES:
        raise RequestRejected(f"body is {len(body)} bytes; the limit is {MAX_BODY_BYTES}")
    try:
        return ExportRequest.model_validate_json(body)
    except ValidationError as error:
        fields = sorted({".".join(map(str, item["loc"])) or "(body)" for item in error.errors()})
        raise RequestRejected(f"invalid field(s): {', '.join(fields)}") from None
