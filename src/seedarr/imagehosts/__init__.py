"""Image hosts for screenshots: one protocol, one module per host, ordered fallback, nothing uploaded twice.

- :mod:`~seedarr.imagehosts.base`: the :class:`ImageHost` protocol, :class:`HostedImage`, the errors;
- :mod:`~seedarr.imagehosts.imgbb`, :mod:`~seedarr.imagehosts.ptpimg`, :mod:`~seedarr.imagehosts.pixhost`;
- :mod:`~seedarr.imagehosts.shrink`: re-encoding a screenshot above a host's size limit;
- :mod:`~seedarr.imagehosts.chain`: fallback, per-tracker allow-lists, reuse of stored copies;
- :mod:`~seedarr.imagehosts.store`: the ``image_uploads`` table (and an in-memory store);
- :mod:`~seedarr.imagehosts.registry` and :mod:`~seedarr.imagehosts.health`: hosts and health checks from
  the ``image_hosts`` settings.
"""

from seedarr.imagehosts.base import (
    HostedImage,
    ImageHost,
    ImageTooLarge,
    NoImageHost,
    ScreenshotUploadFailed,
    UnexpectedAnswer,
)
from seedarr.imagehosts.chain import BatchResult, ImageHostChain, UploadProgress
from seedarr.imagehosts.store import DbUploadStore, MemoryUploadStore, UploadStore

__all__ = [
    "BatchResult",
    "DbUploadStore",
    "HostedImage",
    "ImageHost",
    "ImageHostChain",
    "ImageTooLarge",
    "MemoryUploadStore",
    "NoImageHost",
    "ScreenshotUploadFailed",
    "UnexpectedAnswer",
    "UploadProgress",
    "UploadStore",
]
