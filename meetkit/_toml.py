"""TOML reading on every Python meetkit supports: the standard library's tomllib from 3.11,
the identical tomli package (a dependency on 3.10) before it."""

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

__all__ = ["tomllib"]
