"""`python -m reader` and the `reader` command."""

import sys

from .interrupts import ctrl_c_deferred


def entry() -> None:
    """Run the command line. A Ctrl-C while its modules load is reported like one later on."""
    try:
        with ctrl_c_deferred():
            from .cli import run
    except KeyboardInterrupt:
        print("reader: interrupted; nothing was done", file=sys.stderr)
        sys.exit(130)
    run()


if __name__ == "__main__":
    entry()
