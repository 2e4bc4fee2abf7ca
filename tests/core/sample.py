"""A realistic article for the render tests and the benchmark."""

from __future__ import annotations

import datetime as dt

import dataclasses

from desk.core.photos.crops import SizedImage, crops_of
from desk.core.render import Card, Crumb, Figure, Page, Site

MAXPPP_CREDIT = (
    "©Kyodo/MAXPPP - 15/04/2024 ; Soldiers salute at Mansu Hill in Pyongyang on April 15, "
    "2024, as North Korea marks the 112th anniversary of the country's founder Kim Il Sung's "
    "birth. (Kyodo) ==Kyodo (MaxPPP TagID: maxnewsworldsix198966.jpg) [Photo via MaxPPP]"
)

SITE = Site(
    name="The Daily Desk",
    base_url="https://news.example.org",
    language="en",
    timezone="Europe/Paris",
    logo=SizedImage("/static/logo.png", 512, 512),
    nav=[
        Crumb("World", "/category/world/"),
        Crumb("Politics", "/category/politics/"),
        Crumb("Business", "/category/business/"),
    ],
)


def figure(photo_id: int, alt: str, credit: str, caption: str = "") -> Figure:
    base = f"/media/photos/{photo_id}"
    return Figure(
        src=f"{base}/1600.jpg",
        srcset=[(f"{base}/1600.jpg", 1600), (f"{base}/480.jpg", 480), (f"{base}/960.jpg", 960)],
        webp=((f"{base}/480.webp", 480), (f"{base}/960.webp", 960), (f"{base}/1600.webp", 1600)),
        width=1600,
        height=1067,
        alt=alt,
        credit=credit,
        caption=caption,
        photo_id=photo_id,
    )


HERO = dataclasses.replace(figure(
    7,
    "Rows of soldiers saluting in front of the statues on Mansu Hill",
    MAXPPP_CREDIT,
), crops=crops_of(7, 1600, 1067))
INLINE = figure(
    8,
    "A crowd laying flowers at the foot of the statues",
    "©AFP/MAXPPP - 15/04/2024 [Photo via MaxPPP]",
)

BODY = """North Korea marked the "Day of the Sun" on Monday -- the 112th anniversary of
Kim Il Sung's birth -- with ceremonies across Pyongyang.

## A day of ceremonies

Soldiers and officials gathered at Mansu Hill... The state news agency said it was
'a day of boundless reverence'.

![](photo:8 "Citizens lay flowers at Mansu Hill.")

> "We will carry on the revolution," an official said --- to applause.

- Flowers were laid at the statues.
- Students held a torch-lit parade.

Read the [agency report](https://example.com/report) for details.
"""


def sample_page(**changes) -> Page:
    page = Page(
        site=SITE,
        headline="North Korea marks founder's birthday with ceremonies in Pyongyang",
        slug="north-korea-marks-founders-birthday",
        url="/2024/04/15/north-korea-marks-founders-birthday/",
        standfirst="Soldiers and citizens gathered at Mansu Hill on the 112th anniversary.",
        body_markdown=BODY,
        byline="Jane Reporter",
        published=dt.datetime(2024, 4, 15, 8, 30, tzinfo=dt.timezone.utc),
        updated=dt.datetime(2024, 4, 15, 12, 0, tzinfo=dt.timezone.utc),
        category_path=[Crumb("World", "/category/world/"), Crumb("Asia", "/category/asia/")],
        tags=[Crumb("North Korea", "/tag/north-korea/"), Crumb("Kim Il Sung", "/tag/kim-il-sung/")],
        hero=HERO,
        source_name="lindependant.fr",
        source_url="https://www.lindependant.fr/2024/04/15/article.html",
        related=[
            Card(
                url=f"/2024/04/1{i}/related-{i}/",
                headline=f"Related story number {i}",
                category_name="Asia",
                category_url="/category/asia/",
                teaser=("A long teaser sentence that keeps going " * 8).strip(),
                image=figure(20 + i, f"Thumbnail alt text {i}", f"©Agency {i}"),
            )
            for i in range(1, 5)
        ],
        figures={8: INLINE},
    )
    for key, value in changes.items():
        setattr(page, key, value)
    return page
