"""Support code for the acceptance suite and its checks, one package per concern.

drivers, pages, scenarios, services and state serve the scenarios; authoring and
living_docs serve the product owners and readers; stages runs ``make test``.
"""

from pathlib import Path

#: The project's folder, which every path the suite names is relative to.
ROOT = Path(__file__).resolve().parent.parent
