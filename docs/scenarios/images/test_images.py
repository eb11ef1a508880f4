"""Tests for images_safe.py and images_edges.py, on pictures Pillow draws in tmp_path."""

from __future__ import annotations

import importlib.util
import struct
import sys
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from images_edges import edges_with_opencv, edges_with_skimage, square_picture
from images_safe import (
    MAX_PIXELS,
    RejectedImageError,
    flatten,
    load_untrusted,
    publishable_copy,
)
from PIL import ExifTags, Image

RED = (255, 0, 0)


def sideways_photo(path: Path) -> Path:
    """A 400x300 JPEG, as a camera held upright stores it: pixels turned, plus a tag.

    Orientation 6 tells viewers to turn the stored pixels 90 degrees clockwise; the red
    block in the stored top-left corner then shows at the top right. The EXIF data also
    carries a GPS position, as phones write it.
    """
    image = Image.new("RGB", (400, 300), "white")
    image.paste(RED, (0, 0, 60, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Model] = "Example Phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    image.save(path, "JPEG", exif=exif, quality=95)
    return path


def png_claiming(width: int, height: int, path: Path) -> Path:
    """A valid PNG header that declares a huge size, followed by no pixel data at all."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))
    return path


def is_red(pixel: tuple[int, ...]) -> bool:
    return pixel[0] > 200 and pixel[1] < 60 and pixel[2] < 60


def test_plain_open_shows_the_photo_sideways(tmp_path: Path) -> None:
    with Image.open(sideways_photo(tmp_path / "photo.jpg")) as image:
        image.load()
        assert image.size == (400, 300)  # landscape: what the sensor stored
        assert is_red(image.getpixel((10, 10)))


def test_loader_turns_the_photo_upright(tmp_path: Path) -> None:
    image = load_untrusted(sideways_photo(tmp_path / "photo.jpg"))
    assert image.size == (300, 400)
    assert is_red(image.getpixel((290, 10)))  # top right, as the photographer saw it
    assert ExifTags.Base.Orientation not in image.getexif()  # turned once, never twice


def test_publishable_copy_is_small_upright_and_without_gps(tmp_path: Path) -> None:
    source = sideways_photo(tmp_path / "photo.jpg")
    with Image.open(source) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the danger is real
    target = publishable_copy(source, tmp_path / "public.jpg", longest_side=200)
    with Image.open(target) as published:
        assert published.format == "JPEG"
        assert published.size == (150, 200)  # 3:4 kept, longest side 200
        assert is_red(published.getpixel((145, 5)))
        exif = published.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Model not in exif
        assert "exif" not in published.info


def test_passing_exif_along_publishes_the_position(tmp_path: Path) -> None:
    """The bad version: keep the metadata 'to keep the orientation', and the GPS goes too."""
    with Image.open(sideways_photo(tmp_path / "photo.jpg")) as image:
        image.save(tmp_path / "leaky.jpg", exif=image.getexif())
    with Image.open(tmp_path / "leaky.jpg") as leaky:
        gps = leaky.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert gps[ExifTags.GPS.GPSLatitude] == (51.0, 30.0, 26.0)


def test_resize_distorts_and_thumbnail_keeps_the_shape(tmp_path: Path) -> None:
    image = Image.new("RGB", (400, 300))
    assert image.resize((100, 100), Image.Resampling.LANCZOS).size == (100, 100)
    copy = image.copy()
    copy.thumbnail((100, 100), Image.Resampling.LANCZOS)
    assert copy.size == (100, 75)
    small = Image.new("RGB", (50, 40))
    small.thumbnail((100, 100))
    assert small.size == (50, 40)  # thumbnail never enlarges


def test_transparent_png_becomes_white_not_black(tmp_path: Path) -> None:
    logo = Image.new("RGBA", (20, 20), (0, 0, 0, 0))  # fully transparent
    logo.paste((0, 0, 255, 255), (5, 5, 15, 15))
    assert logo.convert("RGB").getpixel((0, 0)) == (0, 0, 0)  # the naive way: black
    assert flatten(logo).getpixel((0, 0)) == (255, 255, 255)
    assert flatten(logo).getpixel((10, 10)) == (0, 0, 255)
    with pytest.raises(OSError, match="cannot write mode RGBA as JPEG"):
        logo.save(tmp_path / "logo.jpg")
    logo.save(tmp_path / "logo.png")
    publishable_copy(tmp_path / "logo.png", tmp_path / "logo.jpg")
    with Image.open(tmp_path / "logo.jpg") as published:
        assert published.mode == "RGB"
        assert min(published.getpixel((0, 0))) > 240  # white, give or take JPEG's noise


def test_pillow_refuses_a_header_claiming_2_5_gigapixels(tmp_path: Path) -> None:
    bomb = png_claiming(50_000, 50_000, tmp_path / "bomb.png")
    assert bomb.stat().st_size < 100  # a few bytes that promise 7.5 GB of pixels
    with pytest.raises(Image.DecompressionBombError, match="could be decompression bomb"):
        Image.open(bomb)
    with pytest.raises(RejectedImageError, match="bomb"):
        load_untrusted(bomb)


def test_between_the_limits_pillow_only_warns_and_the_loader_refuses(tmp_path: Path) -> None:
    # 100 megapixels: over Pillow's limit (89,478,485), under twice that.
    bomb = png_claiming(10_000, 10_000, tmp_path / "big.png")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with Image.open(bomb) as image:
            assert image.size == (10_000, 10_000)  # opened: load() would allocate 300 MB
    assert [w.category for w in caught] == [Image.DecompressionBombWarning]
    # The file holds no pixel data: had the loader decoded anything, the message would
    # be about a truncated file, not the size.
    with (
        pytest.warns(Image.DecompressionBombWarning),
        pytest.raises(RejectedImageError, match="10000x10000 pixels is over the limit"),
    ):
        load_untrusted(bomb)


def test_under_pillows_limit_only_your_own_limit_protects(tmp_path: Path) -> None:
    bomb = png_claiming(8_000, 8_000, tmp_path / "quiet.png")  # 64 MP: no warning at all
    assert 8_000 * 8_000 < Image.MAX_IMAGE_PIXELS
    assert 8_000 * 8_000 > MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Image.open(bomb).close()
    with pytest.raises(RejectedImageError, match="over the limit"):
        load_untrusted(bomb)


def test_a_corrupted_png_fails_verification(tmp_path: Path) -> None:
    Image.new("RGB", (32, 32), "green").save(tmp_path / "good.png")
    data = bytearray((tmp_path / "good.png").read_bytes())
    data[data.index(b"IDAT") + 8] ^= 0xFF  # one flipped byte inside the compressed pixels
    (tmp_path / "broken.png").write_bytes(bytes(data))
    assert load_untrusted(tmp_path / "good.png").size == (32, 32)
    with pytest.raises(RejectedImageError, match=r"broken.png: .*checksum"):
        load_untrusted(tmp_path / "broken.png")


def test_a_truncated_jpeg_passes_verify_and_fails_at_load(tmp_path: Path) -> None:
    Image.effect_noise((200, 150), 64).convert("RGB").save(tmp_path / "whole.jpg", quality=90)
    data = (tmp_path / "whole.jpg").read_bytes()
    (tmp_path / "half.jpg").write_bytes(data[: len(data) // 2])
    with Image.open(tmp_path / "half.jpg") as image:
        image.verify()  # JPEG has no checksums: verify() alone lets this through
    with pytest.raises(RejectedImageError, match=r"half.jpg: image file is truncated"):
        load_untrusted(tmp_path / "half.jpg")


def test_formats_outside_the_allow_list_are_refused(tmp_path: Path) -> None:
    Image.new("RGB", (8, 8)).save(tmp_path / "picture.bmp")
    (tmp_path / "notes.png").write_text("not an image", encoding="utf-8")
    (tmp_path / "empty.jpg").write_bytes(b"")
    for name in ("picture.bmp", "notes.png", "empty.jpg"):
        with pytest.raises(RejectedImageError, match="cannot identify image file"):
            load_untrusted(tmp_path / name)


@pytest.mark.parametrize("image_format", ["WEBP", "AVIF", "PNG", "JPEG"])
def test_modern_formats_round_trip(tmp_path: Path, image_format: str) -> None:
    path = tmp_path / f"picture.{image_format.lower()}"
    Image.new("RGB", (64, 48), "orange").save(path, image_format)
    assert load_untrusted(path).size == (64, 48)


def test_opencv_finds_the_edges_of_the_square() -> None:
    edges = edges_with_opencv(square_picture(64))
    assert edges.dtype == np.uint8
    assert edges[32, 16] == 255 or edges[32, 15] == 255  # on the left side of the square
    assert edges[32, 32] == 0 and edges[2, 2] == 0  # inside and outside: no edge


def test_scikit_image_finds_the_edges_or_the_gap_is_named() -> None:
    if sys.version_info >= (3, 15):
        assert importlib.util.find_spec("skimage") is None, (
            "scikit-image now installs on Python 3.15: update this test and the chapter"
        )
        with pytest.raises(ModuleNotFoundError, match="skimage"):
            edges_with_skimage(square_picture(64))
        warnings.warn(
            "scikit-image 0.26.0 has no wheel for Python 3.15: its sample ran on 3.11 and 3.14",
            stacklevel=1,
        )
        return
    edges = edges_with_skimage(square_picture(64))
    assert edges.dtype == np.float64
    assert edges[32, 16] > 0.5
    assert edges[32, 32] == 0.0 and edges[2, 2] == 0.0
