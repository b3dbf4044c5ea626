"""Zip archives are expanded into child documents safely: no path escapes, no symlinks, no
decompression bombs, and nothing skipped without saying so."""

from __future__ import annotations

import io
import stat
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from ingest.extractors import ExtractOptions, archive, extractor_for
from ingest.pipeline import process_file
from ingest.records import ExtractError
from tests.conftest import realdoc

OPTS = ExtractOptions()


def extract_zip(path: Path):
    return extractor_for("zip").extract(path, OPTS)


def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def test_members_become_children_with_their_paths(tmp_path):
    path = make_zip(
        tmp_path / "release.zip",
        {"letters/denial.txt": b"Request denied under b(7)(C).", "index.csv": b"a,b\n1,2\n"},
    )
    result = extract_zip(path)
    assert result.pages == [] and result.doctype == "zip"
    assert [(c.name, c.data) for c in result.children] == [
        ("letters/denial.txt", b"Request denied under b(7)(C)."),
        ("index.csv", b"a,b\n1,2\n"),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "docs/../../evil.txt",
        "/etc/cron.d/evil",
        "C:/Windows/evil.txt",
        "..\\evil.txt",
    ],
)
def test_path_escapes_are_skipped_with_a_warning_naming_them(tmp_path, name):
    path = make_zip(tmp_path / "a.zip", {name: b"payload", "ok.txt": b"fine"})
    result = extract_zip(path)
    assert [c.name for c in result.children] == ["ok.txt"]
    assert result.warnings == [f"unsafe path skipped: {name}"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a/b.txt", "a/b.txt"),
        ("./a/./b.txt", "a/b.txt"),
        ("a\\b.txt", "a/b.txt"),
        ("../b.txt", None),
        ("/b.txt", None),
        ("D:b.txt", None),
    ],
)
def test_safe_name(name, expected):
    assert archive.safe_name(name) == expected


def test_symlink_member_is_skipped(tmp_path):
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("passwd")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
        zf.writestr("real.txt", "real text")
    result = extract_zip(path)
    assert [c.name for c in result.children] == ["real.txt"]
    assert result.warnings == ["symlink skipped: passwd"]


def test_encrypted_member_is_skipped_with_a_warning(tmp_path):
    path = make_zip(tmp_path / "enc.zip", {"secret.pdf": b"ciphertext", "open.txt": b"readable"})
    # zipfile cannot encrypt: set the flag an encrypting tool sets, in the member's local
    # header (offset 6) and its central directory entry (offset 8).
    raw = bytearray(path.read_bytes())
    local = raw.index(b"PK\x03\x04")
    central = raw.index(b"PK\x01\x02")
    raw[local + 6] |= 0x1
    raw[central + 8] |= 0x1
    path.write_bytes(bytes(raw))
    result = extract_zip(path)
    assert [c.name for c in result.children] == ["open.txt"]
    assert result.warnings == ["encrypted member skipped: secret.pdf"]


def test_zip_bomb_is_refused_from_its_central_directory(tmp_path):
    path = make_zip(tmp_path / "bomb.zip", {"zeros.bin": bytes(5 << 20)})
    with pytest.raises(
        ExtractError, match=r"^too large: looks like a decompression bomb \(zeros.bin"
    ):
        extract_zip(path)


def test_small_members_may_compress_well(tmp_path):
    """The ratio limit applies only to members over 1 MB: a page of zeros is not a bomb."""
    path = make_zip(tmp_path / "small.zip", {"blank.txt": b" " * 500_000 + b"x"})
    assert len(extract_zip(path).children) == 1


