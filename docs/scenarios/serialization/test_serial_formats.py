"""TOML and MessagePack: bad input gets an error that says where, and what TOML cannot say."""

import sys
import tomllib
from pathlib import Path

import msgpack
import pytest
import tomli_w

BROKEN = 'name = "stock"\nport = 8080\nhosts = \n'


def test_a_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(BROKEN, encoding="utf-8")
    with path.open("rb") as file, pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.load(file)
    assert str(caught.value) == "Invalid value (at line 3, column 9)"
    if sys.version_info >= (3, 14):
        # 3.14 added the position as attributes; before, it is only in the message.
        assert (caught.value.lineno, caught.value.colno) == (3, 9)  # type: ignore[attr-defined]
    else:
        assert not hasattr(caught.value, "lineno")


def test_a_duplicate_toml_key_is_an_error_on_its_line() -> None:
    with pytest.raises(tomllib.TOMLDecodeError, match=r"Cannot overwrite a value \(at line 2"):
        tomllib.loads("port = 8080\nport = 8081\n")


def test_toml_round_trip_and_what_it_cannot_express() -> None:
    settings = {"server": {"port": 8080, "hosts": ["a", "b"]}}
    assert tomllib.loads(tomli_w.dumps(settings)) == settings
    with pytest.raises(TypeError, match="'NoneType' is not TOML serializable"):
        tomli_w.dumps({"proxy": None})  # TOML has no null


def test_msgpack_keeps_bytes_and_refuses_truncated_or_trailing_data() -> None:
    packed = msgpack.packb({"id": 7, "thumbnail": b"\x89PNG"})
    assert msgpack.unpackb(packed) == {"id": 7, "thumbnail": b"\x89PNG"}
    with pytest.raises(ValueError, match="Unpack failed: incomplete input"):
        msgpack.unpackb(packed[:-1])
    with pytest.raises(msgpack.ExtraData, match="received extra data"):
        msgpack.unpackb(packed + b"\x00")
