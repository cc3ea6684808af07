"""``python -m wardlog`` is the ``wardlog`` command."""

import sys

from wardlog.cli import main

sys.exit(main())
