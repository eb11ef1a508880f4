"""Open images from strangers safely, and make copies fit to publish."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

# 50 megapixels: more than any phone camera's default photo, a fraction of Pillow's own
# limit (about 89.5 megapixels). Decoded as RGB it still needs 150 MB of memory.
MAX_PIXELS = 50_000_000
# Name the formats you accept; Pillow would otherwise try every plugin it has.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "AVIF")


class RejectedImageError(ValueError):
    """The file is not an image this program is willing to decode."""


def load_untrusted(path: Path, *, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Decode an uploaded image, upright, after checking its size and structure."""
    try:
        # Image.open reads only the header: the size is known before any pixel is.
        with Image.open(path, formats=ALLOWED_FORMATS) as probe:
            width, height = probe.size
            if width * height > max_pixels:
                raise RejectedImageError(
                    f"{path}: {width}x{height} pixels is over the limit of {max_pixels:,}"
                )
            probe.verify()  # checks the structure (PNG checksums); the image is spent after
        with Image.open(path, formats=ALLOWED_FORMATS) as image:
            image.load()  # decode now, inside the try, so a broken file fails here
            # Cameras store pixels as the sensor saw them and a tag saying how to turn them.
            return ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise RejectedImageError(f"{path}: {error}") from error


def flatten(image: Image.Image, background: str = "white") -> Image.Image:
    """Turn any mode into RGB, painting transparent pixels onto ``background``."""
    if image.mode == "RGB":
        return image
    if "transparency" in image.info or image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, background)
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")


def publishable_copy(source: Path, target: Path, *, longest_side: int = 1600) -> Path:
    """Write an upright JPEG no larger than ``longest_side``, without EXIF metadata."""
    image = load_untrusted(source)
    icc_profile = image.info.get("icc_profile")  # the colours mean nothing without it
    image.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    # No exif= argument: the GPS position, camera serial and date stay behind.
    flatten(image).save(target, "JPEG", quality=85, optimize=True, icc_profile=icc_profile)
    return target
