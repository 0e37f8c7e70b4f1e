"""The SPEC objects as types: the one place a field is defined.

Every record is a plain dataclass with ``to_dict`` giving exactly the JSON shape of
``schema/extraction.schema.json`` and ``from_dict`` reading it back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to", "vague"]
Outcome = Literal["killed", "injured", "affected", "missing", "detained", "displaced"]
Group = Literal[
    "people", "civilians", "children", "women", "fighters", "rescue_workers", "medical_workers", "journalists"
]
DatePrecision = Literal["day", "range", "month", "year", "unknown"]
PlacePrecision = Literal["point", "town", "district", "region", "country"]
PlaceQualifier = Literal["outskirts", "countryside", "near"]

QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "more_than", "about", "up_to", "vague")
OUTCOMES: tuple[str, ...] = ("killed", "injured", "affected", "missing", "detained", "displaced")
GROUPS: tuple[str, ...] = (
    "people", "civilians", "children", "women", "fighters", "rescue_workers", "medical_workers", "journalists",
)
ATTACK_TYPES: tuple[str, ...] = (
    "airstrike", "drone_strike", "shelling", "rocket_attack", "missile_strike", "ground_attack", "shooting",
    "explosive_device", "chemical_attack", "other",
)
WEAPONS: tuple[str, ...] = (
    "barrel_bomb", "cluster_munition", "incendiary", "white_phosphorus", "napalm", "thermobaric",
    "bunker_buster", "chlorine", "sarin", "toxic_chemical", "ballistic_missile", "cruise_missile",
    "guided_missile", "landmine", "ied", "car_bomb",
)
TARGET_TYPES: tuple[str, ...] = (
    "medical", "education", "market", "civil_defense", "residential", "place_of_worship", "bakery",
    "displacement_site", "humanitarian", "infrastructure", "public_building", "military",
)
EFFECTS: tuple[str, ...] = ("destroyed", "damaged", "out_of_service", "hit")
SOURCE_TYPES: tuple[str, ...] = (
    "activists", "local_media", "ngo", "un", "government", "armed_group", "political_body", "medical",
    "rescue_service", "media", "witness", "other",
)
AGGREGATE_METRICS: tuple[str, ...] = (
    "attacks", "airstrikes", "massacres", "killed", "injured", "facility_attacks", "weapon_uses", "displaced",
    "other",
)
CIVILIAN_TARGETS: frozenset[str] = frozenset(set(TARGET_TYPES) - {"military"})


@dataclass
class Document:
    id: str
    text: str
    published: str | None = None
    source: str | None = None
    publisher: str | None = None
    title: str | None = None
    # ISO 639-1 code of the text's language as detected at import ("en", "ar"); None when not read by ingest.
    language: str | None = None
    # The bytes as received (the id is their SHA-256): kept for the evidentiary archive, never serialised.
    raw: bytes | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.source, "publisher": self.publisher, "title": self.title,
            "published": self.published, "language": self.language, "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(id=d["id"], text=d["text"], published=d.get("published"), source=d.get("source"),
                   publisher=d.get("publisher"), title=d.get("title"), language=d.get("language"))


@dataclass
class DateSpan:
    start: str | None = None
    end: str | None = None
    precision: DatePrecision = "unknown"
    text: str | None = None

    @classmethod
    def unknown(cls) -> DateSpan:
        return cls()


@dataclass
class Location:
    name: str
    canonical: str | None = None
    gazetteer_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    precision: PlacePrecision = "town"
    qualifier: PlaceQualifier | None = None
    # The town the text puts a neighbourhood in ("Sukari neighbourhood in eastern Aleppo"): geocoding context
    # only, not part of the SPEC object, never serialised.
    within: str | None = field(default=None, repr=False, compare=False)
    # The town the text puts an unlisted village near ("Abbati, a farming community outside Maiduguri"): the
    # point that stands for the place, at precision 'district', when the place itself cannot be resolved.
    # Geocoding context only, like ``within``.
    near: str | None = field(default=None, repr=False, compare=False)
    # The town at the other end when the text puts the place on the way out of this one ("on the Maiduguri-Damboa
    # road", "between X and Y"): how far the way reaches decides how precise this town's point is. Geocoding context
    # only, like ``within``.
    toward: str | None = field(default=None, repr=False, compare=False)


# Location fields that are geocoding context, not part of the SPEC object: never serialised.
LOCATION_CONTEXT = ("within", "near", "toward")


@dataclass
class Actor:
    name: str
    text: str | None = None


@dataclass
class Strike:
    count: int | None
    qualifier: Qualifier
    what: str


@dataclass
class Casualty:
    outcome: Outcome
    group: Group
    count: int | None
    low: int | None
    high: int | None
    qualifier: Qualifier
    text: str | None = None


@dataclass
class Total:
    count: int | None
    qualifier: Qualifier


@dataclass
class Target:
    type: str
    name: str | None = None
    effect: str | None = None


@dataclass
class Source:
    name: str
    type: str = "other"


@dataclass
class Evidence:
    field: str
    start: int
    end: int


@dataclass
class LegalRef:
    instrument: str
    engaged_by: str
    caveat: str
    parties: dict[str, bool | None] = field(default_factory=dict)
    table_checked: str | None = None


@dataclass
class Incident:
    id: str
    date: DateSpan = field(default_factory=DateSpan)
    location: Location | None = None
    actors: list[Actor] = field(default_factory=list)
    attack_types: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    strikes: list[Strike] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    killed: Total | None = None
    injured: Total | None = None
    targets: list[Target] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    legal: list[LegalRef] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d.get("location"):
            for key in LOCATION_CONTEXT:
                d["location"].pop(key, None)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incident:
        loc = d.get("location")
        return cls(
            id=d.get("id", ""),
            date=DateSpan(**{k: v for k, v in (d.get("date") or {}).items() if k in DateSpan.__dataclass_fields__}),
            location=Location(**{k: v for k, v in loc.items() if k in Location.__dataclass_fields__}) if loc else None,
            actors=[Actor(**a) if isinstance(a, dict) else Actor(name=a) for a in d.get("actors") or []],
            attack_types=list(d.get("attack_types") or []),
            weapons=list(d.get("weapons") or []),
            strikes=[Strike(**s) for s in d.get("strikes") or []],
            casualties=[Casualty(**{**{"low": None, "high": None, "text": None}, **c}) for c in d.get("casualties") or []],
            killed=Total(**d["killed"]) if d.get("killed") else None,
            injured=Total(**d["injured"]) if d.get("injured") else None,
            targets=[Target(**t) for t in d.get("targets") or []],
            sources=[Source(**s) if isinstance(s, dict) else Source(name=s) for s in d.get("sources") or []],
            evidence=[Evidence(**e) for e in d.get("evidence") or [] if isinstance(e, dict)],
            confidence=float(d.get("confidence", 0.5)),
            legal=[LegalRef(**lr) for lr in d.get("legal") or []],
        )


@dataclass
class Period:
    start: str | None = None
    end: str | None = None


@dataclass
class Aggregate:
    metric: str
    count: int | None
    qualifier: Qualifier
    low: int | None = None
    high: int | None = None
    group: str | None = None
    period: Period | None = None
    area: str | None = None
    source: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Aggregate:
        per = d.get("period")
        return cls(
            metric=d["metric"], count=d.get("count"), qualifier=d.get("qualifier", "exact"), low=d.get("low"),
            high=d.get("high"), group=d.get("group"), period=Period(**per) if per else None, area=d.get("area"),
            source=d.get("source"), evidence=[Evidence(**e) for e in d.get("evidence") or [] if isinstance(e, dict)],
        )


@dataclass
class CaseMember:
    """One incident in a case, with what the case needs to know about its document and its link."""

    incident: Incident
    document_id: str
    incident_index: int
    source: str | None
    publisher: str | None
    copy_group: str                      # the text hash of the document (copies of one text share it)
    published: str | None = None
    score: float | None = None           # the score of the link that brought it in (None: founded the case)
    pinned: bool = False                 # placed by a reviewer: linking never moves it
    explanation: list[dict[str, Any]] = field(default_factory=list)
    text: str | None = field(default=None, repr=False, compare=False)  # document text, for near-copies only

    def to_dict(self) -> dict[str, Any]:
        inc = self.incident
        return {
            "document_id": self.document_id, "source": self.source, "incident_index": self.incident_index,
            "incident_id": inc.id, "publisher": self.publisher, "published": self.published,
            "date": asdict(inc.date), "place": inc.location.name if inc.location else None,
            "killed": asdict(inc.killed) if inc.killed else None,
            "injured": asdict(inc.injured) if inc.injured else None,
            "actors": [a.name for a in inc.actors],
            "score": self.score, "pinned": self.pinned, "explanation": self.explanation,
        }


@dataclass
class Case:
    """One real-world event: the merged values of its member incidents (SPEC §1 "Case", §4 export)."""

    id: str
    date: dict[str, Any]
    location: dict[str, Any] | None
    actors: list[str]
    attack_types: list[str]
    weapons: list[str]
    targets: list[dict[str, Any]]
    casualties: list[dict[str, Any]]
    sources: list[str]
    publishers: list[str]
    legal: list[dict[str, Any]]
    n_documents: int
    n_independent_sources: int
    single_source: bool
    # reports counted as one source, and why: [{"documents": [...], "reasons": [...]}] (groups of 2+ only)
    counted_together: list[dict[str, Any]]
    members: list[CaseMember]

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "members"}
        d["members"] = [m.to_dict() for m in self.members]
        return d


@dataclass
class Extraction:
    """The output of ``docket extract`` for one document."""

    document: Document
    incidents: list[Incident] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "incidents": [i.to_dict() for i in self.incidents],
            "aggregates": [a.to_dict() for a in self.aggregates],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Extraction:
        return cls(
            document=Document.from_dict(d["document"]),
            incidents=[Incident.from_dict(i) for i in d.get("incidents") or []],
            aggregates=[Aggregate.from_dict(a) for a in d.get("aggregates") or []],
        )
