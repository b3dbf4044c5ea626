import pytest

from ingest.textnorm import first_heading, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("notifi-\ncation", "notification"),
        ("notifi- \n cation", "notification"),
        ("Castellanos-\nReyes", "Castellanos-Reyes"),
        ("non\ufffenormal", "nonnormal"),
        ("e\ufb03cient", "efficient"),  # ligature
        ("line one\r\nline two", "line one\nline two"),
        ("2019-\n2020", "2019-\n2020"),  # numbers are not hyphenated words
        ("- item\n- item", "- item\n- item"),
        ("a\x00b", "ab"),
        ("a\n\n\n\nb", "a\n\nb"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_first_heading_skips_page_numbers():
    assert first_heading("3\n\nAWARD CONTRACT\nbody") == "AWARD CONTRACT"
