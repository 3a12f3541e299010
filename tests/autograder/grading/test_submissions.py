"""Tests for autograder/grading/submissions.py: collecting one Submission per student from a folder."""

import hashlib
import json
import zipfile

import pytest

from autograder.grading.submissions import collect, safe_id, unique_ids

ASSIGNMENT = "04_vae"


def notebook(tag):
    """A minimal notebook's bytes whose one cell says tag, so a test can tell which file was kept."""
    cell = {"cell_type": "code", "metadata": {}, "source": f"# {tag}", "outputs": [], "execution_count": None}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def write(root, files):
    """Write {relative path: bytes} under root; return root."""
    for relative, data in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    return root


def by_id(submissions):
    return {s.student_id: s for s in submissions}


def test_folder_per_student_copies_each_notebook_into_workdir(tmp_path):
    files = {"alice/04_vae.ipynb": notebook("alice"), "bob/work.ipynb": notebook("bob")}
    submissions = collect(write(tmp_path / "subs", files), ASSIGNMENT, tmp_path / "work")
    assert [s.student_id for s in submissions] == ["alice", "bob"]
    for s in submissions:
        assert s.problem == ""
        assert s.path == tmp_path / "work" / s.student_id / "04_vae.ipynb"
        assert s.path.read_bytes() == notebook(s.student_id)
        assert s.content_hash == hashlib.sha256(notebook(s.student_id)).hexdigest()


def test_originals_are_untouched_and_hash_is_stable_across_runs(tmp_path):
    source = write(tmp_path / "subs", {"alice/04_vae.ipynb": notebook("alice")})
    first = collect(source, ASSIGNMENT, tmp_path / "work1")[0]
    second = collect(source, ASSIGNMENT, tmp_path / "work2")[0]
    assert first.content_hash == second.content_hash
    first.path.write_bytes(b"changed by a later stage")
    assert (source / "alice" / "04_vae.ipynb").read_bytes() == notebook("alice")


@pytest.mark.parametrize("root", ["submitted", "."], ids=["submitted-folder", "course-root"])
def test_nbgrader_layout_from_submitted_or_course_root(tmp_path, root):
    course = write(tmp_path / "course", {
        "submitted/alice/04_vae/04_vae.ipynb": notebook("alice"),
        "submitted/alice/04_vae/timestamp.txt": b"2024-01-01",
        "submitted/bob/04_vae/other_name.ipynb": notebook("bob"),
        "submitted/carol/01_autoencoders/01_autoencoders.ipynb": notebook("carol, another week"),
        "source/04_vae/04_vae.ipynb": notebook("instructor"),
    })
    submissions = by_id(collect(course / root, ASSIGNMENT, tmp_path / "work"))
    assert sorted(submissions) == ["alice", "bob"]
    assert submissions["bob"].path.read_bytes() == notebook("bob")


def test_several_notebooks_prefer_the_assignment_name(tmp_path):
    source = write(tmp_path / "subs", {
        "alice/scratch.ipynb": notebook("scratch"),
        "alice/04_vae.ipynb": notebook("graded"),
    })
    assert collect(source, ASSIGNMENT, tmp_path / "work")[0].path.read_bytes() == notebook("graded")


def test_several_notebooks_without_the_assignment_name_are_invalid(tmp_path):
    source = write(tmp_path / "subs", {"alice/a.ipynb": notebook("a"), "alice/b.ipynb": notebook("b")})
    [alice] = collect(source, ASSIGNMENT, tmp_path / "work")
    assert alice.path is None
    assert "a.ipynb, b.ipynb" in alice.problem


def test_student_with_only_a_pdf_is_invalid_and_named(tmp_path):
    source = write(tmp_path / "subs", {"alice/04_vae.ipynb": notebook("alice"), "bob/report.pdf": b"%PDF"})
    bob = by_id(collect(source, ASSIGNMENT, tmp_path / "work"))["bob"]
    assert bob.path is None
    assert bob.problem == "no .ipynb notebook found (got: report.pdf)"
    assert not (tmp_path / "work" / "bob").exists()


