from pathlib import Path

from folder_sizes import describe, folder_size


def test_counts_files_in_subfolders(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(b"x" * 1500)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "plan.txt").write_bytes(b"x" * 500)
    assert folder_size(tmp_path) == 2000


def test_leaves_out_python_caches(tmp_path: Path) -> None:
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "module.pyc").write_bytes(b"x" * 100)
    assert folder_size(tmp_path) == 0


def test_describe_uses_units_people_read() -> None:
    assert describe(Path("photos"), 2_000_000) == "photos: 2.0 MB"
