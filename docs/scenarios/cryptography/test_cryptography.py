"""Tests for the cryptography chapter: every kind of tampering is refused.

Keys are generated here, for each test run; none is written in the samples.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import inspect
import json
import secrets
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from crypto_encryption import KeyRing, fernet_from_environment
from crypto_jwt import issue, verify
from crypto_passwords import check_password, hash_password
from crypto_signing import BadSignatureError, sign, unsign
from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# Cheap parameters for the tests that only need *a* hasher; the chapter's default is used
# where the parameters matter.
FAST = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def flip_byte(data: bytes, index: int) -> bytes:
    changed = bytearray(data)
    changed[index] ^= 0x01
    return bytes(changed)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- passwords --------------------------------------------------------------------------


def test_argon2id_hash_carries_its_parameters_and_a_salt() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert first != second  # a random salt each time
    assert check_password(first, "correct horse") == (True, None)
    assert check_password(first, "Correct horse") == (False, None)


def test_sha256_gives_the_same_hash_for_the_same_password() -> None:
    """The bad version: no salt, so equal passwords are visible and one guess tests all."""
    alice = hashlib.sha256(b"correct horse").hexdigest()
    bob = hashlib.sha256(b"correct horse").hexdigest()
    assert alice == bob


def test_weak_hash_is_replaced_at_login() -> None:
    old = hash_password("correct horse", FAST)
    matches, new_hash = check_password(old, "correct horse")
    assert matches
    assert new_hash is not None and new_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert check_password(new_hash, "correct horse") == (True, None)
    assert check_password(old, "wrong") == (False, None)  # no rehash without the password


def test_a_corrupt_stored_hash_is_an_error_not_a_wrong_password() -> None:
    with pytest.raises(InvalidHashError):
        check_password("5f4dcc3b5aa765d61d8327deb882cf99", "password")


def test_pwdlib_verifies_and_upgrades_in_one_call() -> None:
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    password_hash = PasswordHash.recommended()
    old = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8 * 1024),)).hash("secret")
    valid, updated = password_hash.verify_and_update("secret", old)
    assert valid and updated is not None and "m=65536,t=3,p=4" in updated
    assert password_hash.verify_and_update("guess", old) == (False, None)


# --- HMAC ---------------------------------------------------------------------------------


@pytest.fixture
def hmac_key() -> bytes:
    return secrets.token_bytes(32)


def test_signed_message_round_trips(hmac_key: bytes) -> None:
    token = sign(hmac_key, "confirm-email", b"user 42")
    assert unsign(hmac_key, "confirm-email", token) == b"user 42"


@pytest.mark.parametrize("position", [0, 5, -3])
def test_a_changed_signed_message_is_refused(hmac_key: bytes, position: int) -> None:
    token = sign(hmac_key, "confirm-email", b"user 42")
    message, tag = token.split(".")
    raw_tag = base64.urlsafe_b64decode(tag)
    forged_message = b64url(b"user 43") + "=" * (-len(b64url(b"user 43")) % 4)
    tampered = [
        f"{forged_message}.{tag}",
        f"{message}.{base64.urlsafe_b64encode(flip_byte(raw_tag, position)).decode()}",
    ]
    for bad in tampered:
        with pytest.raises(BadSignatureError, match="does not match"):
            unsign(hmac_key, "confirm-email", bad)


def test_signature_is_bound_to_key_and_purpose(hmac_key: bytes) -> None:
    token = sign(hmac_key, "confirm-email", b"user 42")
    with pytest.raises(BadSignatureError):
        unsign(hmac_key, "reset-password", token)
    with pytest.raises(BadSignatureError):
        unsign(secrets.token_bytes(32), "confirm-email", token)
    with pytest.raises(BadSignatureError, match="malformed"):
        unsign(hmac_key, "confirm-email", "no-dot-here")


def test_plain_equality_is_not_what_compares_tags() -> None:
    source = inspect.getsource(unsign)
    assert "hmac.compare_digest(" in source
    assert hmac.compare_digest(b"abc", b"abc") and not hmac.compare_digest(b"abc", b"abz")


# --- Fernet -------------------------------------------------------------------------------


def test_fernet_keys_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APP_FERNET_KEYS", raising=False)
    with pytest.raises(RuntimeError, match="APP_FERNET_KEYS is not set"):
        fernet_from_environment()
    monkeypatch.setenv("APP_FERNET_KEYS", Fernet.generate_key().decode())
    box = fernet_from_environment()
    assert box.decrypt(box.encrypt(b"card ending 4242")) == b"card ending 4242"


def test_a_flipped_byte_in_a_fernet_token_is_refused() -> None:
    box = Fernet(Fernet.generate_key())
    raw = base64.urlsafe_b64decode(box.encrypt(b"card ending 4242"))
    # Layout: version (byte 0), timestamp (1-8), IV (9-24), ciphertext, HMAC tag (last 32).
    for position in (0, 5, 9, 30, len(raw) - 1):  # version, time, IV, ciphertext, tag
        tampered = base64.urlsafe_b64encode(flip_byte(raw, position))
        with pytest.raises(InvalidToken):
            box.decrypt(tampered)


def test_a_fernet_token_older_than_its_ttl_is_refused() -> None:
    box = Fernet(Fernet.generate_key())
    token = box.encrypt_at_time(b"reset user 42", current_time=1_000_000)
    assert box.decrypt_at_time(token, ttl=600, current_time=1_000_000 + 599) == b"reset user 42"
    with pytest.raises(InvalidToken):
        box.decrypt_at_time(token, ttl=600, current_time=1_000_000 + 601)


def test_rotation_with_multifernet(monkeypatch: pytest.MonkeyPatch) -> None:
    old_key, new_key = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setenv("APP_FERNET_KEYS", old_key.decode())
    old_token = fernet_from_environment().encrypt(b"secret")
    monkeypatch.setenv("APP_FERNET_KEYS", f"{new_key.decode()},{old_key.decode()}")
    box = fernet_from_environment()
    assert box.decrypt(old_token) == b"secret"  # old data still readable
    rotated = box.rotate(old_token)
    assert Fernet(new_key).decrypt(rotated) == b"secret"
    with pytest.raises(InvalidToken):
        Fernet(old_key).decrypt(rotated)  # the old key can be retired after rotating


# --- AES-GCM ------------------------------------------------------------------------------


@pytest.fixture
def key_ring(monkeypatch: pytest.MonkeyPatch) -> KeyRing:
    new, old = (base64.b64encode(secrets.token_bytes(32)).decode() for _ in range(2))
    monkeypatch.setenv("APP_AES_KEYS", f"2026-11:{new},2026-05:{old}")
    return KeyRing.from_environment()


def test_aes_gcm_round_trip_with_a_fresh_nonce(key_ring: KeyRing) -> None:
    first = key_ring.encrypt(b"diagnosis", b"patient:17")
    second = key_ring.encrypt(b"diagnosis", b"patient:17")
    assert first != second  # a new random nonce each time
    assert key_ring.decrypt(first, b"patient:17") == b"diagnosis"
    assert first.startswith(b"\x072026-11")


def test_a_changed_ciphertext_or_associated_data_is_refused(key_ring: KeyRing) -> None:
    blob = key_ring.encrypt(b"diagnosis", b"patient:17")
    for position in range(8, len(blob)):  # nonce, ciphertext and tag, every byte
        with pytest.raises(InvalidTag):
            key_ring.decrypt(flip_byte(blob, position), b"patient:17")
    with pytest.raises(InvalidTag):  # pasted into another patient's record
        key_ring.decrypt(blob, b"patient:18")


def test_a_repeated_nonce_gives_away_the_plaintexts() -> None:
    """The bad version: a fixed nonce. Its two ciphertexts XOR to the two plaintexts' XOR."""
    key, nonce = AESGCM.generate_key(bit_length=256), b"\x00" * 12
    known, secret = b"meeting at 10:00", b"pin number: 4821"
    first = AESGCM(key).encrypt(nonce, known, b"")[: len(known)]
    second = AESGCM(key).encrypt(nonce, secret, b"")[: len(secret)]
    # Whoever knows (or guesses) the first message reads the second without the key.
    recovered = bytes(a ^ b ^ c for a, b, c in zip(first, second, known, strict=True))
    assert recovered == secret
    # With a fresh random nonce, as KeyRing.encrypt uses, the same trick yields noise.
    fresh = AESGCM(key).encrypt(secrets.token_bytes(12), secret, b"")[: len(secret)]
    assert bytes(a ^ b ^ c for a, b, c in zip(first, fresh, known, strict=True)) != secret


