"""Massachusetts EMS recertification: the rules as dated, cited data, and a transcript checker.

Pure Python, standard library only: it runs on CPython 3.11+ and on Pyodide.
"""

from .check import CheckError, check
from .report import Report
from .rules import Cycle, Rules, RulesError, default_rules, load_rules
from .transcript import TranscriptError

__all__ = [
    "CheckError",
    "Cycle",
    "Report",
    "Rules",
    "RulesError",
    "TranscriptError",
    "check",
    "default_rules",
    "load_rules",
]
__version__ = "0.1.0"
