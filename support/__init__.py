"""Support code for the acceptance suite and its checks, one package per concern.

drivers, pages, scenarios, services and state serve the scenarios; authoring and
living_docs serve the product owners and readers; stages runs ``make test``.
"""

import os
from pathlib import Path

#: The project's folder, which every path the suite names is relative to.
ROOT = Path(__file__).resolve().parent.parent


def shown(path: str | os.PathLike[str]) -> str:
    """``path`` as a message names it: relative to the project inside it
    (features/posting.feature), whole outside it (/tmp/trial/posting.feature)."""
    inside = os.path.relpath(path, ROOT)
    outside = inside == os.pardir or inside.startswith(os.pardir + os.sep)
    return os.path.abspath(path) if outside else inside
