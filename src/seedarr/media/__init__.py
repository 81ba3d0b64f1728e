"""Media on disk: MediaInfo facts, screenshots, release shapes (files, season packs, discs) and torrents."""
