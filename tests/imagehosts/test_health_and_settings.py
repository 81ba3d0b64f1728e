"""Health checks per configured host, hosts built from the image_hosts settings, and keys kept secret."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from fakes.image_common import IMGBB_KEY, PTPIMG_KEY
from fakes.imgbb import FakeImgbb
from fakes.pixhost import FakePixhost
from fakes.ptpimg import FakePtpimg
from harness.ports import free_port
from harness.tracker_samples import FAST_RETRY
from seedarr.errors import ConfigurationError
from seedarr.health import CheckStatus, HealthService
from seedarr.imagehosts.base import ScreenshotUploadFailed
from seedarr.imagehosts.chain import ImageHostChain
from seedarr.imagehosts.health import check_source, image_host_checks, image_host_checks_for
from seedarr.imagehosts.imgbb import ImgbbHost
from seedarr.imagehosts.pixhost import PixhostHost
from seedarr.imagehosts.ptpimg import PtpimgHost
from seedarr.imagehosts.registry import build_chain, build_hosts, missing_keys
from seedarr.imagehosts.store import MemoryUploadStore
from seedarr.metadata.http import RetryOptions
from seedarr.secrets import MASK, SecretBox
from seedarr.settings import load_settings


async def test_one_ok_check_per_configured_host(
    make_imgbb: Callable[..., ImgbbHost],
    make_ptpimg: Callable[..., PtpimgHost],
    make_pixhost: Callable[..., PixhostHost],
    imgbb_fake: FakeImgbb,
) -> None:
    checks = image_host_checks([make_imgbb(), make_ptpimg(), make_pixhost()])
    results = await HealthService(checks).results(fresh=True)

    assert [r.source for r in results] == [check_source(n) for n in ("imgbb", "ptpimg", "pixhost")]
    assert [r.status for r in results] == [CheckStatus.OK] * 3
    assert results[0].message == "ImgBB reachable, API key accepted"
    assert not any(check.required for check in checks)
    assert imgbb_fake.uploads == 0


async def test_a_refused_key_is_an_error_and_a_dead_host_a_warning(
    make_imgbb: Callable[..., ImgbbHost], make_pixhost: Callable[..., PixhostHost]
) -> None:
    wrong = "feedfacefeedfacefeedfacefeedface"
    dead = make_pixhost(base_url=f"http://127.0.0.1:{free_port()}", retry=RetryOptions(attempts=1))
    checks = image_host_checks([make_imgbb(key=wrong), dead], missing_keys=["ptpimg"])
    refused, unreachable, missing = await HealthService(checks).results(fresh=True)

    assert refused.status is CheckStatus.ERROR and "refused" in refused.message
    assert refused.hint == "enter a valid API key in image_hosts.imgbb.api_key"
    assert wrong not in refused.message and IMGBB_KEY not in refused.message
    assert unreachable.status is CheckStatus.WARNING and "cannot connect" in unreachable.message
    assert missing.source == check_source("ptpimg") and missing.status is CheckStatus.WARNING
    assert "SEEDARR__IMAGE_HOSTS__PTPIMG__API_KEY" in (missing.hint or "")


def _env(
    monkeypatch: pytest.MonkeyPatch, urls: dict[str, str], *, order: str, imgbb_key: str | None = IMGBB_KEY
) -> None:
    monkeypatch.setenv("SEEDARR__IMAGE_HOSTS__ORDER", order)
    if imgbb_key:
        monkeypatch.setenv("SEEDARR__IMAGE_HOSTS__IMGBB__API_KEY", imgbb_key)
    for name, url in urls.items():
        monkeypatch.setenv(f"SEEDARR__IMAGE_HOSTS__{name.upper()}__BASE_URL", url)


@pytest.fixture
def fake_urls(
    _imgbb_server: tuple[FakeImgbb, str],
    _ptpimg_server: tuple[FakePtpimg, str],
    _pixhost_server: tuple[FakePixhost, str],
    imgbb_fake: FakeImgbb,
    ptpimg_fake: FakePtpimg,
    pixhost_fake: FakePixhost,
) -> dict[str, str]:
    return {"imgbb": _imgbb_server[1], "ptpimg": _ptpimg_server[1], "pixhost": _pixhost_server[1]}


async def test_hosts_and_checks_come_from_the_settings(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fake_urls: dict[str, str],
    http: httpx.AsyncClient,
    shots: list[Path],
    pixhost_fake: FakePixhost,
) -> None:
    _env(monkeypatch, fake_urls, order="pixhost, imgbb,ptpimg")
    section = load_settings(data_dir=tmp_path).image_hosts

    assert [host.name for host in build_hosts(section, http)] == ["pixhost", "imgbb"]  # ptpimg has no key
    assert missing_keys(section) == ["ptpimg"]
    results = await HealthService(image_host_checks_for(section, http)).results(fresh=True)
    assert [(r.source, r.status) for r in results] == [
        (check_source("pixhost"), CheckStatus.OK),
        (check_source("imgbb"), CheckStatus.OK),
        (check_source("ptpimg"), CheckStatus.WARNING),
    ]
    chain = build_chain(section, http, store=MemoryUploadStore(), retry=FAST_RETRY)
    result = await chain.upload(shots[:1])
    assert result.images[0].host == "pixhost" and pixhost_fake.uploads == 1
    with pytest.raises(ValueError, match="sessions or a store"):
        build_chain(section, http)


def test_keys_are_masked_and_may_be_stored_encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    box = SecretBox.for_data_dir(tmp_path)
    (tmp_path / "config.toml").write_text(
        f'[image_hosts.ptpimg]\napi_key = "{box.encrypt(PTPIMG_KEY)}"\n'
        "[image_hosts.pixhost]\ncontent_type = 1\n"
    )
    monkeypatch.setenv("SEEDARR__IMAGE_HOSTS__IMGBB__API_KEY", IMGBB_KEY)
    settings = load_settings(data_dir=tmp_path)
    section = settings.image_hosts

    assert section.ptpimg.api_key is not None and section.ptpimg.api_key.reveal() == PTPIMG_KEY
    assert section.imgbb.api_key is not None and section.imgbb.api_key.reveal() == IMGBB_KEY
    assert section.pixhost.content_type == 1 and section.order == ["imgbb", "ptpimg", "pixhost"]
    dumped = str(settings.model_dump()) + repr(settings) + str(settings.model_dump_json())
    assert IMGBB_KEY not in dumped and PTPIMG_KEY not in dumped and MASK in dumped
    assert "image_hosts.imgbb.api_key" in settings.env_overrides()


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("SEEDARR__IMAGE_HOSTS__ORDER", "imgbb,imgur", "image_hosts.order"),
        ("SEEDARR__IMAGE_HOSTS__ORDER", "pixhost,pixhost", "image_hosts.order"),
        ("SEEDARR__IMAGE_HOSTS__IMGBB__API_KEY", "two words", "image_hosts.imgbb.api_key"),
        ("SEEDARR__IMAGE_HOSTS__IMGBB__EXPIRATION_S", "30", "image_hosts.imgbb.expiration_s"),
        ("SEEDARR__IMAGE_HOSTS__PIXHOST__MAX_TH_SIZE", "900", "image_hosts.pixhost.max_th_size"),
        ("SEEDARR__IMAGE_HOSTS__PIXHOST__BASE_URL", "ftp://pixhost.to", "image_hosts.pixhost.base_url"),
    ],
)
def test_invalid_image_host_settings_name_the_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings(data_dir=tmp_path)
    assert named in str(caught.value)
    assert "two words" not in str(caught.value)


async def test_keys_never_reach_logs_errors_or_reprs(
    make_imgbb: Callable[..., ImgbbHost],
    make_ptpimg: Callable[..., PtpimgHost],
    shots: list[Path],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong_imgbb, wrong_ptpimg = "badbadbadbadbadbadbadbadbadbad00", "WrongPtpimgKeyWrongPtpimgKey0000"
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # an earlier test's log setup may have quietened httpx
    good = await ImageHostChain([make_imgbb()], MemoryUploadStore()).upload(shots[:1])
    hosts = [make_imgbb(key=wrong_imgbb), make_ptpimg(key=wrong_ptpimg)]
    with pytest.raises(ScreenshotUploadFailed) as caught:
        await ImageHostChain(hosts, MemoryUploadStore()).upload(shots[1:])

    assert caught.value.needs_user and set(caught.value.auth_failed) == {"imgbb", "ptpimg"}
    assert any("POST" in record.getMessage() for record in caplog.records)  # httpx logged the requests
    delete_url = good.images[0].delete_url
    assert delete_url is not None
    output = capsys.readouterr()
    assert "image_host_auth_failed" in output.out + output.err + caplog.text  # the chain warned
    texts = [caplog.text, output.out, output.err, str(caught.value), repr(caught.value.failures)]
    texts += [repr(host) for host in hosts] + [repr(good), repr(good.images[0])]
    for secret in (IMGBB_KEY, wrong_imgbb, wrong_ptpimg, delete_url.reveal()):
        assert all(secret not in text for text in texts), secret
