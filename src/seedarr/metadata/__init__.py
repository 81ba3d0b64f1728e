"""Who a release is: names parsed from disk and from Radarr/Sonarr, matched against TMDB.

:mod:`~seedarr.metadata.tmdb` is the TMDB client (auth detection, rate limit, retries, cache),
:mod:`~seedarr.metadata.scoring` ranks search candidates, :mod:`~seedarr.metadata.arr` asks Radarr/Sonarr
for the scene name and ids they recorded, and :mod:`~seedarr.metadata.identify` combines them into an
:class:`~seedarr.domain.identity.Identity` or a "needs identification" result with the best candidates.
"""
