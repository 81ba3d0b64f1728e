"""ORM models, one module per aggregate. Importing this package registers every table on ``Base.metadata``."""

from seedarr.db.models.base import Base
from seedarr.db.models.image_upload import ImageUpload
from seedarr.db.models.setting import Setting
from seedarr.db.models.template import Template
from seedarr.db.models.tmdb_cache import TmdbCacheEntry
from seedarr.db.models.tracker_account import TrackerAccount
from seedarr.db.models.user import UiSession, User

__all__ = [
    "Base",
    "ImageUpload",
    "Setting",
    "Template",
    "TmdbCacheEntry",
    "TrackerAccount",
    "UiSession",
    "User",
]
