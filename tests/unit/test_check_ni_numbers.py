"""scripts/check_ni_numbers.py: no test, fixture or demo file carries a real-looking NI number.

HMRC's format (NIM39110): two prefix letters, six digits, suffix A-D. The first letter is not D,
F, I, Q, U or V; the second is not D, F, I, O, Q, U or V; BG, GB, KN, NK, NT, TN and ZZ are never
allocated. Test data uses an impossible prefix, such as HMRC's example QQ. No database.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_ni_numbers.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("check_ni_numbers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = _load_script()


@pytest.mark.parametrize(
    "number",
    [
        "JG103077B",
        "SK123456C",
        "OA123456D",  # O may be the first letter
        "ZA123456A",  # Z may be the first letter; only ZZ is never allocated
        "sk123456c",  # any case
        "Jg103077b",
        "JG 10 30 77 B",  # spaced in pairs, as printed on a card
        "jg 10 30 77 b",
        "JG10 3077B",  # any of the spaces
        "JG  10 30  77 B",  # however many
    ],
)
def test_real_looking_number_is_flagged(number):
    assert len(list(check.find_in_text(f'ni_number = "{number}"\n'))) == 1


@pytest.mark.parametrize(
    "number",
    [
        "QQ123456C",  # HMRC's own example prefix: Q is never a prefix letter
        "QQ 12 34 56 C",
        "qq123456c",
        "DA123456A",  # first letter D, F, I, Q, U or V
        "FA123456A",
        "IA123456A",
        "UA123456A",
        "VA123456A",
        "AD123456A",  # second letter D, F, I, O, Q, U or V
        "AF123456A",
        "AI123456A",
        "AO123456A",
        "AQ123456A",
        "AU123456A",
        "AV123456A",
        "BG123456A",  # never allocated
        "GB123456A",
        "KN123456A",
        "NK123456A",
        "NT123456A",
        "TN123456A",
        "ZZ123456A",
        "JG103077E",  # suffix is A-D
        "JG103077Z",
        "JG10307B",  # five digits
        "JG1030777B",  # seven digits
        "XJG103077B",  # inside a longer code
        "JG103077BX",
        "9JG103077B",
    ],
)
def test_impossible_or_malformed_number_is_not_flagged(number):
    assert list(check.find_in_text(f'ni_number = "{number}"\n')) == []


def test_each_line_with_a_number_is_reported_with_its_line_number():
    text = 'a = "QQ123456C"\nb = "JG103077B"\n\nc = ["SK123456C", "ab 12 34 56 c"]\n'

    assert list(check.find_in_text(text)) == [(2, ("JG******B",)), (4, ("SK******C", "AB******C"))]


def test_hit_is_printed_as_path_and_line_with_the_number_masked(tmp_path, capsys):
    path = tmp_path / "people.json"
    path.write_text('[\n  {"ni_number": "jg 10 30 77 b"}\n]\n', encoding="utf-8")

    code = check.main([str(path)], root=tmp_path)

    out = capsys.readouterr().out
    assert code == 1
    assert out == f"{path}:2: real-looking NI number JG******B (use a QQ prefix in test data)\n"
    assert "103077" not in out
    assert "10 30 77" not in out


def test_clean_files_pass_silently(tmp_path, capsys):
    path = tmp_path / "test_people.py"
    path.write_text('NI = "QQ 12 34 56 C"\nREF = "P-7K3M9Q"\n', encoding="utf-8")

    assert check.main([str(path)], root=tmp_path) == 0
    assert capsys.readouterr().out == ""


def test_a_missing_path_exits_2(tmp_path, capsys):
    assert check.main([str(tmp_path / "gone.py")], root=tmp_path) == 2
    assert "gone.py: no such file or folder" in capsys.readouterr().err


def test_a_folder_argument_checks_its_data_files_only(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "people.csv").write_text("ref,ni\nP-000001,AB123456C\n", encoding="utf-8")
    (tmp_path / "data" / "notes.md").write_text("AB123456C\n", encoding="utf-8")

    assert check.main([str(tmp_path / "data")], root=tmp_path) == 1
    out = capsys.readouterr().out
    assert "people.csv:2:" in out
    assert "notes.md" not in out


def test_without_arguments_checks_tests_devtools_and_fixtures_folders(tmp_path, capsys):
    number = "ni = 'SK123456C'\n"
    for relative in (
        "tests/views/test_person.py",
        "tests/data.txt",
        "triage/devtools/demo.py",
        "triage/fixtures/people.json",
        "other/fixtures/people.csv",
        # not checked: application code, other suffixes, and what is installed or cached
        "triage/forms/person.py",
        "tests/notes.md",
        ".venv/lib/fixtures/people.json",
        "node_modules/pkg/fixtures/people.json",
        "tests/__pycache__/data.txt",
    ):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(number, encoding="utf-8")

    assert check.main([], root=tmp_path) == 1

    reported = sorted(line.split(":")[0] for line in capsys.readouterr().out.splitlines())
    assert reported == [
        "other/fixtures/people.csv",
        "tests/data.txt",
        "tests/views/test_person.py",
        "triage/devtools/demo.py",
        "triage/fixtures/people.json",
    ]


def test_this_test_file_is_exempt_as_it_holds_real_looking_numbers_on_purpose(tmp_path, capsys):
    own_test = tmp_path / "tests" / "unit" / "test_check_ni_numbers.py"
    own_test.parent.mkdir(parents=True)
    own_test.write_text('NI = "JG103077B"\n', encoding="utf-8")

    assert check.main([], root=tmp_path) == 0
    assert check.main([str(own_test)], root=tmp_path) == 0
    assert capsys.readouterr().out == ""


def test_without_arguments_an_empty_tree_passes(tmp_path):
    assert check.main([], root=tmp_path) == 0


def test_command_line_exit_codes(tmp_path):
    flagged = tmp_path / "flagged.py"
    flagged.write_text('NI = "AB 12 34 56 C"\n', encoding="utf-8")
    clean = tmp_path / "clean.py"
    clean.write_text('NI = "QQ 12 34 56 C"\n', encoding="utf-8")

    def exit_code(*paths: Path) -> int:
        return subprocess.run([sys.executable, str(SCRIPT), *map(str, paths)], capture_output=True).returncode

    assert exit_code(clean) == 0
    assert exit_code(flagged) == 1
    assert exit_code(clean, flagged) == 1


def test_the_repository_carries_no_real_looking_ni_number_in_tests_or_fixtures():
    """Run by `make test` as well as by the pre-commit hook, so CI holds the rule too."""
    completed = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=SCRIPT.parent.parent, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout


def test_a_line_marked_fictional_is_allowed(tmp_path):
    path = tmp_path / "test_marked.py"
    path.write_text('ni = "AB 12 34 56 C"  # fictional-ni\nother = "AB 12 34 56 C"\n')  # fictional-ni
    completed = subprocess.run([sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, check=False)
    assert completed.returncode == 1
    assert f"{path}:2:" in completed.stdout
    assert f"{path}:1:" not in completed.stdout
