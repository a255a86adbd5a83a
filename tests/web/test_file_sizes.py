"""Evidence files are listed with their size in the unit that says something: a one-page scan of a few
hundred bytes is not "0.0 KB"."""

from tracker.web.formatting import file_size


def test_sizes_are_shown_in_bytes_kilobytes_or_megabytes() -> None:
    assert file_size(35) == "35 B"
    assert file_size(1023) == "1023 B"
    assert file_size(1024) == "1.0 KB"
    assert file_size(52_000) == "50.8 KB"
    assert file_size(3_500_000) == "3.3 MB"
