"""Figures made only of text (code listings): their boxes on built pages (truth by construction)."""
from __future__ import annotations

import pytest

from tests import listingbuild as lb
from tests.test_figure_geometry import check, read

# the built page, and how closely the figure's box must match the truth
CASES = {
    "a ruled listing over its caption is the frame, not a line at the rule": (lb.listing_caption_below, 0.9),
    "a ruled listing under its caption is the frame below it": (lb.listing_caption_above, 0.9),
    "a ruled listing at the page's foot is not the bottom margin": (lb.listing_at_page_foot, 0.9),
    "a ruled listing in the right column stays in its column": (lb.two_column_listing, 0.9),
    "two code lines over their caption are the figure, not a band across the margins": (lb.short_listing, 0.7),
    "nine code lines under their caption, read as one block of many words, are the figure":
        (lb.listing_under_caption, 0.8),
    "a plot far above its caption, an R command above it, is the plot with its labels":
        (lb.plot_far_above_caption, 0.85),
    "an image far above its caption, on a page with no running text, is the figure with its letters":
        (lb.image_far_above_caption, 0.9),
    "the blank space of a figure no reader sees lies between the text's margins": (lb.blank_figure_space, 0.9),
}


@pytest.mark.parametrize("case", CASES)
def test_a_figure_made_of_text_gets_the_box_of_its_text(case, tmp_path):
    builder, min_iou = CASES[case]
    expect, doc = read(builder, tmp_path)
    check(expect, doc, min_iou=min_iou)
