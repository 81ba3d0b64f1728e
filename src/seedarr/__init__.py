"""Seedarr: from a finished film or series on disk to a published, seeded release on private trackers."""

__version__ = "0.1.0"
__all__ = ["__version__"]
