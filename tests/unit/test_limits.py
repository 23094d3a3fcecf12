"""Input limits live in core: over a limit is refused with a text key that names the limit, never cut."""

from __future__ import annotations

import pytest

from core import limits
from core.errors import Invalid
from handlers.shared.i18n import catalog, t, use_locale


def test_a_text_within_the_limit_passes_and_one_over_is_refused_with_its_length() -> None:
    limits.check_text("拜" * limits.REPORT_TEXT, limits.REPORT_TEXT)
    limits.check_text(None, limits.REPORT_TEXT)
    limits.check_text(
        f"  {'拜' * limits.REPORT_TEXT}\n", limits.REPORT_TEXT
    )  # the blanks around do not count
    with pytest.raises(Invalid) as refused:
        limits.check_text("拜" * (limits.REPORT_TEXT + 1), limits.REPORT_TEXT)
    assert refused.value.key == "input.too_long"
    assert refused.value.params == {"limit": limits.REPORT_TEXT, "length": limits.REPORT_TEXT + 1}


def test_one_photo_too_many_is_refused() -> None:
    limits.check_photos(limits.REPORT_PHOTOS, limits.REPORT_PHOTOS)
    with pytest.raises(Invalid) as refused:
        limits.check_photos(limits.REPORT_PHOTOS + 1, limits.REPORT_PHOTOS)
    assert refused.value.key == "input.too_many_photos"


@pytest.mark.parametrize("key", ["input.too_long", "input.too_many_photos"])
def test_every_limit_answer_is_written_in_both_languages(key: str) -> None:
    assert set(catalog()[key]) == {"zh", "en"}
    with use_locale("en"):
        assert "500" in t(key, limit=500, length=501)
    with use_locale("zh"):
        assert "500" in t(key, limit=500, length=501)
