"""The sheet import of the directory: units and user accounts from .xlsx or .csv.

- ``sheets``: reading files into numbered rows, the templates, shared messages and helpers;
- ``units``: the unit directory (all or nothing, parents and aliases checked across rows);
- ``users``: accounts (new ones at once, changes to existing ones after confirmation, audit).

django-import-export was weighed for this and not taken: its preview / confirm / row-error flow
lives in the Django admin (ImportMixin and the admin's templates, a TempFolderStorage for the
pending file, errors per row in its own words), while this import is a product page for
supervisors with Chinese row/column messages asserted verbatim, checks across rows (parent
cycles, duplicate names and aliases in one file) and per-row permission checks.
"""

from directory.imports.sheets import *  # noqa: F403 - the messages and helpers, as before
from directory.imports.sheets import ImportRejected, ImportResult
from directory.imports.units import import_units
from directory.imports.users import (
    OTHER_SUPERVISOR,
    PASSWORD_KEPT,
    AccountDiff,
    generate_password,
    import_users,
)

__all__ = [
    "OTHER_SUPERVISOR",
    "PASSWORD_KEPT",
    "AccountDiff",
    "ImportRejected",
    "ImportResult",
    "generate_password",
    "import_units",
    "import_users",
]
