"""Tests for autograder/grading/lms.py: Canvas and Moodle export zips, read safely into the workdir."""

import hashlib
import json
import stat
import zipfile

import pytest

from autograder.grading import lms
from autograder.grading.lms import extract_lms_zip

ASSIGNMENT = "04_vae"
MB = 1024 * 1024


def notebook(tag):
    """A minimal notebook's bytes whose one cell says tag, so a test can tell which file was kept."""
    cell = {"cell_type": "code", "metadata": {}, "source": f"# {tag}", "outputs": [], "execution_count": None}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def entry(name, date_time=(2024, 1, 1, 12, 0, 0), mode=None):
    """A ZipInfo for name, optionally with a date and a Unix mode (file type included)."""
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    if mode is not None:
        info.external_attr = mode << 16
    return info


def make_zip(path, files):
    """Write a zip of {name or ZipInfo: bytes} in the given order; return its path."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items() if isinstance(files, dict) else files:
            archive.writestr(name if isinstance(name, zipfile.ZipInfo) else entry(name), data)
    return path


def by_id(submissions):
    return {s.student_id: s for s in submissions}


def kept(submission):
    """Which notebook() tag a valid submission's copy holds."""
    return json.loads(submission.path.read_text())["cells"][0]["source"][2:]


def files_outside(root, workdir):
    """Every file under root that is not under workdir."""
    return {p for p in root.rglob("*") if p.is_file() and workdir not in p.parents}


def test_canvas_names_copies_and_hashes(tmp_path):
    source = make_zip(tmp_path / "canvas.zip", {
        "doejane_12345_67890_04_vae.ipynb": notebook("jane"),
        "smithjohn_222_333_my work.ipynb": notebook("john"),
    })
    submissions = extract_lms_zip(source, ASSIGNMENT, tmp_path / "work")
    assert [s.student_id for s in submissions] == ["doejane", "smithjohn"]
    for s in submissions:
        assert s.path == tmp_path / "work" / s.student_id / "04_vae.ipynb"
        assert s.content_hash == hashlib.sha256(s.path.read_bytes()).hexdigest()
    again = extract_lms_zip(source, ASSIGNMENT, tmp_path / "work2")
    assert [s.content_hash for s in again] == [s.content_hash for s in submissions]


def test_canvas_late_resubmission_keeps_the_latest(tmp_path):
    source = make_zip(tmp_path / "canvas.zip", {
        "doejane_12345_67890_04_vae.ipynb": notebook("first"),
        "doejane_LATE_12345_67999_04_vae-1.ipynb": notebook("late resubmission"),
        "doejane_LATE_12345_67999_04_vae.ipynb": notebook("late, earlier upload"),
        "doejane_12345_67001_04_vae-2.ipynb": notebook("old submission id"),
    })
    [jane] = extract_lms_zip(source, ASSIGNMENT, tmp_path / "work")
    assert jane.student_id == "doejane"
    assert kept(jane) == "late resubmission"


