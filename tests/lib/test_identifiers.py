"""triage.lib.identifiers: a partner's file of identifiers, checked row by row, NI numbers hashed."""

from datetime import date

import pytest

from triage.lib import identifiers
from triage.lib.identifiers import IdentifierError, ni_hash, ni_stem, parse_identifiers

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
TODAY = date(2026, 12, 7)
HEADER = ",".join(identifiers.COLUMNS)


def csv_of(*lines: str) -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode()


def parse(*lines: str):
    return parse_identifiers(csv_of(*lines), key=KEY, today=TODAY)


@pytest.mark.parametrize(
    "written",
    [
        "AB123456C",  # fictional-ni
        "ab 12 34 56 c",  # fictional-ni
        " A B1234 56C ",  # fictional-ni
        "AB123456",  # the stem alone: a missing suffix matches  # fictional-ni
        "ab\t123456\u00a0d",  # another suffix, other spaces  # fictional-ni
    ],
)
def test_an_ni_number_in_any_case_or_spacing_gives_one_stem(written):
    assert ni_stem(written) == "AB123456"  # fictional-ni


@pytest.mark.parametrize("first", list("DFIQUV"))
def test_first_letters_never_issued_are_refused(first):
    assert ni_stem(f"{first}A123456C") is None


@pytest.mark.parametrize("second", list("DFIOQUV"))
def test_second_letters_never_issued_are_refused(second):
    assert ni_stem(f"A{second}123456C") is None


@pytest.mark.parametrize("prefix", ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"])
def test_prefixes_never_issued_are_refused(prefix):
    assert ni_stem(f"{prefix}123456C") is None


@pytest.mark.parametrize(
    "text", ["AB12345C", "AB1234567C", "AB123456E", "A1123456C", "123456789", "", "AB 12 34 56 CC"]
)
def test_malformed_numbers_are_refused(text):
    assert ni_stem(text) is None


def test_the_letters_allowed_elsewhere_are_accepted():
    assert ni_stem("OA123456A") == "OA123456"  # O is refused second, not first  # fictional-ni
    assert ni_stem("JG103759A") == "JG103759"  # HMRC's own example  # fictional-ni


def test_the_same_number_hashes_alike_under_one_key_and_differently_under_another():
    one = parse("r1,AB 12 34 56 C,,,,", "r2,ab123456,,,,").rows  # fictional-ni
    assert one[0].ni_hash == one[1].ni_hash == ni_hash("AB123456", key=KEY)  # fictional-ni
    other = parse_identifiers(csv_of("r1,AB123456C,,,,"), key=OTHER_KEY, today=TODAY).rows  # fictional-ni
    assert other[0].ni_hash != one[0].ni_hash
    assert "AB123456" not in repr(one)  # fictional-ni


def test_a_good_file_is_accepted_with_names_keyed_and_postcodes_tidied():
    parsed = parse("DWP-1,AB123456C,,,,", "DWP-2,,Siobhán,O’Neill,27/03/1975,eh11aa")  # fictional-ni
    assert parsed.errors == []
    assert parsed.received == 2
    second = parsed.rows[1]
    assert (second.record_id, second.ni_hash, second.given_name, second.family_name) == (
        "DWP-2",
        "",
        "siobhan",
        "oneill",
    )
    assert (second.date_of_birth, second.postcode) == (date(1975, 3, 27), "EH1 1AA")


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (",AB123456C,,,,", IdentifierError(2, "record id", "Enter your record id for this person")),  # fictional-ni
        (
            "r1,QQ123456C,,,,",
            IdentifierError(
                2, "NI number", "Enter an NI number in the right format, like QQ 12 34 56 C, or leave it empty"
            ),
        ),
        (
            "r1,,Morag,Campbell,1975-02-30,",
            IdentifierError(2, "date of birth", "Enter a real date of birth, like 1975-03-27 or 27/03/1975"),
        ),
        (
            "r1,,Morag,Campbell,2027-01-01,",
            IdentifierError(2, "date of birth", "Date of birth must be between 1900 and today"),
        ),
        (
            "r1,,Morag,Campbell,1899-12-31,",
            IdentifierError(2, "date of birth", "Date of birth must be between 1900 and today"),
        ),
        (
            "r1,,Morag,Campbell,1975-03-27,NOT A POSTCODE",
            IdentifierError(2, "postcode", "Enter a postcode like EH1 1AA, or leave it empty"),
        ),
        (
            "r1,,Morag,,1975-03-27,EH1 1AA",
            IdentifierError(2, None, "Give an NI number, or a given name, family name and date of birth (or all four)"),
        ),
        ("r1,AB123456C", IdentifierError(2, None, "Row must have 6 columns")),  # fictional-ni
    ],
)
def test_each_kind_of_error_is_named_by_row_and_column(line, error):
    parsed = parse(line)
    assert parsed.errors == [error]
    assert parsed.rows == []


def test_a_duplicate_record_id_names_the_first_row():
    parsed = parse("r1,AB123456C,,,,", "r2,,Iain,MacLeod,1981-03-27,", "r1,,Iain,Ross,1980-01-01,")  # fictional-ni
    assert parsed.errors == [
        IdentifierError(4, "record id", "Row 2 has the same record id: each person needs their own")
    ]


def test_every_error_is_listed_and_a_file_with_any_keeps_no_row():
    parsed = parse("r1,AB123456C,,,,", ",XX,,,31/02/1980,", "r3,,Iain,MacLeod,1981-03-27,")  # fictional-ni
    assert [(e.row, e.column) for e in parsed.errors] == [(3, "record id"), (3, "NI number"), (3, "date of birth")]
    assert parsed.rows == []
    assert parsed.received == 3


def test_an_error_never_repeats_the_ni_number():
    parsed = parse("r1,AB12345,,,,")  # fictional-ni
    assert "AB12345" not in repr(parsed.errors)  # fictional-ni


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"record_id,ni_number\r\nr1,x\r\n", None),
        (HEADER.encode() + b"\r\n\r\n", "The file has no people under its column names"),
        (b"\xff\xfe\x00r", "The file must be a CSV saved as UTF-8"),
        (b"x" * (identifiers.MAX_UPLOAD_BYTES + 1), "The file must be smaller than 20 MB"),
    ],
)
def test_a_file_that_is_not_one_is_refused_whole(content, message):
    parsed = parse_identifiers(content, key=KEY, today=TODAY)
    assert parsed.rows == [] and len(parsed.errors) == 1
    if message:
        assert parsed.errors[0].message == message
    else:
        assert parsed.errors[0].row == 1


def test_the_template_is_the_header_the_parser_wants_and_no_example_person():
    assert identifiers.template_csv() == HEADER + "\r\n"
    assert parse_identifiers(identifiers.template_csv().encode(), key=KEY, today=TODAY).errors == [
        IdentifierError(None, None, "The file has no people under its column names")
    ]
