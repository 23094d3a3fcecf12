from __future__ import annotations

import pytest

from handlers.shared.i18n import Safe, catalog, placeholders, t, use_locale


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    problems = []
    for key, entry in catalog().items():
        if not entry["zh"].strip() or not entry["en"].strip():
            problems.append(f"{key}: empty translation")
        elif placeholders(entry["zh"]) != placeholders(entry["en"]):
            problems.append(f"{key}: {placeholders(entry['zh'])} != {placeholders(entry['en'])}")
    assert problems == []


def test_parameters_are_escaped_unless_marked_safe() -> None:
    text = t("people.not_found", "en", ref="<b>x</b> & y")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in text
    assert "<b>bold</b>" in t("people.not_found", "en", ref=Safe("<b>bold</b>"))


@pytest.mark.parametrize(("locale", "word"), [("zh", "已取消"), ("en", "Cancelled")])
def test_locale_comes_from_the_context(locale: str, word: str) -> None:
    with use_locale(locale):
        assert word in t("cancel.done")


def test_english_counts_agree_with_their_number() -> None:
    assert "1 day overdue" in t("milestone.overdue_by", "en", due="Nov 20", days=1)
    assert "5 days overdue" in t("milestone.overdue_by", "en", due="Nov 20", days=5)
    assert "已逾期 1 天" in t("milestone.overdue_by", "zh", due="11月20日", days=1)


def test_every_domain_error_key_raised_in_core_has_a_text() -> None:
    import re
    from pathlib import Path

    raised = set()
    for path in Path("core").rglob("*.py"):
        raised |= set(
            re.findall(
                r"(?:Invalid|NotFound|Forbidden|Expired|Conflict|NotYours)\(\s*\"([\w.]+)\"", path.read_text()
            )
        )
    assert raised and raised <= set(catalog())