def test_canvas_same_name_token_two_users_get_user_ids(tmp_path):
    source = make_zip(tmp_path / "canvas.zip", {
        "leeann_111_900_04_vae.ipynb": notebook("ann 111"),
        "leeann_222_901_04_vae.ipynb": notebook("ann 222"),
        "doejane_333_902_04_vae.ipynb": notebook("jane"),
    })
    submissions = by_id(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work"))
    assert sorted(submissions) == ["doejane", "leeann_111", "leeann_222"]
    assert kept(submissions["leeann_222"]) == "ann 222"


@pytest.mark.parametrize("layout", ["folder", "flat"])
def test_moodle_names_become_sanitised_full_names(tmp_path, layout):
    separator = "/" if layout == "folder" else ""
    source = make_zip(tmp_path / "moodle.zip", {
        f"Jane Doe_4001_assignsubmission_file_{separator}04_vae.ipynb": notebook("jane"),
        f"José García_4002_assignsubmission_file_{separator}vae.ipynb": notebook("jose"),
    })
    submissions = by_id(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work"))
    assert sorted(submissions) == ["Jane_Doe", "Jose_Garcia"]
    assert kept(submissions["Jose_Garcia"]) == "jose"


def test_moodle_name_collision_uses_participant_ids(tmp_path):
    source = make_zip(tmp_path / "moodle.zip", {
        "Jane Doe_4001_assignsubmission_file_/04_vae.ipynb": notebook("jane 4001"),
        "Jane Doe_4002_assignsubmission_file_/04_vae.ipynb": notebook("jane 4002"),
    })
    submissions = by_id(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work"))
    assert sorted(submissions) == ["Jane_Doe_4001", "Jane_Doe_4002"]


def test_moodle_duplicates_keep_the_latest_entry_date(tmp_path):
    folder = "Jane Doe_4001_assignsubmission_file_"
    source = make_zip(tmp_path / "moodle.zip", [
        (entry(f"{folder}/vae_new.ipynb", (2024, 3, 2, 9, 0, 0)), notebook("newer")),
        (entry(f"{folder}/vae_old.ipynb", (2024, 3, 1, 9, 0, 0)), notebook("older")),
    ])
    assert kept(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work")[0]) == "newer"


def test_nested_folders_are_walked_and_inner_zips_are_not_extracted(tmp_path):
    source = make_zip(tmp_path / "export.zip", {
        "Course export/week 4/Jane Doe_4001_assignsubmission_file_/deep/04_vae.ipynb": notebook("jane"),
        "Course export/week 4/Bob Ray_4002_assignsubmission_file_/bundle.zip": b"PK\x03\x04 inner zip",
    })
    submissions = by_id(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work"))
    assert kept(submissions["Jane_Doe"]) == "jane"
    assert submissions["Bob_Ray"].path is None
    assert submissions["Bob_Ray"].problem == "no .ipynb notebook found (got: bundle.zip)"


def test_junk_is_ignored_silently(tmp_path):
    source = make_zip(tmp_path / "canvas.zip", {
        "doejane_12345_67890_04_vae.ipynb": notebook("jane"),
        "__MACOSX/._doejane_12345_67890_04_vae.ipynb": b"junk",
        ".DS_Store": b"junk",
        "Thumbs.db": b"junk",
        ".ipynb_checkpoints/smith_1_2_04_vae-checkpoint.ipynb": notebook("checkpoint"),
        "index.html": b"<html>Canvas listing</html>",
    })
    assert [s.student_id for s in extract_lms_zip(source, ASSIGNMENT, tmp_path / "work")] == ["doejane"]


def test_student_with_only_a_pdf_is_invalid(tmp_path):
    source = make_zip(tmp_path / "canvas.zip", {
        "doejane_12345_67890_04_vae.ipynb": notebook("jane"),
        "smithjohn_222_333_report.pdf": b"%PDF-1.4",
    })
    john = by_id(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work"))["smithjohn"]
    assert john.path is None
    assert john.problem == "no .ipynb notebook found (got: report.pdf)"


def test_fallback_owners_for_files_named_by_neither_lms(tmp_path):
    source = make_zip(tmp_path / "plain.zip", {
        "alice.ipynb": notebook("alice, top level"),
        "Archive/bob/04_vae.ipynb": notebook("bob, folder"),
        "Archive/carol/report.pdf": b"%PDF",
        "course/submitted/dave/04_vae/any.ipynb": notebook("dave, nbgrader tree"),
    })
    submissions = by_id(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work"))
    assert sorted(submissions) == ["Archive", "alice", "dave"]
    assert kept(submissions["dave"]) == "dave, nbgrader tree"


def test_wrapper_folder_shared_by_every_file_is_set_aside(tmp_path):
    source = make_zip(tmp_path / "plain.zip", {
        "Archive/bob/04_vae.ipynb": notebook("bob"),
        "Archive/carol/report.pdf": b"%PDF",
        "Archive/erin.ipynb": notebook("erin"),
    })
    submissions = by_id(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work"))
    assert sorted(submissions) == ["bob", "carol", "erin"]
    assert submissions["carol"].path is None


def test_unsafe_entries_are_never_written_and_are_reported(tmp_path):
    workdir = tmp_path / "deep" / "work"
    source = make_zip(tmp_path / "evil.zip", [
        ("doejane_12345_67890_04_vae.ipynb", notebook("jane")),
        ("../evil.ipynb", notebook("escape")),
        ("../../etc/passwd", b"root:x:0:0"),
        ("/abs/mallory_7_8_04_vae.ipynb", notebook("absolute")),
        (entry("linky_5_6_04_vae.ipynb", mode=stat.S_IFLNK | 0o777), b"/etc/passwd"),
        (entry("fifo_9_9_04_vae.ipynb", mode=stat.S_IFIFO | 0o644), b""),
        # An unsafe copy beside a safe one does not spoil the safe one.
        ("../doejane_12345_67891_04_vae.ipynb", notebook("jane, unsafe and later")),
    ])
    before = files_outside(tmp_path, workdir)
    submissions = by_id(extract_lms_zip(source, ASSIGNMENT, workdir))
    assert files_outside(tmp_path, workdir) == before
    assert kept(submissions["doejane"]) == "jane"
    problems = {sid: s.problem for sid, s in submissions.items() if sid != "doejane"}
    assert problems == {
        "evil": "unsafe path in zip: ../evil.ipynb",
        "etc": "unsafe path in zip: ../../etc/passwd",
        "mallory": "unsafe path in zip: /abs/mallory_7_8_04_vae.ipynb",
        "linky": "symlink in zip: linky_5_6_04_vae.ipynb",
        "fifo": "special file in zip: fifo_9_9_04_vae.ipynb",
    }
    assert all(submissions[sid].path is None for sid in problems)
    assert sorted(p.parent.name for p in workdir.rglob("*.ipynb")) == ["doejane"]


def test_zip_bomb_notebook_is_invalid_and_the_batch_continues(tmp_path):
    source = tmp_path / "bomb.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("doejane_12345_67890_04_vae.ipynb", notebook("jane"))
        with archive.open("bomber_1_2_04_vae.ipynb", "w", force_zip64=True) as bomb:
            for _ in range(60):
                bomb.write(bytes(MB))
    assert source.stat().st_size < MB
    submissions = by_id(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work"))
    assert submissions["bomber"].problem == "notebook larger than 50 MB"
    assert submissions["bomber"].path is None
    assert kept(submissions["doejane"]) == "jane"


def lie_about_size(path, name, claimed):
    """Rewrite the uncompressed size that the central directory (what zipfile trusts) records for name."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    header = data.index(b"PK\x01\x02")
    while data[header + 46:header + 46 + len(encoded)] != encoded:
        header = data.index(b"PK\x01\x02", header + 4)
    data[header + 24:header + 28] = claimed.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def test_entry_whose_header_lies_about_its_size_is_invalid(tmp_path):
    source = make_zip(tmp_path / "liar.zip", {
        "doejane_12345_67890_04_vae.ipynb": notebook("jane"),
        "liar_1_2_04_vae.ipynb": bytes(4 * MB),
    })
    lie_about_size(source, "liar_1_2_04_vae.ipynb", 1000)
    with zipfile.ZipFile(source) as archive:
        assert archive.getinfo("liar_1_2_04_vae.ipynb").file_size == 1000
    submissions = by_id(extract_lms_zip(source, ASSIGNMENT, tmp_path / "work"))
    assert submissions["liar"].path is None
    assert submissions["liar"].problem.startswith("unreadable notebook in zip: 04_vae.ipynb")
    assert kept(submissions["doejane"]) == "jane"


def test_total_size_cap_leaves_later_students_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(lms, "MAX_TOTAL_BYTES", 3000)
    source = make_zip(tmp_path / "canvas.zip", {
        f"student{i}_{i}_{i}_04_vae.ipynb": notebook("x" * 1000) for i in range(1, 5)
    })
    submissions = extract_lms_zip(source, ASSIGNMENT, tmp_path / "work")
    valid = [s.student_id for s in submissions if not s.problem]
    assert valid == ["student1", "student2"]
    assert "500" not in submissions[-1].problem and "in total" in submissions[-1].problem


def test_corrupt_zip_raises_value_error(tmp_path):
    good = make_zip(tmp_path / "good.zip", {"doejane_1_2_04_vae.ipynb": notebook("jane")})
    (tmp_path / "truncated.zip").write_bytes(good.read_bytes()[:-30])
    for broken in (tmp_path / "truncated.zip", tmp_path / "missing.zip"):
        with pytest.raises(ValueError, match="not a readable zip file"):
            extract_lms_zip(broken, ASSIGNMENT, tmp_path / "work")


def test_zip_with_no_student_files_raises_value_error(tmp_path):
    source = make_zip(tmp_path / "empty.zip", {"__MACOSX/._x": b"", "readme.txt": b"hello"})
    with pytest.raises(ValueError, match="no student files"):
        extract_lms_zip(source, ASSIGNMENT, tmp_path / "work")


def test_order_of_entries_does_not_change_the_result(tmp_path):
    files = [
        ("doejane_12345_67890_04_vae.ipynb", notebook("a")),
        ("doejane_12345_67890_04_vae-1.ipynb", notebook("b")),
        ("Jane Doe_1_assignsubmission_file_/x.ipynb", notebook("c")),
        ("jane doe.ipynb", notebook("d")),
    ]
    forward = extract_lms_zip(make_zip(tmp_path / "f.zip", files), ASSIGNMENT, tmp_path / "w1")
    backward = extract_lms_zip(make_zip(tmp_path / "b.zip", files[::-1]), ASSIGNMENT, tmp_path / "w2")
    def summary(submissions):
        return [(s.student_id, s.content_hash) for s in submissions]

    assert summary(forward) == summary(backward)
