"""How long publishing takes against a throw-away WordPress (Debian packages needed).

    python -m benchmarks.wordpress_publish [--rounds 3] [--size 3000x2000]

Prints one JSON line: server start-up, then per round the time to upload three
Pillow-made JPEGs and create the post that uses them, and the time to update it.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
import uuid

from PIL import Image, ImageDraw, ImageFilter

from desk.core.publish.wordpress import WordPressClient
from tests.wordpress.server import WordPressServer, available


def photo(width: int, height: int, seed: int) -> bytes:
    """A JPEG about the weight of an agency photo (detail, not a flat colour)."""
    image = Image.effect_noise((width, height), 60 + seed).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 40):
        draw.line([(i, 0), (width - i, height)], fill=(i % 255, 90, 200 - seed * 40), width=7)
    image = image.filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def publish_round(client: WordPressClient, photos: list[bytes]) -> dict[str, float]:
    tag = uuid.uuid4().hex[:8]
    started = time.perf_counter()
    category = client.ensure_category_path(["World", "Asia"])
    tags = client.ensure_tags(["North Korea", f"Bench {tag}"])
    media = [
        client.upload_media(
            data, f"photo-{tag}-{i}.jpg", "image/jpeg",
            caption=f"Caption {i} (Kyodo) ==Kyodo", alt_text=f"Alt text {i}",
            title=f"Photo {i}",
        )
        for i, data in enumerate(photos)
    ]
    body = "".join(
        f'<figure><img src="{m.source_url}" alt="{m.alt_text}"/></figure><p>Paragraph.</p>'
        for m in media
    )
    post = client.create_post({
        "title": f"Benchmark {tag}", "content": body, "status": "publish",
        "categories": [category.id], "tags": tags, "featured_media": media[0].id,
    })
    created = time.perf_counter() - started

    started = time.perf_counter()
    client.update_post(
        post.id,
        {"title": f"Benchmark {tag} (updated)", "content": body + "<p>More.</p>",
         "featured_media": media[1].id},
        expected_modified_gmt=post.modified_gmt,
    )
    client.update_media(media[0].id, caption="Corrected caption (Kyodo) ==Kyodo")
    updated = time.perf_counter() - started
    return {"create_with_3_photos": created, "update": updated}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", default="3000x2000")
    args = parser.parse_args()
    ok, reason = available()
    if not ok:
        raise SystemExit(f"{reason}: run .ci/wordpress-packages")
    width, height = (int(n) for n in args.size.split("x"))
    photos = [photo(width, height, i) for i in range(3)]

    server = WordPressServer()
    started = time.perf_counter()
    server.start()
    start_up = time.perf_counter() - started
    try:
        client = WordPressClient(server.url, server.user, server.app_password)
        client.check()
        rounds = [publish_round(client, photos) for _ in range(args.rounds)]
    finally:
        server.stop()

    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in rounds), 3)

    print(json.dumps({
        "server_start_s": round(start_up, 3),
        "server_phases_s": {k: round(v, 3) for k, v in server.timings.items()},
        "photo_size": args.size,
        "photo_bytes": [len(p) for p in photos],
        "rounds": [{k: round(v, 3) for k, v in r.items()} for r in rounds],
        "median_create_with_3_photos_s": median("create_with_3_photos"),
        "median_update_s": median("update"),
    }))


if __name__ == "__main__":
    main()
