"""scripts/bench/ingest_fastapi.py: fb-ingest's HTTP endpoint written the FastAPI + Pydantic way.

The peer of `fb-ingest --listen` in scripts/bench/ingest-http, shaped like the old stack's
service (a FastAPI app with a Pydantic model per feedback), except that each accepted record is
written as one NDJSON line to standard output (or to $FB_FASTAPI_OUTPUT) where the old service
handed it to a Kafka producer; fb-ingest does the same.

Routes, as fb-ingest's:
  POST /invoiceitem   one JSON object: 201 + the normalised record; 422 + FastAPI's
                      {"detail":[{"type","loc","msg",...}]} when it is invalid (json_invalid when
                      the body is not JSON)
  GET  /healthz       200 {"status":"ok"}

The record rules mirror lib/fb/record.cpp and lib/fb/dates.cpp (default --tz UTC, no --dedupe),
with the same Pydantic error types fb-ingest puts in its 422 replies:
  - InvoiceNo, CustomerID (required): an integer, or a whole float (5.0, 1e2), or a string that,
    trimmed and without leading zeros, is 1..16 ASCII digits; then 1..9007199254740991 (2^53-1).
    Types: missing, int_type (null, bool, array, object), int_parsing, int_from_float,
    greater_than, less_than_equal. Written as integers.
  - MeioEnvio, Description (required): strings, not empty after trimming (string_type,
    string_too_short); Description at most 4096 code points after trimming (string_too_long).
    City, Country (optional): string or null. Strings are written trimmed of ASCII blanks
    (space, \\t, \\n, \\r, \\f, \\v) and U+00A0 at both ends.
  - InvoiceDate (required): a string (datetime_type), trimmed, in one of
    yyyy-mm-dd[T|t| ]HH:MM[:SS[.frac|,frac]][zone] or dd-mm-yyyy HH:MM[:SS[.frac|,frac]][zone],
    zone = nothing (UTC), Z, z, +hh, +hhmm, +hh:mm (hours <= 23, minutes <= 59); the calendar is
    checked (31-02-2024, hour 24, second 60 are errors) and the instant must fall in years
    0001..9999 UTC (datetime_parsing otherwise). Written as RFC 3339 UTC
    (2024-03-04T12:19:00Z), fraction digits kept up to 9.
  - Unknown fields pass through (extra="allow").
Known differences, none of which the benchmark's records (fb-gen's) contain: the JSON is parsed
by Python's json module (FastAPI's), so duplicate keys (the last wins), NaN/Infinity literals,
lone surrogate escapes and nesting deeper than fb-ingest's limit are accepted; a body that is JSON
but not an object is reported as model_attributes_type rather than json_invalid; keys come out in
the model's order (declared fields, then unknown ones) instead of the input's, and messages are
worded close to but not exactly like fb-ingest's. Not modelled: --token (401), --max-body (413),
--dedupe (409), --tz, POST /invoiceitems.

Run it as a production user would (see scripts/bench/ingest-http for the choices):
  uvicorn ingest_fastapi:app --app-dir scripts/bench --host 127.0.0.1 --port 8001 \\
      --workers "$(nproc)" --no-access-log >> accepted.ndjson

Several workers share the output: each record is written with one write() call, which a file
opened with O_APPEND (>>) keeps whole; on a pipe, lines longer than PIPE_BUF (4 KiB) from two
workers could interleave.
"""

from __future__ import annotations

import math
import os
import re
from datetime import datetime, timedelta
from typing import Annotated, Any, Optional

from fastapi import FastAPI, Response
from pydantic import BaseModel, ConfigDict, PlainValidator
from pydantic_core import PydanticCustomError

MAX_ID = 9007199254740991
MAX_DESCRIPTION = 4096
BLANKS = " \t\n\r\f\v\u00a0"

_DATE = re.compile(
    r"(?:(?P<Y>[0-9]{4})-(?P<M>[0-9]{2})-(?P<D>[0-9]{2})[Tt ]|(?P<d>[0-9]{2})-(?P<m>[0-9]{2})-(?P<y>[0-9]{4}) )"
    r"(?P<H>[0-9]{2}):(?P<Mi>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,](?P<F>[0-9]+))?)?"
    r"(?P<Z>|[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)",
    re.ASCII,
)
_UNKNOWN_DATE = "unknown date format (expected dd-mm-yyyy HH:MM:SS, yyyy-mm-dd HH:MM:SS or RFC 3339)"


def _json_type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "an array"
    if isinstance(v, dict):
        return "an object"
    return "a value"


def _error(kind: str, msg: str) -> PydanticCustomError:
    # The message is passed as a context value so that braces in user text are not templates.
    return PydanticCustomError(kind, "{msg}", {"msg": msg})


def _in_range(value: int, shown: str) -> int:
    if value <= 0:
        raise _error("greater_than", f"must be greater than 0, got {shown}")
    if value > MAX_ID:
        raise _error("less_than_equal", f"must be at most {MAX_ID}, got {shown}")
    return value


