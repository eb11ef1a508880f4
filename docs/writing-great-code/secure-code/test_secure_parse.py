"""The edge parser accepts a well-formed request and refuses every malformed or hostile one."""

from __future__ import annotations

import json

import pytest
from secure_parse import MAX_BODY_BYTES, ExportRequest, RequestRejected, parse_export_request


def test_a_good_request_becomes_a_typed_object() -> None:
    request = parse_export_request(b'{"user": "ada_l", "report": "sales", "limit": 50}')
    assert request == ExportRequest(user="ada_l", report="sales", limit=50)
    assert parse_export_request(b'{"user": "ada_l", "report": "stock"}').limit == 100


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user": "../../etc/passwd", "report": "sales"}, "user"),
        ({"user": "x; rm -rf ~", "report": "sales"}, "user"),
        ({"user": "admin' OR 1=1 --", "report": "sales"}, "user"),
        # A forged log line; Python's re would let "$" match before the newline.
        ({"user": "ada_l\nINFO admin logged in", "report": "sales"}, "user"),
        ({"user": "ada_l\n", "report": "sales"}, "user"),
        ({"user": "ada_l", "report": "../secrets"}, "report"),
        ({"user": "ada_l", "report": "sales", "limit": 10**9}, "limit"),
        ({"user": "ada_l", "report": "sales", "limit": "50"}, "limit"),
        ({"user": "ada_l", "report": "sales", "is_admin": True}, "is_admin"),
        ({"report": "sales"}, "user"),
    ],
)
def test_hostile_and_malformed_fields_are_refused(body: dict[str, object], field: str) -> None:
    with pytest.raises(RequestRejected, match=f"invalid field\\(s\\): {field}$"):
        parse_export_request(json.dumps(body).encode())


def test_the_rejection_message_does_not_echo_the_input() -> None:
    with pytest.raises(RequestRejected) as caught:
        parse_export_request(b'{"user": "<script>alert(1)</script>", "report": "sales"}')
    assert "<script>" not in str(caught.value)


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b'{"user": "ada_l"'])
def test_bodies_that_are_not_a_json_object_are_refused(body: bytes) -> None:
    with pytest.raises(RequestRejected, match=r"invalid field\(s\): \(body\)$"):
        parse_export_request(body)


def test_an_oversized_body_is_refused_before_parsing() -> None:
    body = b'{"user": "ada_l", "report": "sales", "pad": "' + b"x" * MAX_BODY_BYTES + b'"}'
    with pytest.raises(RequestRejected, match="limit is 4096"):
        parse_export_request(body)
