"""The transcript template: `recert template` prints it, the site offers it, the page's editor writes
its columns. Here, apart from cli.py, because the browser's Python ships no argparse."""

from __future__ import annotations

TEMPLATE = """\
Date,Title,Hours,Approval Number,Component,Topic,Delivery,Pediatric
2025-05-14,Airway management update,2,T2-1234,National,Airway,In person,No
2025-09-03,Cardiology online module,1.5,25-ABC-F3-0012,National,Cardiology,Online,No
2026-01-20,Regional protocol update,3,MA-T1-2026-0456,Local,,In person,No
2026-02-11,Pediatric assessment (self-paced),2,T3-5678,Individual,,Online,Yes
"""

# The template's columns, as its header row gives them.
COLUMNS = TEMPLATE.splitlines()[0].split(",")
