"""Entry point of the installed ``desk`` command and of ``python -m desk``."""

import sys


def main() -> int:
    from desk.cli.run import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
