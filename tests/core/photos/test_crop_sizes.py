"""Share crops of photos whose web rendition's height is rounded down (a 3:2 photo of
3000 x 2000 among them): the crop box must stay inside the rendition."""

from __future__ import annotations

import pytest

from desk.core.photos.crops import RATIOS
from desk.core.photos.photometa.crops import make_crops
from tests.photo_factory import agency_jpeg


@pytest.mark.parametrize("size", [(3000, 2000), (2400, 1600), (3600, 2000), (3000, 1600)])
def test_every_crop_is_made_whatever_the_rounding(size):
    width, height = size
    made = make_crops(agency_jpeg({110: "Reuters"}, width=width, height=height), width, height, {}, list(RATIOS))
    assert sorted(made) == sorted(RATIOS)