def test_junk_is_ignored_silently(tmp_path):
    source = write(tmp_path / "subs", {
        "alice/04_vae.ipynb": notebook("alice"),
        "alice/.ipynb_checkpoints/04_vae-checkpoint.ipynb": notebook("checkpoint"),
        "alice/.DS_Store": b"junk",
        "alice/Thumbs.db": b"junk",
        "__MACOSX/alice/._04_vae.ipynb": b"junk",
        ".hidden/x.ipynb": notebook("hidden"),
        ".DS_Store": b"junk",
    })
    [alice] = collect(source, ASSIGNMENT, tmp_path / "work")
    assert alice.student_id == "alice"
    assert alice.path.read_bytes() == notebook("alice")


def test_corrupt_notebook_is_still_collected(tmp_path):
    source = write(tmp_path / "subs", {"alice/04_vae.ipynb": b"{not json"})
    [alice] = collect(source, ASSIGNMENT, tmp_path / "work")
    assert alice.problem == ""
    assert alice.path.read_bytes() == b"{not json"


def test_loose_notebooks_are_students_by_file_stem(tmp_path):
    source = write(tmp_path / "subs", {"alice.ipynb": notebook("alice"), "bob/04_vae.ipynb": notebook("bob")})
    assert [s.student_id for s in collect(source, ASSIGNMENT, tmp_path / "work")] == ["alice", "bob"]


def test_unsafe_folder_names_are_sanitised_and_kept_distinct(tmp_path):
    source = write(tmp_path / "subs", {
        "José García/04_vae.ipynb": notebook("jose"),
        "Jose,Garcia/04_vae.ipynb": notebook("jose 2"),
        "Jose_Garcia/04_vae.ipynb": notebook("already safe"),
    })
    submissions = by_id(collect(source, ASSIGNMENT, tmp_path / "work"))
    assert sorted(submissions) == ["Jose_Garcia", "Jose_Garcia-2", "Jose_Garcia-3"]
    # The id that needed no change keeps it; the others are suffixed in sorted order of their raw names.
    assert submissions["Jose_Garcia"].path.read_bytes() == notebook("already safe")
    assert submissions["Jose_Garcia-2"].path.read_bytes() == notebook("jose 2")


@pytest.mark.parametrize("raw, safe", [
    ("alice", "alice"),
    ("a.b-c@uni.edu", "a.b-c@uni.edu"),
    ("Jane Doe", "Jane_Doe"),
    ("Zoë  O'Brien", "Zoe_O_Brien"),
    (".hidden", "hidden"),
    ("../../etc", "etc"),
    ("王伟", "student"),
    ('a,"b"\nc', "a_b_c"),
])
def test_safe_id(raw, safe):
    assert safe_id(raw) == safe


def test_unique_ids_are_deterministic_and_case_insensitive():
    raw = ["Bob", "bob", "bob-2", "b o b"]
    ids = unique_ids(raw)
    assert ids == unique_ids(reversed(raw))
    assert len({i.casefold() for i in ids.values()}) == 4
    assert ids["Bob"] == "Bob" and ids["bob-2"] == "bob-2"


def test_workdir_inside_the_source_is_not_a_student(tmp_path):
    source = write(tmp_path / "subs", {"alice/04_vae.ipynb": notebook("alice")})
    collect(source, ASSIGNMENT, source / "out" / "work")
    again = collect(source, ASSIGNMENT, source / "out" / "work")
    assert [s.student_id for s in again] == ["alice"]


def test_zip_source_goes_to_the_lms_reader(tmp_path):
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        archive.writestr("doejane_12345_67890_04_vae.ipynb", notebook("jane"))
    [jane] = collect(tmp_path / "export.zip", ASSIGNMENT, tmp_path / "work")
    assert jane.student_id == "doejane"
    assert jane.path == tmp_path / "work" / "doejane" / "04_vae.ipynb"


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "missing", "not found"),
    (lambda tmp: write(tmp, {"notes.txt": b"x"}) / "notes.txt", "not a folder of submissions"),
    (lambda tmp: write(tmp / "empty", {"readme.txt": b"x"}), "holds no submissions"),
], ids=["missing", "not-a-zip", "no-students"])
def test_unusable_source_raises_value_error(tmp_path, make, message):
    with pytest.raises(ValueError, match=message):
        collect(make(tmp_path), ASSIGNMENT, tmp_path / "work")


def test_unsafe_assignment_name_raises_value_error(tmp_path):
    source = write(tmp_path / "subs", {"alice/04_vae.ipynb": notebook("alice")})
    with pytest.raises(ValueError, match="assignment name"):
        collect(source, "../04_vae", tmp_path / "work")
