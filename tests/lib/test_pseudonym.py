"""triage.lib.pseudonym: keyed pseudonyms link records without revealing or confirming who they are."""

import hashlib
import hmac

import pytest

from triage.lib.pseudonym import PseudonymKeyError, matches, pseudonym

KEY = b"k" * 32
OTHER_KEY = b"o" * 32


def test_the_same_value_under_the_same_key_gives_the_same_pseudonym():
    assert pseudonym("QQ123456", key=KEY) == pseudonym("QQ123456", key=KEY)


def test_a_different_value_gives_a_different_pseudonym():
    assert pseudonym("QQ123456", key=KEY) != pseudonym("QQ123457", key=KEY)


def test_a_different_key_gives_an_unrelated_pseudonym():
    assert pseudonym("QQ123456", key=KEY) != pseudonym("QQ123456", key=OTHER_KEY)


def test_it_is_not_the_unkeyed_hash_anyone_could_compute():
    value = "QQ123456"
    assert pseudonym(value, key=KEY) != hashlib.sha256(value.encode()).hexdigest()


def test_it_is_hmac_sha256_of_purpose_and_value():
    expected = hmac.new(KEY, b"export\x00QQ123456", hashlib.sha256).hexdigest()
    assert pseudonym("QQ123456", key=KEY, purpose="export") == expected


def test_purposes_sharing_a_key_cannot_be_joined():
    assert pseudonym("QQ123456", key=KEY, purpose="export") != pseudonym("QQ123456", key=KEY, purpose="partner:DWP")


def test_a_short_key_is_refused():
    with pytest.raises(PseudonymKeyError, match="at least 32 bytes"):
        pseudonym("QQ123456", key=b"short")


def test_length_is_bounded_and_applied():
    assert len(pseudonym("x", key=KEY, length=16)) == 16
    with pytest.raises(ValueError):
        pseudonym("x", key=KEY, length=4)


def test_matches_checks_a_candidate():
    candidate = pseudonym("QQ123456", key=KEY, length=20)
    assert matches("QQ123456", candidate, key=KEY)
    assert not matches("QQ123457", candidate, key=KEY)


def test_a_pseudonymiser_gives_the_same_pseudonyms():
    from triage.lib.pseudonym import pseudonymiser

    key = b"k" * 40
    of = pseudonymiser(key=key, purpose="pace-id", length=16)
    for value in ("P-7K3M9Q", "", "déjà vu", "x" * 200):
        assert of(value) == pseudonym(value, key=key, purpose="pace-id", length=16)
    assert pseudonymiser(key=key)("a") == pseudonym("a", key=key)
    with pytest.raises(PseudonymKeyError):
        pseudonymiser(key=b"short")
    with pytest.raises(ValueError, match="8 to 64"):
        pseudonymiser(key=key, length=65)
