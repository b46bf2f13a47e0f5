"""The subcommands of the ``promosim`` command line, one module each."""
