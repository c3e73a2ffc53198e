"""meetkit's built-in meeting-type plugins (installed as ``meetkit.builtin``). Each module is a
plugin registered through the same hooks a third-party plugin uses."""
