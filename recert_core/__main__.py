"""`python -m recert_core` runs the `recert` command."""

import sys

from .cli import main

sys.exit(main())
