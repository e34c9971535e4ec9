import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from speeches.models import Speech
from tests.speeches.conftest import SHARED_SPEECHES, sample_bytes

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_import_speech_prints_one_line_per_created_speech(capsys):
    sample_bytes("000")
    (path,) = SHARED_SPEECHES.glob("000_*.txt")
    call_command("import_speech", str(path))
    (line,) = capsys.readouterr().out.splitlines()
    pk, title, delivered = line.split("\t")
    assert Speech.objects.get(pk=int(pk)).title == title == "在全区基层党建工作会议上的讲话"
    assert delivered == "2010-02-04"


@pytest.mark.django_db
def test_import_speech_exits_non_zero_when_any_file_fails(tmp_path, capsys):
    sample_bytes("000")
    (good,) = SHARED_SPEECHES.glob("000_*.txt")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(SystemExit) as excinfo:
        call_command("import_speech", str(good), str(bad))
    assert excinfo.value.code == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1
    assert "empty.txt" in captured.err
    assert Speech.objects.count() == 1


@pytest.mark.django_db
def test_import_speech_needs_date_when_the_file_has_none(tmp_path, capsys):
    path = tmp_path / "nodate.txt"
    path.write_text("在全县会议上的讲话\n\n各乡镇要在年底前完成村级活动场所建设。", "utf-8")
    with pytest.raises(SystemExit):
        call_command("import_speech", str(path))
    assert "--date" in capsys.readouterr().err
    call_command("import_speech", str(path), "--date", "2024-03-05", "--title", "县委书记讲话")
    assert Speech.objects.get().title == "县委书记讲话"


def test_extract_tasks_json_prints_directives_whose_quotes_index_the_decoded_text():
    sample_bytes("000")
    (path,) = SHARED_SPEECHES.glob("000_*.txt")
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_tasks", str(path), "--date", "2010-02-04", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(items) > 10
    from speeches.importers import read_document

    text = read_document(path.read_bytes(), path.name).cleaned_text
    for item in items:
        assert set(item) == {
            "quote",
            "start",
            "end",
            "task",
            "units",
            "deadline_text",
            "deadline",
            "recurrence",
            "target",
            "confidence",
            "section",
            "units_source",
            "deadline_source",
        }
        assert text[item["start"] : item["end"]] == item["quote"]
