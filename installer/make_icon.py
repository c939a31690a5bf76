"""Draws the application icon: a shangyrak (the crown of a yurt: a ring with crossed bars and the
roof poles running out from it) in gold on the sky blue of the flag.

Run by hand after changing the drawing; its output is committed (Pillow is not needed to build):
    .venv/bin/python installer/make_icon.py
writes resources/icons/auyl-<size>.png and resources/icons/auyl.ico.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
CANVAS = 1024  # drawn large, then scaled down with a good filter
SKY = (0, 159, 200, 255)
SKY_DARK = (0, 112, 150, 255)
GOLD = (255, 200, 30, 255)


def draw() -> Image.Image:
    image = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = 40
    pen.rounded_rectangle((margin, margin, CANVAS - margin, CANVAS - margin), radius=200, fill=SKY_DARK)
    pen.rounded_rectangle((margin, margin, CANVAS - margin, CANVAS - margin - 28), radius=200, fill=SKY)
    centre = CANVAS / 2
    ring = 250  # outer radius of the ring
    width = 58
    # The roof poles (uyk): rays from the ring towards the walls.
    for step in range(16):
        angle = 2 * math.pi * step / 16 + math.pi / 16
        inner, outer = ring - 10, ring + 175
        pen.line((centre + inner * math.cos(angle), centre + inner * math.sin(angle),
                  centre + outer * math.cos(angle), centre + outer * math.sin(angle)), fill=GOLD, width=30)
    # The crossed bars (kuldreuish), bowed like the real ones, kept inside the ring.
    bars = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    bar_pen = ImageDraw.Draw(bars)
    for offset in (-95, 0, 95):
        for vertical in (True, False):
            if offset == 0:
                box = ((centre - 18, 0, centre + 18, CANVAS) if vertical else (0, centre - 18, CANVAS, centre + 18))
                bar_pen.rectangle(box, fill=GOLD)
                continue
            bow = 900  # radius of the arc a side bar follows
            side = 1 if offset > 0 else -1
            # The arc's centre lies across the middle, so the bar bows outwards.
            cx, cy = (centre + offset - side * bow, centre) if vertical else (centre, centre + offset - side * bow)
            bar_pen.ellipse((cx - bow, cy - bow, cx + bow, cy + bow), outline=GOLD, width=34)
    inside = Image.new("L", (CANVAS, CANVAS), 0)
    ImageDraw.Draw(inside).ellipse((centre - ring, centre - ring, centre + ring, centre + ring), fill=255)
    image.paste(bars, (0, 0), Image.composite(bars, Image.new("RGBA", bars.size), inside).getchannel("A"))
    pen.ellipse((centre - ring, centre - ring, centre + ring, centre + ring), outline=GOLD, width=width)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw()
    for size in SIZES:
        big.resize((size, size), Image.Resampling.LANCZOS).save(ICONS / f"auyl-{size}.png", optimize=True)
    big.save(ICONS / "auyl.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    print(f"written to {ICONS}")


if __name__ == "__main__":
    main()
