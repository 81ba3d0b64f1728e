"""ptpimg: the exact multipart fields and Referer, the [{code, ext}] answer, a refused key, retries, check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from fakes.image_common import PTPIMG_KEY
from fakes.ptpimg import FakePtpimg
from seedarr.errors import ServiceAuthError, ServiceUnavailable
from seedarr.imagehosts.base import UnexpectedAnswer
from seedarr.imagehosts.ptpimg import PtpimgHost, PtpimgOptions
from seedarr.secrets import Secret

MakePtpimg = Callable[..., PtpimgHost]


async def test_upload_builds_the_image_url_from_code_and_ext(
    make_ptpimg: MakePtpimg, ptpimg_fake: FakePtpimg, shots: list[Path], http: httpx.AsyncClient
) -> None:
    host = make_ptpimg()
    image = await host.upload(shots[1])

    assert ptpimg_fake.uploads == 1
    assert image.full_url.startswith(host.options.root + "/") and image.full_url.endswith(".png")
    assert image.thumb_url == image.viewer_url == image.full_url  # ptpimg has no thumbnails
    assert image.delete_url is None
    served = await http.get(image.full_url)
    assert served.status_code == 200 and served.content == shots[1].read_bytes()


async def test_fields_and_referer_are_exactly_what_ptpimg_expects(
    make_ptpimg: MakePtpimg, ptpimg_fake: FakePtpimg, shots: list[Path]
) -> None:
    host = make_ptpimg()
    await host.upload(shots[0])

    (request,) = ptpimg_fake.received
    assert request.fields == ["api_key", "file-upload[0]"]
    assert request.headers["referer"] == f"{host.options.root}/index.php"
    assert request.query == [] and PTPIMG_KEY not in request.path


async def test_a_refused_key_is_an_auth_error_without_the_key(
    make_ptpimg: MakePtpimg, ptpimg_fake: FakePtpimg, shots: list[Path]
) -> None:
    wrong = "NotTheRightKeyForThisAccount0000"
    with pytest.raises(ServiceAuthError) as caught:
        await make_ptpimg(key=wrong).upload(shots[0])

    assert caught.value.status_code == 403 and "API key was refused" in str(caught.value)
    assert wrong not in str(caught.value) and PTPIMG_KEY not in str(caught.value)
    assert len(ptpimg_fake.received) == 1 and ptpimg_fake.uploads == 0


async def test_server_errors_are_retried(
    make_ptpimg: MakePtpimg, ptpimg_fake: FakePtpimg, shots: list[Path]
) -> None:
    ptpimg_fake.fail_next(502)
    await make_ptpimg().upload(shots[0])
    assert (len(ptpimg_fake.received), ptpimg_fake.uploads) == (2, 1)

    ptpimg_fake.fail_next(500, count=10)
    with pytest.raises(ServiceUnavailable):
        await make_ptpimg().upload(shots[0])
    assert ptpimg_fake.uploads == 1


async def test_check_sees_the_site_answer(make_ptpimg: MakePtpimg, ptpimg_fake: FakePtpimg) -> None:
    message = await make_ptpimg().check()
    assert message.startswith("ptpimg reachable") and "first upload" in message
    assert ptpimg_fake.paths() == ["/index.php"] and ptpimg_fake.uploads == 0


@pytest.mark.parametrize(
    "body", [[], [{"code": "abc"}], {"code": "abc", "ext": "png"}, [{"code": "../x", "ext": "png"}]]
)
async def test_answers_off_the_documented_shape_are_unexpected(body: object, shots: list[Path]) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    async with httpx.AsyncClient(transport=transport) as client:
        host = PtpimgHost(client, Secret(PTPIMG_KEY), options=PtpimgOptions(base_url="http://ptpimg.invalid"))
        with pytest.raises(UnexpectedAnswer):
            await host.upload(shots[0])
