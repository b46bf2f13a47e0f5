"""``python -m promosim``: the command line, as the ``promosim`` command."""

from promosim.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