def test_old_keys_still_decrypt_and_unknown_ids_fail(key_ring: KeyRing) -> None:
    older = KeyRing(keys=key_ring.keys, current="2026-05")
    blob = older.encrypt(b"old record", b"patient:3")
    assert key_ring.decrypt(blob, b"patient:3") == b"old record"
    retired = KeyRing(keys={"2026-11": key_ring.keys["2026-11"]}, current="2026-11")
    with pytest.raises(KeyError, match="2026-05"):
        retired.decrypt(blob, b"patient:3")
    relabelled = b"\x072026-11" + blob[8:]  # claim the newer key: the header is authenticated
    with pytest.raises(InvalidTag):
        key_ring.decrypt(relabelled, b"patient:3")


def test_key_ring_refuses_short_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_AES_KEYS", f"k1:{base64.b64encode(b'too short').decode()}")
    with pytest.raises(ValueError, match="32 bytes"):
        KeyRing.from_environment()


@pytest.mark.parametrize("value", [None, "", " , "])
def test_key_ring_says_when_no_key_is_set(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("APP_AES_KEYS", raising=False)
    else:
        monkeypatch.setenv("APP_AES_KEYS", value)
    with pytest.raises(RuntimeError, match="APP_AES_KEYS is not set"):
        KeyRing.from_environment()


@pytest.mark.parametrize("value", ["just-a-key", ":bm8taWQ=", "k1:not base64!"])
def test_key_ring_refuses_malformed_entries(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("APP_AES_KEYS", value)
    with pytest.raises(ValueError, match="APP_AES_KEYS"):
        KeyRing.from_environment()


@pytest.mark.parametrize("blob", [b"", b"\x072026-11", b"\x072026-11" + bytes(20)])
def test_a_truncated_blob_is_refused_as_a_bad_tag(key_ring: KeyRing, blob: bytes) -> None:
    with pytest.raises(InvalidTag):
        key_ring.decrypt(blob, b"patient:17")


# --- JWT ----------------------------------------------------------------------------------

ISSUER, AUDIENCE = "https://login.example.com", "orders-api"


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def decoded_part(part: str) -> dict[str, object]:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def unsigned_token(header: dict[str, object], claims: dict[str, object], key: bytes) -> str:
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    if header["alg"] == "none":
        return signing_input + "."
    tag = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(tag)}"


def test_a_good_token_verifies(rsa_key: rsa.RSAPrivateKey) -> None:
    token = issue("user-42", rsa_key, issuer=ISSUER, audience=AUDIENCE)
    claims = verify(token, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)
    assert claims["sub"] == "user-42"
    assert claims["exp"] - claims["iat"] == 15 * 60


def test_a_changed_payload_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    header, payload, signature = issue("user-42", rsa_key, issuer=ISSUER, audience=AUDIENCE).split(
        "."
    )
    claims = decoded_part(payload) | {"sub": "admin"}
    forged = f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"
    with pytest.raises(jwt.InvalidSignatureError):
        verify(forged, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)
    # The bad version: skipping the check accepts the forgery.
    unchecked = jwt.decode(forged, options={"verify_signature": False})
    assert unchecked["sub"] == "admin"


def test_alg_none_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    now = int(datetime.now(UTC).timestamp())
    claims = {"sub": "admin", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600}
    forged = unsigned_token({"alg": "none", "typ": "JWT"}, claims, b"")
    with pytest.raises(jwt.InvalidAlgorithmError, match="not allowed"):
        verify(forged, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)


def test_public_key_as_hmac_secret_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    """Algorithm confusion: the attacker signs with HS256, using the published public key."""
    public_pem = rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    now = int(datetime.now(UTC).timestamp())
    claims = {"sub": "admin", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600}
    forged = unsigned_token({"alg": "HS256", "typ": "JWT"}, claims, public_pem)
    with pytest.raises(jwt.InvalidAlgorithmError, match="not allowed"):
        verify(forged, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)
    # A verifier that takes the algorithm from the token, with the key as text, is only
    # saved by PyJWT refusing PEM keys as HMAC secrets; older libraries were not.
    header_alg = jwt.get_unverified_header(forged)["alg"]
    with pytest.raises(jwt.InvalidKeyError, match="should not be used as an HMAC secret"):
        jwt.decode(forged, public_pem, algorithms=[header_alg], audience=AUDIENCE)
    # The same careless verifier, fed alg none: saved by other checks. "none" takes no
    # key, and even with key=None PyJWT 2 never counts an empty signature as valid.
    unsigned = unsigned_token({"alg": "none", "typ": "JWT"}, claims, b"")
    header_alg = jwt.get_unverified_header(unsigned)["alg"]
    with pytest.raises(jwt.InvalidKeyError, match="must be None"):
        jwt.decode(unsigned, public_pem, algorithms=[header_alg], audience=AUDIENCE)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(unsigned, None, algorithms=[header_alg], audience=AUDIENCE)


def test_an_expired_token_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    token = issue("user-42", rsa_key, issuer=ISSUER, audience=AUDIENCE, now=an_hour_ago)
    with pytest.raises(jwt.ExpiredSignatureError):
        verify(token, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)


def test_leeway_covers_seconds_not_minutes(rsa_key: rsa.RSAPrivateKey) -> None:
    just_expired = datetime.now(UTC) - timedelta(minutes=15, seconds=10)
    token = issue("user-42", rsa_key, issuer=ISSUER, audience=AUDIENCE, now=just_expired)
    assert verify(token, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)["sub"]


def test_a_token_for_another_audience_or_issuer_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    token = issue("user-42", rsa_key, issuer=ISSUER, audience="billing-api")
    with pytest.raises(jwt.InvalidAudienceError):
        verify(token, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)
    token = issue("user-42", rsa_key, issuer="https://evil.example", audience=AUDIENCE)
    with pytest.raises(jwt.InvalidIssuerError):
        verify(token, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)


def test_a_token_without_expiry_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    forever = jwt.encode({"sub": "user-42", "iss": ISSUER, "aud": AUDIENCE}, rsa_key, "RS256")
    with pytest.raises(jwt.MissingRequiredClaimError, match="exp"):
        verify(forever, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)


def test_a_token_signed_by_another_key_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = issue("user-42", stranger, issuer=ISSUER, audience=AUDIENCE)
    with pytest.raises(jwt.InvalidSignatureError):
        verify(token, rsa_key.public_key(), issuer=ISSUER, audience=AUDIENCE)


def test_the_payload_is_readable_by_anyone(rsa_key: rsa.RSAPrivateKey) -> None:
    token = issue("user-42", rsa_key, issuer=ISSUER, audience=AUDIENCE)
    assert decoded_part(token.split(".")[1])["sub"] == "user-42"  # signed, not encrypted
