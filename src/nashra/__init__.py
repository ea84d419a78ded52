"""Nashra (نشرة): an Arabic news aggregator and story tracker."""

__version__ = "0.1.0"
