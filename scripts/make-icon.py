#!/usr/bin/env python3
"""Draw assets/shenbiao.ico: a white 审 on a rounded red-brown square.

Run once by hand (needs Pillow and fonts-wqy-zenhei); the .ico is committed
so that builds need neither. Usage: python3 scripts/make-icon.py
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
SIZES = [16, 24, 32, 48, 64, 128, 256]
OUT = Path(__file__).resolve().parent.parent / "assets" / "shenbiao.ico"


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, then downsample for smooth edges
    big = size * scale
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, big - 1, big - 1], radius=big // 6, fill=(178, 34, 34, 255))
    font = ImageFont.truetype(FONT, int(big * 0.78))
    box = d.textbbox((0, 0), "审", font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    # A stroke keeps the glyph legible at 16 px.
    stroke = max(1, big // 48)
    d.text(
        ((big - w) / 2 - box[0], (big - h) / 2 - box[1]),
        "审",
        font=font,
        fill="white",
        stroke_width=stroke,
        stroke_fill="white",
    )
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    images = [draw(s) for s in SIZES]
    images[-1].save(OUT, format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
