"""Errors that promosim reports to users as one clear line."""


class ConfigError(ValueError):
    """Bad input: a file, key or value that cannot be used; the message says which and why."""
