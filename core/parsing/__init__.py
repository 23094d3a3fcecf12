"""Chinese free-text parsing: dates, money, places, trip and progress sentences.

jionlp is imported lazily on first use (``core.parsing.jionlp_engine.jio``) and cached per process.
Every parsed value is a proposal to show back to the user for confirmation.
"""

from core.parsing.dates import DateMention, DateSpan, coerce_deadline, find_dates, parse_deadline, parse_span
from core.parsing.money import Amount, find_amounts, parse_amount, parse_wan, parse_yi_to_wan
from core.parsing.places import Place, parse_place
from core.parsing.progress_text import ProgressParse, Stage, parse_progress
from core.parsing.trip_text import LegParse, TripParse, parse_trip

__all__ = [
    "Amount",
    "DateMention",
    "DateSpan",
    "LegParse",
    "Place",
    "ProgressParse",
    "Stage",
    "TripParse",
    "coerce_deadline",
    "find_amounts",
    "find_dates",
    "parse_amount",
    "parse_deadline",
    "parse_place",
    "parse_progress",
    "parse_span",
    "parse_trip",
    "parse_wan",
    "parse_yi_to_wan",
]
