"""From the ``image_hosts`` settings to ready hosts and a chain.

:func:`build_hosts` returns the hosts of ``image_hosts.order`` that are configured, in that order: ImgBB
and ptpimg need their API key (a host listed without one is left out, and :func:`missing_keys` names it),
Pixhost needs nothing. :func:`build_chain` adds the store and the batch concurrency.
"""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from seedarr.imagehosts.base import ImageHost
from seedarr.imagehosts.chain import ImageHostChain
from seedarr.imagehosts.imgbb import ImgbbHost, ImgbbOptions
from seedarr.imagehosts.pixhost import PixhostHost, PixhostOptions
from seedarr.imagehosts.ptpimg import PtpimgHost, PtpimgOptions
from seedarr.imagehosts.store import DbUploadStore, UploadStore
from seedarr.metadata.http import RetryOptions
from seedarr.settings import ImageHostsSection

__all__ = ["HOST_NAMES", "build_chain", "build_hosts", "missing_keys"]

HOST_NAMES = ("imgbb", "ptpimg", "pixhost")


def build_hosts(
    section: ImageHostsSection, http: httpx.AsyncClient, *, retry: RetryOptions | None = None
) -> list[ImageHost]:
    """The configured hosts in fallback order (hosts whose API key is missing are left out)."""
    retry = retry or RetryOptions()
    hosts: list[ImageHost] = []
    for name in section.order:
        host = _build(name, section, http, retry)
        if host is not None:
            hosts.append(host)
    return hosts


def missing_keys(section: ImageHostsSection) -> list[str]:
    """Hosts listed in ``order`` that cannot be used because their API key is not set."""
    keyed = {"imgbb": section.imgbb.api_key, "ptpimg": section.ptpimg.api_key}
    return [name for name in section.order if name in keyed and not keyed[name]]


def build_chain(
    section: ImageHostsSection,
    http: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession] | None = None,
    *,
    store: UploadStore | None = None,
    retry: RetryOptions | None = None,
) -> ImageHostChain:
    """The chain over :func:`build_hosts`, storing uploads in the database (or the ``store`` given)."""
    if store is None:
        if sessions is None:
            raise ValueError("give the database sessions or a store")
        store = DbUploadStore(sessions)
    return ImageHostChain(build_hosts(section, http, retry=retry), store, concurrency=section.concurrency)


def _build(
    name: str, section: ImageHostsSection, http: httpx.AsyncClient, retry: RetryOptions
) -> ImageHost | None:
    timeout = section.timeout_s
    if name == "imgbb":
        imgbb = section.imgbb
        if imgbb.api_key is None:
            return None
        options = ImgbbOptions(
            base_url=imgbb.base_url,
            max_bytes=imgbb.max_upload_bytes,
            timeout_s=timeout,
            retry=retry,
            expiration_s=imgbb.expiration_s,
        )
        return ImgbbHost(http, imgbb.api_key, options=options)
    if name == "ptpimg":
        ptpimg = section.ptpimg
        if ptpimg.api_key is None:
            return None
        ptp_options = PtpimgOptions(
            base_url=ptpimg.base_url, max_bytes=ptpimg.max_upload_bytes, timeout_s=timeout, retry=retry
        )
        return PtpimgHost(http, ptpimg.api_key, options=ptp_options)
    if name == "pixhost":
        pixhost = section.pixhost
        pix_options = PixhostOptions(
            base_url=pixhost.base_url,
            max_bytes=pixhost.max_upload_bytes,
            timeout_s=timeout,
            retry=retry,
            content_type=pixhost.content_type,
            max_th_size=pixhost.max_th_size,
        )
        return PixhostHost(http, options=pix_options)
    raise ValueError(f"unknown image host {name!r}")
