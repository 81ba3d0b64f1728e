"""Strict HTTP fakes of outside services (TMDB, Radarr/Sonarr, …), each a real server on a loopback port."""