def _id(v: Any) -> int:
    """InvoiceNo, CustomerID: fb::FeedbackNormalizer::read_id."""
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise _error("int_type", f"must be an integer, got {_json_type(v)}")
    if isinstance(v, int):
        return _in_range(v, repr(v))
    if isinstance(v, float):
        if not math.isfinite(v) or v != math.floor(v):
            raise _error("int_from_float", f"must be a whole number, got {v!r}")
        if abs(v) > MAX_ID:
            raise _error("less_than_equal" if v > 0 else "greater_than",
                         f"must be at most {MAX_ID}, got {v!r}" if v > 0 else f"must be greater than 0, got {v!r}")
        return _in_range(int(v), repr(v))
    digits = v.strip(BLANKS)
    if digits:
        digits = digits.lstrip("0") or "0"  # zero-padded ids
    if not digits:
        raise _error("int_parsing", "must not be empty")
    if len(digits) > 16 or not (digits.isascii() and digits.isdigit()):
        raise _error("int_parsing", f"must be a positive integer, got {v!r}")
    return _in_range(int(digits), repr(v))


def _text(v: Any, required: bool, max_chars: int) -> Optional[str]:
    """MeioEnvio, Description, City, Country: fb::FeedbackNormalizer::read_text."""
    if v is None:
        if required:
            raise _error("string_type", "must be a string, got null")
        return None
    if not isinstance(v, str):
        raise _error("string_type", f"must be a string, got {_json_type(v)}")
    trimmed = v.strip(BLANKS)
    if not trimmed and required:
        raise _error("string_too_short", "must not be empty" if not v else "must not be blank")
    if max_chars and len(trimmed) > max_chars:
        raise _error("string_too_long", f"must have at most {max_chars} characters, got {len(trimmed)}")
    return trimmed


def _date(v: Any) -> str:
    """InvoiceDate: fb::parse_date (zone-less dates in UTC) and fb::format_rfc3339."""
    if not isinstance(v, str):
        raise _error("datetime_type", f"must be a date string, got {_json_type(v)}")
    s = v.strip(BLANKS)
    m = _DATE.fullmatch(s)
    if m is None:
        raise _error("datetime_parsing", f"unparseable {s!r}: {_UNKNOWN_DATE}")
    g = m.groupdict()
    year, month, day = (int(g["Y"]), int(g["M"]), int(g["D"])) if g["Y"] else (int(g["y"]), int(g["m"]), int(g["d"]))
    hour, minute, second = int(g["H"]), int(g["Mi"]), int(g["S"] or 0)
    if not 1 <= month <= 12:
        raise _error("datetime_parsing", f"unparseable {s!r}: month {month} out of range")
    if year < 1:
        raise _error("datetime_parsing", f"unparseable {s!r}: year 0 out of range")
    try:
        local = datetime(year, month, day)
    except ValueError:
        raise _error("datetime_parsing", f"unparseable {s!r}: day {day} does not exist in {year:04d}-{month:02d}") from None
    if hour > 23 or minute > 59 or second > 59:
        raise _error("datetime_parsing", f"unparseable {s!r}: time of day out of range")
    zone = g["Z"]
    offset = 0
    if zone not in ("", "Z", "z"):
        hours, minutes = int(zone[1:3]), int(zone[3:].lstrip(":") or 0)
        if hours > 23 or minutes > 59:
            raise _error("datetime_parsing", f"unparseable {s!r}: {_UNKNOWN_DATE}")
        offset = (hours * 3600 + minutes * 60) * (-1 if zone[0] == "-" else 1)
    try:
        utc = local + timedelta(seconds=hour * 3600 + minute * 60 + second - offset)
    except OverflowError:
        utc = None
    if utc is None:
        raise _error("datetime_parsing", f"unparseable {s!r}: out of range once converted to UTC (years 0001..9999)")
    fraction = g["F"]
    text = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    return text + ("." + fraction[:9] if fraction else "") + "Z"


Id = Annotated[int, PlainValidator(_id)]
RequiredText = Annotated[str, PlainValidator(lambda v: _text(v, True, 0))]
DescriptionText = Annotated[str, PlainValidator(lambda v: _text(v, True, MAX_DESCRIPTION))]
OptionalText = Annotated[Optional[str], PlainValidator(lambda v: _text(v, False, 0))]
Rfc3339 = Annotated[str, PlainValidator(_date)]


class InvoiceItem(BaseModel):
    """One customer feedback as POSTed by the apps (DESIGN §2)."""

    model_config = ConfigDict(extra="allow")

    InvoiceNo: Id
    CustomerID: Id
    MeioEnvio: RequiredText
    Description: DescriptionText
    InvoiceDate: Rfc3339
    City: OptionalText = None
    Country: OptionalText = None


def _open_output() -> int:
    path = os.environ.get("FB_FASTAPI_OUTPUT")
    if not path or path == "-":
        return 1
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)


_OUT = _open_output()


def _emit(data: bytes) -> None:
    """One accepted record, one write() (a short write on a pipe is finished)."""
    view = memoryview(data)
    while view:
        view = view[os.write(_OUT, view):]


app = FastAPI(title="fbkit ingest (FastAPI peer of fb-ingest --listen)")


@app.post("/invoiceitem", status_code=201)
async def invoiceitem(item: InvoiceItem) -> Response:
    # Serialised once, for the output line and the reply (what FastAPI would do with the model,
    # minus a second encoding). Fields not sent (City, Country) are left out, as fb-ingest does.
    record = item.__pydantic_serializer__.to_json(item, exclude_unset=True)
    _emit(record + b"\n")
    return Response(content=record, status_code=201, media_type="application/json")


@app.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}
