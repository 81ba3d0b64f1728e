"""Only the C extension lives here; everything else about the package is in pyproject.toml.

``_sha1ni`` hashes torrent pieces two at a time with the x86 SHA extensions (see the comment at the top of
the C file for why and what it measured). It is optional: without a C compiler the build goes on and the
torrent engine uses hashlib (``seedarr.media.torrent.piece_sha1``).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "seedarr.media.torrent._sha1ni",
            sources=["src/seedarr/media/torrent/_sha1ni.c"],
            optional=True,
        )
    ]
)
