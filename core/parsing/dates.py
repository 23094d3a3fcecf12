"""Chinese date expressions → date spans.

jionlp's ``parse_time`` / ``extract_time`` is the engine; the rules here patch what it gets wrong
or cannot parse (measured with jionlp 1.5.31):

* ``4.5`` / ``4.8-4.10`` (dotted month.day) → ValueError in jionlp; parsed here.
* ``5月``, ``十月``, ``本月``, ``下个月``, ``月底``, ``月初``, ``中旬`` (no month) → ValueError; parsed here.
* ``5月底`` → jionlp says 25th–31st, ``下月初`` → 1st–5th; here 底/末 = 21st–last, 初 = 1st–10th,
  like 上旬/中旬/下旬.
* ``8日至10日`` / ``4日至6日`` → a time *delta* in jionlp; ``4日`` alone → this month even when the
  sentence said ``12月1日…4日``; day-only dates are resolved here against the previous date.
* ``3日后`` → a nonsense span in jionlp (3rd of this month … now); ``N天/日后`` parsed here.
* ``12月30日至1月2日`` / ``明天至4月5日`` → end in the same year, before the start; rolled over.
* ``下周一至周三`` → end in *this* week; moved forward by weeks.
* ``周末`` → Sunday only; here Saturday–Sunday.
* a year-less date keeps today's year in jionlp; here the ``prefer_future`` policy picks the year.

Year policy for dates written without a year (``4月20日``, ``5月中旬``, ``第二季度``, ``国庆``):
with ``prefer_future=True`` (deadlines, trips) the earliest occurrence that ended no more than
``PAST_GRACE_DAYS`` (60) days before today — so "4月20日" said in November is next April, while a
deadline missed two weeks ago stays in the past (overdue). With ``prefer_future=False`` (reports of
what was done) the latest occurrence that starts no more than 60 days after today.
A day-only date (``8日``, ``20号``) is the first such day on/after the previous date in the same
text, or on/after today (``prefer_future``) / the last one on/before today (not ``prefer_future``).

This module is the front door; the work is done in:

* ``chinese_text``: width normalisation, Chinese small numbers, masking (shared by every parser);
* ``jionlp_engine``: jionlp, imported lazily, used under ``JIO_LOCK``;
* ``date_spans``: ``DateSpan`` / ``DateMention``, calendar arithmetic, the raw mention;
* ``date_rules``: the expressions claimed before jionlp sees the text;
* ``date_jionlp``: the expressions left to jionlp, its answers corrected;
* ``date_finding``: ``find_dates`` / ``parse_span`` and the year policy;
* ``deadlines``: ``parse_deadline`` / ``coerce_deadline``.
"""

from core.parsing.chinese_text import normalize_text, small_int
from core.parsing.date_finding import find_dates, parse_span
from core.parsing.date_spans import DateMention, DateSpan
from core.parsing.deadlines import coerce_deadline, parse_deadline

__all__ = [
    "DateMention",
    "DateSpan",
    "coerce_deadline",
    "find_dates",
    "normalize_text",
    "parse_deadline",
    "parse_span",
    "small_int",
]
