"""``python -m support.stages``: run every stage of ``make test``."""

import sys

from support.stages.runner import main

sys.exit(main())