def test_member_larger_than_declared_is_not_read_past_its_size(tmp_path):
    """A central directory that understates a member's size must not let it expand."""
    data = b"A" * 200_000
    path = make_zip(tmp_path / "liar.zip", {"liar.txt": data, "ok.txt": b"fine"})
    raw = bytearray(path.read_bytes())
    declared = (200_000).to_bytes(4, "little")
    # Rewrite the uncompressed size in both the local header and the central directory.
    for at in [i for i in range(len(raw) - 3) if raw[i : i + 4] == declared]:
        raw[at : at + 4] = (1_000).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    result = extract_zip(path)
    assert [c.name for c in result.children] == ["ok.txt"]
    assert len(result.warnings) == 1 and "liar.txt" in result.warnings[0]


def test_read_member_stops_at_the_declared_size():
    """Whatever the decompressor yields, reading stops once the declared size is passed."""

    class Unbounded:
        def open(self, info):
            return io.BytesIO(b"x" * 1_000_000)

    info = zipfile.ZipInfo("huge.bin")
    info.file_size = 1_000_000
    assert len(archive.read_member(Unbounded(), info)) == 1_000_000
    info.file_size = 10
    with pytest.raises(ExtractError, match="holds more than its declared 10 bytes"):
        archive.read_member(Unbounded(), info)


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_MEMBERS", 2, "too large: 3 files in the zip (the limit is 2)"),
        ("MAX_TOTAL_BYTES", 1000, "too large: 1.5 KB uncompressed (the limit is 1,000 bytes)"),
    ],
)
def test_archive_limits(tmp_path, monkeypatch, limit, value, message):
    monkeypatch.setattr(archive, limit, value)
    path = make_zip(tmp_path / "a.zip", {f"{n}.txt": b"x" * 512 for n in range(3)})
    with pytest.raises(ExtractError) as err:
        extract_zip(path)
    assert str(err.value).startswith(message)


def test_system_junk_is_skipped_silently(tmp_path):
    path = make_zip(
        tmp_path / "mac.zip",
        {"__MACOSX/._report.pdf": b"\0\5\26\7", ".DS_Store": b"Bud1", "report.txt": b"text"},
    )
    result = extract_zip(path)
    assert [c.name for c in result.children] == ["report.txt"] and result.warnings == []


def test_nested_zips_are_children_too(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", "Nested memo naming Warden Ines Okoro.")
    path = make_zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue()})
    result = process_file(path, OPTS, tag=False)
    assert result.error is None and result.kind == "zip"
    [child] = result.children
    assert child.name == "inner.zip" and child.kind == "zip"
    [grandchild] = child.children
    assert grandchild.name == "deep.txt"
    assert "Ines Okoro" in grandchild.extracted.pages[0].text


def test_archive_through_the_pipeline_processes_each_member(tmp_path):
    msg = EmailMessage()
    msg["From"] = "clerk@example.gov"
    msg["To"] = "desk@example.org"
    msg["Subject"] = "Detainer log"
    msg.set_content("See the attached log.")
    path = make_zip(
        tmp_path / "foia.zip",
        {"mail/log.eml": bytes(msg), "notes.txt": b"Budget line: $12,500 for transport."},
    )
    result = process_file(path, OPTS, tag=False)
    assert result.error is None
    kinds = {c.name: (c.kind, c.error) for c in result.children}
    assert kinds == {"mail/log.eml": ("email", None), "notes.txt": ("text", None)}


def test_truncated_zip_is_not_readable(tmp_path):
    whole = make_zip(tmp_path / "whole.zip", {"a.txt": b"some text " * 100}).read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ExtractError, match="^not a readable zip: "):
        extract_zip(path)


def test_empty_zip_says_empty(tmp_path):
    path = make_zip(tmp_path / "none.zip", {})
    with pytest.raises(ExtractError, match="^empty: "):
        extract_zip(path)


def test_real_badzip_holds_only_a_symlink(realdocs):
    """alephdata's badzip.zip is a symlink attack (its one member links outside the archive),
    not a damaged file: nothing is read and the reason is named."""
    with pytest.raises(ExtractError) as err:
        extract_zip(realdoc("alephdata-ingest-file/badzip.zip"))
    assert str(err.value) == "nothing readable in the zip: symlink skipped: secret.txt"
