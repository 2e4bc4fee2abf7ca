"""Start Desk from a checkout: ``python main.py`` (same as the installed ``desk``)."""

import sys

from desk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
