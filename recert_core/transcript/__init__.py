"""Reading continuing-education transcripts: whatever file a provider has, into courses.

Layers, each knowing only its own job: `tables` (bytes to rows: CSV and text in any common
encoding, .xlsx and .ods workbooks), `columns` (the header row found and its columns matched to
fields, from the vocabulary in `vocabulary.toml`), `values` (hours, dates, components, topics,
delivery, approval numbers) and `courses` (rows to `Course`s, with rows that are not courses
accounted for). The judge (`check.judge`) never sees a file format.
"""

from .columns import FIELDS, ColumnChoice, ColumnSpec, column_choice, parse_mapping
from .courses import Course, Transcript, preview, read_people, read_transcript
from .tables import TranscriptError, decode
from .values import parse_delivery

__all__ = [
    "FIELDS",
    "ColumnChoice",
    "ColumnSpec",
    "Course",
    "Transcript",
    "TranscriptError",
    "column_choice",
    "decode",
    "parse_delivery",
    "parse_mapping",
    "preview",
    "read_people",
    "read_transcript",
]
