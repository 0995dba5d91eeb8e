"""The curated gazetteer: canonical actors and every surface form that names them.

Data lives in the CSV files beside this module (one row per actor, reviewable
without reading code):

- `countries.csv`: every UN member state (and a few more) by ISO3, with
  Arabic name variants, gentilic stems, capital and seats of government.
  A country yields forms of three kinds: `name` (روسيا), `gentilic` (روسي
  expanded to روسية، الروسي، الروس، روسيين ...) and `metonym` (موسكو,
  الكرملين). Each capital is also a LOCATION actor (`moscow`), used when the
  text means the place (في موسكو) rather than the government.
- `organizations.csv`, `persons.csv`, `locations.csv`: other actors with
  aliases (a sports club's one-word form that is a common word, الاتفاق or
  الهلال, names the club on sports pages or after نادي/فريق only),
  country, CAMEO code, kind (or a person's role), the years they
  apply, for a group defined by its members (التحالف الرباعي) the member
  states, and for a coalition led by one state that state.
- `institutions.csv`: generic state bodies (وزارة الدفاع، البرلمان ...). One
  followed by a country (وزارة الدفاع الأمريكية، البرلمان في لندن) is that
  country's body: the organization row with that `institution` and country,
  or a new actor `<iso3>_<institution>`.
- `geonames_places.csv`: GeoNames cities with Arabic names and coordinates
  (built by `scripts/build_geonames.py`). Below every curated file: a city
  only claims forms no curated actor has, and lends its coordinates to the
  curated place of the same id or Arabic name.
- `first_names.txt`: given names; a person the gazetteer lacks is accepted
  from context only when the name starts with one.

Forms are keyed by their `match_text` fold (pipeline.normalize.fold_text), so
matching ignores alef/ya/ta-marbuta spelling variants.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from pipeline.normalize import fold_text, normalize_text
from pipeline.translit import slug

DATA_DIR = Path(__file__).resolve().parent


def form_key(text: str) -> str:
    """The lookup key of a surface form: normalized, folded, single-spaced."""
    return " ".join(fold_text(normalize_text(text)).split())


INSTITUTION = "INSTITUTION"  # entity_type of a generic state body, before it is composed


@dataclass(frozen=True)
class Form:
    actor_id: str  # for an INSTITUTION form: the institution key
    entity_type: str
    mention_form: str  # name | gentilic | metonym
    location_id: str | None = None  # for a capital: the city actor used in locative context
    context: str = ""  # where a weaker form counts: "place" (a GeoNames city), "sport" (a club named by a common word)


@dataclass(frozen=True)
class Actor:
    actor_id: str
    actor_type: str
    name_en: str
    name_ar: str
    country_iso3: str | None
    cameo_code: str | None
    kind: str = ""  # organizations: armed group, ministry, media ...; persons: their role
    members: tuple[str, ...] = ()  # a group defined by its member states (التحالف الرباعي)
    led_by: str | None = None  # a coalition led by one state (التحالف بقيادة الولايات المتحدة)
    latitude: float | None = None  # places: GeoNames coordinates
    longitude: float | None = None


# Suffixes of the nisba adjective: -ي -ية -يان -يين -يون -يتان -يتين (folded ة -> ه).
_NISBA_ENDINGS = ("", "ه", "ان", "ين", "ون", "تان", "تين")


def gentilic_forms(gentilic: str) -> set[str]:
    """Every inflection of a gentilic, definite and indefinite, as keys.

    A form ending in ي is a nisba adjective and gets all its endings (applied
    to each word of a multi-word gentilic: كوري شمالي -> الكورية الشمالية);
    any other form is an irregular plural (الروس) taken as written, with and
    without the article.
    """
    words = form_key(gentilic).split()
    forms: set[str] = set()
    if all(w.endswith("ي") for w in words):
        for ending in _NISBA_ENDINGS:
            inflected = [w + ending for w in words]
            forms.add(" ".join(inflected))
            forms.add(" ".join(w if w.startswith("ال") else "ال" + w for w in inflected))
    else:
        key = " ".join(words)
        forms.add(key)
        if key.startswith("ال"):
            forms.add(key[2:])
    return forms


PLACE_CONTEXT, SPORT_CONTEXT = "place", "sport"
# A one-word form ranking above this in the shipped word list is a common word first.
COMMON_FORM_RANK = 50_000


def _is_common_word(key: str) -> bool:
    from pipeline.lexicon import arabic_vocabulary

    if " " in key:
        return False
    rank = arabic_vocabulary().rank(key)
    return rank is not None and rank < COMMON_FORM_RANK


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of one of the CSV files beside this module."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Gazetteer:
    """Actors and the index of their surface forms."""

    # When two actors claim the same form, the earlier kind wins; two actors of
    # the same kind make the form ambiguous and it is dropped.
    _PRIORITY = {"name": 0, "gentilic": 1, "metonym": 2}
    # An institution form never outranks an actor's own name.
    _TYPE_RANK = {INSTITUTION: 1}

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.forms: dict[str, Form] = {}
        self.institutions: dict[tuple[str, str], str] = {}  # (iso3, institution) -> actor_id
        self.institution_names: dict[str, str] = {}  # institution -> English label
        self.first_names: set[str] = set()
        self.ambiguous: set[str] = set()
        self._claims: dict[str, list[Form]] = {}
        self._load()
        self._resolve()
        # first token of each form -> the most tokens any form starting with it has
        self.max_tokens: dict[str, int] = {}
        for key in self.forms:
            first, n = key.split(" ", 1)[0], key.count(" ") + 1
            self.max_tokens[first] = max(n, self.max_tokens.get(first, 0))
        # tokens repeat (Zipf): their readings are computed once per process
        self.candidates = lru_cache(maxsize=500_000)(self._candidates)

    def _candidates(self, token: str) -> tuple[tuple[str, int, int], ...]:
        """(core, span offset, most tokens) for each proclitic reading of a
        folded token that can start a gazetteer form."""
        from pipeline.entities.tokens import clitic_variants

        return tuple(
            (core, offset, self.max_tokens[core]) for core, offset in clitic_variants(token) if core in self.max_tokens
        )

    def _claim(self, text: str, form: Form) -> None:
        key = form_key(text)
        if key:
            self._claims.setdefault(key, []).append(form)

    def _add_actor(self, actor: Actor) -> None:
        if actor.actor_id in self.actors:
            raise ValueError(f"gazetteer: duplicate actor id {actor.actor_id!r}")
        self.actors[actor.actor_id] = actor

    def _load(self) -> None:
        for row in read_rows("countries.csv"):
            iso3 = row["actor_id"]
            self._add_actor(Actor(iso3, "COUNTRY", row["name_en"], row["name_ar"], iso3, row["cameo_code"] or iso3, "state"))
            for name in [row["name_ar"], *_split(row["aliases"])]:
                self._claim(name, Form(iso3, "COUNTRY", "name"))
            for gentilic in _split(row["gentilics"]):
                for key in gentilic_forms(gentilic):
                    self._claims.setdefault(key, []).append(Form(iso3, "COUNTRY", "gentilic"))
            capitals = _split(row["capital_ar"])
            city_id = slug(row["capital_en"]) if capitals else None
            if city_id:
                self._add_actor(Actor(city_id, "LOCATION", row["capital_en"], capitals[0], iso3, None, "capital"))
            for capital in capitals:
                self._claim(capital, Form(iso3, "COUNTRY", "metonym", city_id))
            for seat in _split(row["metonyms"]):
                self._claim(seat, Form(iso3, "COUNTRY", "metonym"))
        for file_name, actor_type in (("organizations.csv", "ORG"), ("persons.csv", "PERSON"), ("locations.csv", "LOCATION")):
            for row in read_rows(file_name):
                actor_id = row["actor_id"]
                self._add_actor(Actor(
                    actor_id, actor_type, row["name_en"], row["name_ar"],
                    row.get("country_iso3") or None, row.get("cameo_code") or None,
                    row.get("kind") or row.get("role") or "", tuple(_split(row.get("members"))),
                    row.get("led_by") or None,
                ))
                sporting = row.get("kind", "").startswith("sports")
                for name in [row["name_ar"], *_split(row["aliases"])]:
                    # a club called by a common word (الاتفاق، الهلال) is the club on sports pages only
                    context = SPORT_CONTEXT if sporting and _is_common_word(form_key(name)) else ""
                    self._claim(name, Form(actor_id, actor_type, "name", context=context))
                if row.get("institution") and row.get("country_iso3"):
                    self.institutions[(row["country_iso3"], row["institution"])] = actor_id
        self._load_geonames()
        for row in read_rows("institutions.csv"):
            self.institution_names[row["institution"]] = row["name_en"]
            for name in _split(row["forms"]):
                self._claim(name, Form(row["institution"], INSTITUTION, "name"))
        lines = (DATA_DIR / "first_names.txt").read_text(encoding="utf-8").splitlines()
        self.first_names = {form_key(line) for line in lines if line.strip() and not line.startswith("#")}
        # every one-word given name the spelling table knows is a given name too
        from pipeline.translit import given_names

        self.first_names |= given_names()

    def _load_geonames(self) -> None:
        # a curated place (or a capital, through its state's metonym form) by each of its forms
        curated_places = {key: claims[0].location_id or claims[0].actor_id for key, claims in self._claims.items()
                          if claims[0].entity_type == "LOCATION" or claims[0].location_id}
        coordinates: dict[str, tuple[float, float]] = {}
        for row in read_rows("geonames_places.csv"):
            point = (float(row["latitude"]), float(row["longitude"]))
            keys = [form_key(name) for name in [row["name_ar"], *_split(row["aliases"])]]
            free = [k for k in keys if k and k not in self._claims]
            for owner in [row["actor_id"], *(curated_places.get(key) for key in keys)]:
                if owner is not None:  # the curated place of the same id or Arabic name
                    coordinates.setdefault(owner, point)
            if not free or row["actor_id"] in self.actors:
                continue
            self._add_actor(Actor(row["actor_id"], "LOCATION", row["name_en"], row["name_ar"],
                                  row["country_iso3"] or None, None, "city", latitude=point[0], longitude=point[1]))
            for key in free:
                self._claims[key] = [Form(row["actor_id"], "LOCATION", "name", context=PLACE_CONTEXT)]
        for actor_id, (lat, lon) in coordinates.items():
            actor = self.actors.get(actor_id)
            if actor is not None and actor.actor_type == "LOCATION" and actor.latitude is None:
                self.actors[actor_id] = dataclasses.replace(actor, latitude=lat, longitude=lon)

    def _resolve(self) -> None:
        for key, claims in self._claims.items():
            # each actor's strongest claim on the key
            distinct = {c.actor_id: c for c in sorted(claims, key=lambda c: -self._PRIORITY[c.mention_form])}
            if len(distinct) == 1:
                self.forms[key] = next(iter(distinct.values()))
                continue
            def rank(c: Form) -> tuple[int, int]:
                return self._TYPE_RANK.get(c.entity_type, 0), self._PRIORITY[c.mention_form]

            ranked = sorted(distinct.values(), key=rank)
            if rank(ranked[0]) < rank(ranked[1]):
                self.forms[key] = ranked[0]
            else:
                self.ambiguous.add(key)

    def actors_frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            [
                {"actor_id": a.actor_id, "actor_type": a.actor_type, "name_en": a.name_en, "name_ar": a.name_ar,
                 "country_iso3": a.country_iso3, "cameo_code": a.cameo_code, "latitude": a.latitude,
                 "longitude": a.longitude}
                for a in self.actors.values()
            ],
            schema={"actor_id": pl.String, "actor_type": pl.String, "name_en": pl.String, "name_ar": pl.String,
                    "country_iso3": pl.String, "cameo_code": pl.String, "latitude": pl.Float64,
                    "longitude": pl.Float64},
        )


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once per process."""
    return Gazetteer()
