"""The Massachusetts recertification rules as dated, cited data: the names the rest of the package uses.

The rules live in TOML files in the `rules/` folder beside this module, read with the standard
library (so the package needs nothing else in the browser). The code is in three modules:
`model` (the values, one parameter's dated entries, one cycle), `schema` (what a file must look
like, and the registry of parameters) and `load` (reading a folder). This module gathers their
public names, so that callers import from one place.

A dated value holds from its `from` year until the next entry (OpenFisca's rule); years before
the first entry take it extended back. A year no source states is provisional, with the reason.
"""

from __future__ import annotations

from .load import default_rules, load_rules, shipped_folder
from .model import (
    COMPONENTS,
    CONFIDENCES,
    FEE_STATUSES,
    Component,
    Cycle,
    DateTemplate,
    DistributiveLimits,
    Entry,
    KeyDate,
    Level,
    Parameter,
    Region,
    Resolved,
    Rules,
    RulesError,
    Source,
)
from .schema import PARAMETER_FILES, PARAMETERS, UNITS, ParameterSpec

__all__ = [
    "COMPONENTS",
    "CONFIDENCES",
    "FEE_STATUSES",
    "PARAMETERS",
    "PARAMETER_FILES",
    "UNITS",
    "Component",
    "Cycle",
    "DateTemplate",
    "DistributiveLimits",
    "Entry",
    "KeyDate",
    "Level",
    "Parameter",
    "ParameterSpec",
    "Region",
    "Resolved",
    "Rules",
    "RulesError",
    "Source",
    "default_rules",
    "load_rules",
    "shipped_folder",
]
