"""The one exception a user can cause. The CLI prints its message on one line and exits 1."""


class MeetkitError(Exception):
    """Bad input or a state the user can fix: the message says what and where."""
