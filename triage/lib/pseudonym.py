"""Keyed pseudonyms: HMAC-SHA256 of a value under a secret key, for exports and the PACE ID.

An unkeyed hash of an identifier protects nothing: there are only about 3.7×10⁸ valid National
Insurance number stems, and all of them hash in minutes. Under a key that never leaves the service,
the same value always gives the same pseudonym (so records link), and without the key nobody can
go back, or test a guess. The key is an argument: this module never reads settings, so each use
(an export, a partner's file) can hold its own key, and rotating one leaves the others alone.
"""

import hashlib
import hmac
from collections.abc import Callable

MIN_KEY_BYTES = 32  # as long as the hash: a shorter key is the weak point


class PseudonymKeyError(ValueError):
    """The key is missing or too short to protect anything."""


def pseudonym(value: str, *, key: bytes, purpose: str = "", length: int = 64) -> str:
    """The keyed pseudonym of `value`, as lower-case hex (`length` characters, at most 64).

    `purpose` separates uses that share a key: the same value gives unrelated pseudonyms for
    different purposes (an evaluator's export and a partner's file cannot be joined on them).
    """
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(f"a pseudonym key needs at least {MIN_KEY_BYTES} bytes, not {len(key)}")
    if not 8 <= length <= 64:
        raise ValueError("a pseudonym has 8 to 64 hex characters")
    message = purpose.encode() + b"\x00" + value.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:length]


def pseudonymiser(*, key: bytes, purpose: str = "", length: int = 64) -> Callable[[str], str]:
    """`pseudonym(value, key=key, purpose=purpose, length=length)` as a function of the value alone,
    the same pseudonyms: the HMAC of the key and purpose is worked out once and copied for each
    value (an export keys a million of them). The key and length are checked now."""
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(f"a pseudonym key needs at least {MIN_KEY_BYTES} bytes, not {len(key)}")
    if not 8 <= length <= 64:
        raise ValueError("a pseudonym has 8 to 64 hex characters")
    keyed = hmac.new(key, purpose.encode() + b"\x00", hashlib.sha256)

    def of(value: str) -> str:
        digest = keyed.copy()
        digest.update(value.encode())
        return digest.hexdigest()[:length]

    return of


def matches(value: str, candidate: str, *, key: bytes, purpose: str = "") -> bool:
    """Whether `candidate` is the pseudonym of `value`, compared in constant time."""
    return hmac.compare_digest(pseudonym(value, key=key, purpose=purpose, length=len(candidate)), candidate)
