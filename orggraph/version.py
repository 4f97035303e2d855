"""The version of orggraph."""

__version__ = "0.1.0"
