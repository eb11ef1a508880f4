"""The written contract (notes_api.openapi.json) and the code agree.

The end-to-end tests check every answer of the running API against the contract
(test_notes_system_e2e.py). These tests need no server: the API's own validation and the
contract's request schema accept and reject the same notes, and the checker does catch a
response that breaks the contract.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from notes_api import TEXT_MAX, TITLE_MAX, validate_note
from notes_contract import Contract

CONTRACT = Contract.load()
NOTE_ID = "0123456789abcdef" * 2

field_values = st.one_of(
    st.text(max_size=TITLE_MAX + 5),
    st.sampled_from(["", " ", "\t\n", "x" * TITLE_MAX, "x" * (TITLE_MAX + 1), "y" * TEXT_MAX]),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=3), max_size=2),
)
note_bodies = st.one_of(
    st.dictionaries(st.sampled_from(["title", "text", "body", "tags"]), field_values),
    st.lists(st.text(max_size=3), max_size=2),
    st.text(max_size=5),
)


@given(note_bodies)
def test_the_api_and_the_contract_accept_the_same_notes(body: object) -> None:
    accepted_by_api = not validate_note(body)
    accepted_by_contract = not CONTRACT.request_problems("POST", "/v1/notes", body)
    assert accepted_by_api == accepted_by_contract, (validate_note(body), body)


def test_the_longest_valid_text_is_accepted_by_both() -> None:
    body = {"title": "x" * TITLE_MAX, "text": "y" * TEXT_MAX}
    assert validate_note(body) == []
    assert CONTRACT.request_problems("POST", "/v1/notes", body) == []


GOOD_NOTE = {"id": NOTE_ID, "title": "t", "text": "x", "status": "queued", "analysis": None}


@pytest.mark.parametrize(
    ("status", "content_type", "body", "expected"),
    [
        (200, "application/json", GOOD_NOTE, []),
        (200, "application/json", GOOD_NOTE | {"analysis": {"words": -1}},
         ["GET /v1/notes/{note_id} 200: analysis: {'words': -1} is not valid under any of "
          "the given schemas"]),
        (200, "application/json", GOOD_NOTE | {"status": "lost"},
         ["GET /v1/notes/{note_id} 200: status: 'lost' is not one of "
          "['queued', 'done', 'failed']"]),
        (200, "application/json", {k: v for k, v in GOOD_NOTE.items() if k != "text"},
         ["GET /v1/notes/{note_id} 200: (body): 'text' is a required property"]),
        (404, "text/html", "<h1>Not Found</h1>",
         ["GET /v1/notes/{note_id} 404: text/html is not a content type the contract gives"]),
        (500, "application/problem+json", {},
         ["GET /v1/notes/{note_id} 500: the status is not in the contract"]),
    ],
)  # fmt: skip
def test_a_response_that_breaks_the_contract_is_caught(
    status: int, content_type: str, body: object, expected: list[str]
) -> None:
    found = CONTRACT.response_problems("GET", f"/v1/notes/{NOTE_ID}", status, content_type, body)
    assert found == expected


def test_a_path_the_contract_does_not_name_is_an_error() -> None:
    with pytest.raises(LookupError, match="no operation for DELETE /v1/notes"):
        CONTRACT.response_problems("DELETE", "/v1/notes", 200, "application/json", {})
