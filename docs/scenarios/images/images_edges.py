"""The same edge detection with scikit-image and with OpenCV, on a NumPy array."""

from __future__ import annotations

import numpy as np


def square_picture(size: int = 64) -> np.ndarray:
    """A black greyscale picture with a white square in the middle."""
    picture = np.zeros((size, size), dtype=np.uint8)
    quarter = size // 4
    picture[quarter : size - quarter, quarter : size - quarter] = 255
    return picture


def edges_with_skimage(picture: np.ndarray) -> np.ndarray:
    """Sobel gradient magnitude, scikit-image style: floats between 0 and 1."""
    from skimage import filters, util  # not on 3.15 yet: no wheel

    return filters.sobel(util.img_as_float(picture))


def edges_with_opencv(picture: np.ndarray) -> np.ndarray:
    """Canny edges, OpenCV style: uint8, 255 on an edge and 0 elsewhere."""
    import cv2

    return cv2.Canny(picture, threshold1=100, threshold2=200)
