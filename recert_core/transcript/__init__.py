"""Reading continuing-education transcripts: whatever file a provider has, into courses.

Layers, each knowing only its own job: `tables` (bytes to rows: CSV and text in any common
encoding, .xlsx and .ods workbooks), `headers` (what a header names, by its words), `columns` (the
header row found, and which column is which field: the header's words and the cells' vote),
`dates`, `values` and `cells` (what a cell says and what it looks like), `source` (one file and its
columns as a whole), `rows` (a row to courses, or the reason it is none), `people` (rosters), `read`
(the entry points), `notes` (what the report says about how a file was read). The vocabulary is
data (`vocabulary.toml`, checked by `vocabulary.py`). The judge (`check.judge`) never sees a file
format.
"""

from .columns import FIELDS, ColumnChoice, ColumnSpec, column_choice, parse_mapping
from .course import Course, Transcript
from .dates import DAY_FIRST, MONTH_FIRST, order_of_locale
from .people import read_people
from .read import preview, read_transcript
from .tables import TranscriptError, decode
from .values import parse_delivery
from .vocabulary import VocabularyError

__all__ = [
    "DAY_FIRST",
    "FIELDS",
    "MONTH_FIRST",
    "ColumnChoice",
    "ColumnSpec",
    "Course",
    "Transcript",
    "TranscriptError",
    "VocabularyError",
    "column_choice",
    "decode",
    "order_of_locale",
    "parse_delivery",
    "parse_mapping",
    "preview",
    "read_people",
    "read_transcript",
]
