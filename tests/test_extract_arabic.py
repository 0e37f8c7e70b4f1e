"""Arabic extraction (issue 13): each pattern class on sentences the team wrote.

Every Arabic sentence here is FICTIONAL, invented for these tests in the style of Arabic reports; the places
are made up ("الخيالية", "كفر وهم", "تل السراب") or are governorates, and no sentence is copied from a report.
"""

from __future__ import annotations

from datetime import date

import pytest

from docket.extract import Extractor
from docket.extract.arabic import ArabicTools, split_sentences_ar
from docket.extract.components import configured_order
from docket.model import Document, Incident
from docket.vocab import Vocab


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return Vocab.load()


@pytest.fixture(scope="module")
def ar(vocab: Vocab) -> ArabicTools:
    return ArabicTools.load(vocab.actor_rx)


@pytest.fixture(scope="module")
def extractor(vocab: Vocab) -> Extractor:
    return Extractor(vocab)


def doc(text: str, published: str | None = "2019-05-10") -> Document:
    return Document(id="sha256:" + "0" * 64, text=text, published=published, title=None, language="ar")


def incidents(extractor: Extractor, text: str, published: str | None = "2019-05-10") -> list[Incident]:
    return extractor.extract(doc(text, published)).incidents


def casualties(ar: ArabicTools, sentence: str) -> list[tuple[str, str, int | None, str]]:
    qs = ar.numbers.find(sentence)
    return [(c.outcome, c.group, c.q.count, c.q.qualifier)
            for c in ar.mentions.casualties(sentence, 0, len(sentence), qs)]


# -- the pipeline chooses by language ------------------------------------------------------------------------
def test_arabic_documents_run_the_arabic_components() -> None:
    assert configured_order("ar")[0] == "ar_sentences" and "ar_sentence_frames" in configured_order("ar")
    assert configured_order("en") == configured_order(None) and "sentences" in configured_order("en")


def test_arabic_sentences_split_on_arabic_question_mark_and_full_stop() -> None:
    text = "قصفت الطائرات بلدة كفر وهم. هل توقف القصف؟ لا، استمر حتى المساء"
    assert [s.text for s in split_sentences_ar(text)] == ["قصفت الطائرات بلدة كفر وهم.", "هل توقف القصف؟",
                                                            "لا، استمر حتى المساء"]


# -- numbers ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase, count, qualifier, low, high", [
    ("ثلاثة مدنيين", 3, "exact", 3, 3),
    ("خمسة وعشرون شخصا", 25, "exact", 25, 25),
    ("ثلاثة عشر آخرين", 13, "exact", 13, 13),
    ("ثلاثة آلاف و364 مدنيا", 3364, "exact", 3364, 3364),
    ("مئتي شخص", 200, "exact", 200, 200),
    ("١٢ مدنيا", 12, "exact", 12, 12),
    ("۱۵ مدنيا", 15, "exact", 15, 15),
    ("أكثر من عشرين شخصا", 20, "more_than", 21, None),
    ("ما لا يقل عن 7 أطفال", 7, "at_least", 7, None),
    ("نحو ٥٠ مدنيا", 50, "about", 50, 50),
    ("قرابة 30 شخصا", 30, "about", 30, 30),
    ("حوالي أربعين مدنيا", 40, "about", 40, 40),
    ("عشرات المدنيين", None, "vague", 24, 99),
    ("العشرات من الجرحى", None, "vague", 24, 99),
    ("مئات العائلات", None, "vague", 200, 999),
    ("عدد من المدنيين", None, "vague", None, None),
])
def test_arabic_quantities(ar: ArabicTools, phrase: str, count: int | None, qualifier: str, low: int | None,
                           high: int | None) -> None:
    q = ar.numbers.find(phrase)[0]
    assert (q.count, q.qualifier, q.low, q.high) == (count, qualifier, low, high)


def test_figures_that_are_no_counts(ar: ArabicTools) -> None:
    for phrase in ("عند الساعة 12 ظهرا", "على بعد 30 كم غرب المدينة", "منذ 5 سنوات"):
        assert ar.numbers.find(phrase) == [], phrase


# -- outcomes, groups, duals, subsets -------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    ("قتل ثلاثة مدنيين بينهم طفلان وأصيب ثمانية آخرون بجروح.",
     [("killed", "civilians", 3, "exact"), ("killed", "children", 2, "exact"), ("injured", "civilians", 8, "exact")]),
    ("أسفر القصف عن مقتل مدنيين اثنين وإصابة ٥ آخرين.",
     [("killed", "civilians", 2, "exact"), ("injured", "civilians", 5, "exact")]),
    ("استشهد مدنيان وأصيب طفلين في القصف.", [("killed", "civilians", 2, "exact"), ("injured", "children", 2, "exact")]),
    ("لقي مدني حتفه جراء الغارة.", [("killed", "civilians", 1, "exact")]),
    ("لقي ثلاثة عناصر مصرعهم في الهجوم.", [("killed", "fighters", 3, "exact")]),
    ("سقط أربعة شهداء وستة جرحى.", [("killed", "people", 4, "exact"), ("injured", "people", 6, "exact")]),
    ("سقط 11 مدنيا وأصيب العشرات في القصف.", [("killed", "civilians", 11, "exact"), ("injured", "people", None, "vague")]),
    ("أربعة مدنيين بينهم امرأة قتلوا في القصف.", [("killed", "civilians", 4, "exact"), ("killed", "women", 1, "exact")]),
    ("قتلت امرأة وطفلين جراء الغارة.", [("killed", "women", 1, "exact"), ("killed", "children", 2, "exact")]),
    ("أصيب أكثر من 10 أطفال ونساء.", [("injured", "children", 10, "more_than")]),
    ("ما أدى إلى إصابة عشرات المدنيين.", [("injured", "civilians", None, "vague")]),
    ("لا يزال خمسة مدنيين مفقودين تحت الأنقاض.", [("missing", "civilians", 5, "exact")]),
    ("قتل ثلاثة متطوعين في الدفاع المدني.", [("killed", "rescue_workers", 3, "exact")]),
    ("أصيب اثنان من الكوادر الطبية.", [("injured", "medical_workers", 2, "exact")]),
    ("قتل 5 مدنيين على الأقل.", [("killed", "civilians", 5, "at_least")]),
])
def test_arabic_victim_grammar(ar: ArabicTools, sentence: str, expected: list[tuple[str, str, int, str]]) -> None:
    assert casualties(ar, sentence) == expected


def test_medical_workers(ar: ArabicTools) -> None:
    assert casualties(ar, "أصيب أربعة كوادر طبية في المشفى.") == [("injured", "medical_workers", 4, "exact")]


@pytest.mark.parametrize("sentence", [
    "سقطت قذائف على البلدة دون ورود أنباء عن سقوط ضحايا.",
    "استهدفت غارة الحي دون ورود أنباء عن وقوع إصابات.",
    "لم يسفر القصف عن وقوع إصابات.",
])
def test_stated_zeros(ar: ArabicTools, sentence: str) -> None:
    assert sorted(casualties(ar, sentence)) == [("injured", "people", 0, "exact"), ("killed", "people", 0, "exact")]


@pytest.mark.parametrize("sentence", ["قصفت المدفعية البلدة دون ذكر حجم الخسائر.",
                                      "دون توفر معلومات عن تحقيق إصابات."])
def test_no_zero_where_the_text_only_says_nothing_is_known(ar: ArabicTools, sentence: str) -> None:
    assert casualties(ar, sentence) == []


# -- attack types, weapons, targets -------------------------------------------------------------------------
@pytest.mark.parametrize("phrase, kind, label", [
    ("شنت الطائرات غارة على البلدة", "attack_types", "airstrike"),
    ("تعرضت البلدة لقصف جوي", "attack_types", "airstrike"),
    ("قصف مدفعي على الأحياء", "attack_types", "shelling"),
    ("قصف صاروخي على القرية", "attack_types", "rocket_attack"),
    ("استهدفت طائرة مسيرة سيارة", "attack_types", "drone_strike"),
    ("اندلعت اشتباكات عنيفة على محور القرية", "attack_types", "ground_attack"),
    ("انفجرت سيارة مفخخة في السوق", "weapons", "car_bomb"),
    ("انفجار عبوة ناسفة بدورية", "weapons", "ied"),
    ("انفجار لغم أرضي بسيارة", "weapons", "landmine"),
    ("ألقت المروحيات براميل متفجرة", "weapons", "barrel_bomb"),
    ("قصف بالقنابل العنقودية", "weapons", "cluster_munition"),
    ("قذائف محملة بغاز الكلور", "weapons", "chlorine"),
    ("صواريخ تحمل مادة النابالم", "weapons", "napalm"),
    ("قنابل الفوسفور الأبيض", "weapons", "white_phosphorus"),
    ("استهدف بصواريخ موجهة", "weapons", "guided_missile"),
    ("قصف مشفى البلدة", "targets", "medical"),
    ("غارة على مستشفى المدينة", "targets", "medical"),
    ("استهدفت مدرسة القرية", "targets", "education"),
    ("قصف السوق الشعبي", "targets", "market"),
    ("غارة على فرن البلدة", "targets", "bakery"),
    ("قصف مسجد الحي", "targets", "place_of_worship"),
    ("استهداف مخيم للنازحين", "targets", "displacement_site"),
    ("قصف مركز الدفاع المدني في البلدة", "targets", "civil_defense"),
])
def test_arabic_labels(ar: ArabicTools, phrase: str, kind: str, label: str) -> None:
    assert label in {x.label for x in ar.mentions.labels(kind, phrase, 0, len(phrase))}


# -- actors ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase, actor", [
    ("قصفت قوات النظام البلدة", "Syrian government forces"),
    ("غارات لقوات الأسد على القرية", "Syrian government forces"),
    ("استهدف الطيران الحربي التابع للنظام المدينة", "Syrian government forces"),
    ("شن الطيران الروسي غارات", "Russian forces"),
    ("قصفت قسد القرية", "SDF"),
    ("هاجمت هيئة تحرير الشام مواقع", "HTS"),
    ("قصفت قوات الدعم السريع الحي", "RSF"),
    ("غارات لطيران التحالف الدولي", "US-led coalition"),
    ("قذائف أطلقها الإرهابيون على القرية", "terrorists"),
    ("غارات بطائرات يرجح أنها روسية", "Russian forces"),
])
def test_arabic_actors(ar: ArabicTools, vocab: Vocab, phrase: str, actor: str) -> None:
    found = ar.mentions.actors(vocab.actor_rx, vocab.actors, phrase, 0, len(phrase))
    assert actor in {a.label for a in found}


def test_a_party_named_as_the_target_is_not_the_attacker(ar: ArabicTools, vocab: Vocab) -> None:
    phrase = "استهدفت الفصائل بالصواريخ مواقع قوات النظام"
    assert {a.label for a in ar.mentions.actors(vocab.actor_rx, vocab.actors, phrase, 0, len(phrase))} == \
        {"Syrian opposition forces"}


# -- dates ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase, start, end, precision", [
    ("قصفت الطائرات اليوم الجمعة البلدة", "2019-05-10", "2019-05-10", "day"),
    ("قتل مدني يوم الأحد", "2019-05-05", "2019-05-05", "day"),
    ("قصف البلدة أمس", "2019-05-09", "2019-05-09", "day"),
    ("فجر اليوم قصفت الطائرات", "2019-05-10", "2019-05-10", "day"),
    ("ليلة الأحد – الاثنين", "2019-05-05", "2019-05-06", "range"),
    ("في 4/ نيسان/ 2017", "2017-04-04", "2017-04-04", "day"),
    ("بتاريخ 2-8-2016", "2016-08-02", "2016-08-02", "day"),
    ("يوم 3 كانون الثاني 2018", "2018-01-03", "2018-01-03", "day"),
    ("يوم 3 يناير 2018", "2018-01-03", "2018-01-03", "day"),
    ("الخميس 10 تشرين الثاني/نوفمبر 2016", "2016-11-10", "2016-11-10", "day"),
    ("بين 7 و10 أيلول 2015", "2015-09-07", "2015-09-10", "range"),
    ("خلال عام 2019", "2019-01-01", "2019-12-31", "year"),
    ("في شهر آب 2014", "2014-08-01", "2014-08-31", "month"),
])
def test_arabic_dates(ar: ArabicTools, phrase: str, start: str, end: str, precision: str) -> None:
    # (a weekday beside an explicit date resolves on its own; the assembler prefers the explicit date)
    spans = [d.span for d in ar.dates.find(phrase, date(2019, 5, 10)) if d.span.start and d.rule != "weekday"] or \
        [d.span for d in ar.dates.find(phrase, date(2019, 5, 10)) if d.span.start]
    assert (spans[0].start, spans[0].end, spans[0].precision) == (start, end, precision)


def test_relative_days_and_yearless_dates_stay_unknown_without_a_publication_date(ar: ArabicTools) -> None:
    for phrase in ("قصفت الطائرات اليوم الثلاثاء البلدة", "قتل مدني أمس", "الأحد 15 تشرين الثاني"):
        assert all(d.span.precision == "unknown" for d in ar.dates.find(phrase, None)), phrase


def test_the_next_day_follows_the_last_date_told(ar: ArabicTools) -> None:
    found = ar.dates.find("قصفت الطائرات البلدة بتاريخ 6-8-2016، ومساء اليوم التالي استهدفت المدينة.", None)
    assert [(d.rule, d.span.start) for d in found] == [("numeric", "2016-08-06"), ("next_day", "2016-08-07")]


def test_one_is_no_sunday(ar: ArabicTools) -> None:
    assert ar.dates.find("قتل أحد المدنيين", date(2019, 5, 10)) == []


# -- places ---------------------------------------------------------------------------------------------------
def places(ar: ArabicTools, sentence: str) -> list[tuple[str, str, str | None, str | None, bool]]:
    return [(p.name, p.precision, p.qualifier, p.admin1, p.is_parent) for p in ar.places.find(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("قصفت الطائرات مدينة كفر وهم بريف إدلب الجنوبي.",
     [("كفر وهم", "town", None, "Idlib", False), ("إدلب", "region", "countryside", "Idlib", True)]),
    ("استهدفت غارة بلدة الخيالية في ريف حماة.",
     [("الخيالية", "town", None, "Hama", False), ("حماة", "region", "countryside", "Hama", True)]),
    ("قصف مدفعي على قرية تل السراب.", [("تل السراب", "town", None, None, False)]),
    ("غارات على حي الوهم في مدينة السراب.", [("الوهم", "point", None, None, False), ("السراب", "town", None, None, True)]),
    ("اشتباكات على أطراف قرية الخيالية.", [("الخيالية", "town", "outskirts", None, False)]),
    ("قصف في محيط بلدة الخيالية.", [("الخيالية", "town", "near", None, False)]),
    ("قصف على ريف إدلب الجنوبي.", [("إدلب", "region", "countryside", "Idlib", False)]),
    ("غارات على محافظة حماة.", [("حماة", "region", None, "Hama", False)]),
    ("اشتباكات على محور الخيالية.", [("الخيالية", "town", "near", None, False)]),
    ("غارة على بلدة الوهمية جنوب إدلب.", [("الوهمية", "town", None, "Idlib", False), ("إدلب", "region", None, "Idlib", True)]),
])
def test_arabic_places(ar: ArabicTools, sentence: str, expected: list[tuple[str, str, str | None, str | None, bool]]) -> None:
    assert places(ar, sentence) == expected


def test_a_distance_from_a_city_is_a_reference_point_not_a_place(ar: ArabicTools) -> None:
    found = places(ar, "قصفت الطائرات قرية الخيالية (30 كم غرب إدلب) صباح اليوم.")
    assert found == [("الخيالية", "town", None, None, False)]


def test_bare_names_need_the_text_to_say_they_are_places(ar: ArabicTools) -> None:
    assert [p[0] for p in places(ar, "غارات على الوهمية بريف إدلب.")] == ["الوهمية", "إدلب"]
    assert [p[0] for p in places(ar, "قصف مدفعي على (تلة السراب) فجر اليوم.")] == ["تلة السراب"]
    assert places(ar, "قال ناشطون في تصريح للصحفيين إن القصف مستمر.") == []
    assert places(ar, "أفاد مراسل عنب بلدي في درعا بأن القصف مستمر.") == []


# -- end to end: the same incidents the English pipeline builds -------------------------------------------------
def test_an_arabic_report_becomes_incidents_with_english_codes(extractor: Extractor) -> None:
    text = ("قتل ثلاثة مدنيين بينهم طفلان وأصيب ثمانية آخرون، اليوم الجمعة، جراء غارات جوية لقوات النظام "
            "على مدينة كفر وهم بريف إدلب الجنوبي.\n"
            "وفي ريف حماة، قتل مدني وأصيب اثنان بقصف مدفعي على قرية تل السراب، واستهدف القصف مدرسة القرية.")
    found = {i.location.name: i for i in incidents(extractor, text)}
    assert set(found) == {"كفر وهم", "تل السراب"}
    a = found["كفر وهم"]
    assert (a.killed.count, a.injured.count) == (3, 8)
    assert a.location.admin1 == "Idlib" and a.location.precision == "town"
    assert a.attack_types == ["airstrike"] and [x.name for x in a.actors] == ["Syrian government forces"]
    assert (a.date.start, a.date.precision) == ("2019-05-10", "day")
    b = found["تل السراب"]
    assert (b.killed.count, b.injured.count) == (1, 2) and b.attack_types == ["shelling"]
    assert [t.type for t in b.targets] == ["education"]
    # evidence offsets point at the Arabic words themselves
    assert any(text[e.start:e.end].endswith("كفر وهم") for e in a.evidence if e.field == "location")


def test_a_period_statistic_is_an_aggregate_not_an_incident(extractor: Extractor) -> None:
    text = ("وثقت الشبكة مقتل 120 مدنيا بينهم 30 طفلا خلال عام 2018 في سوريا، وارتكبت القوات 12 مجزرة.")
    result = extractor.extract(doc(text))
    assert result.incidents == []
    assert {(a.metric, a.count) for a in result.aggregates} >= {("killed", 120), ("killed", 30), ("massacres", 12)}


def test_rural_damascus_is_a_governorate_of_its_own(ar: ArabicTools) -> None:
    assert places(ar, "قصف على بلدة الخيالية في ريف دمشق.") == [
        ("الخيالية", "town", None, "Rural Damascus", False), ("دمشق", "region", "countryside", "Rural Damascus", True)]


@pytest.mark.parametrize("text, place, killed, injured, actor, attack", [
    # FICTIONAL, in the style of reports from other wars: the same grammar, other parties and places
    ("استشهد خمسة فلسطينيين وأصيب 12 آخرون في غارة للاحتلال الإسرائيلي على مخيم الوهم.",
     "الوهم", 5, 12, "Israeli forces", "airstrike"),
    ("قتل ثلاثة مدنيين بقصف مدفعي لقوات الدعم السريع على حي السراب في مدينة الخيالية.",
     "السراب", 3, None, "RSF", "shelling"),
    ("أصيب أربعة أطفال بانفجار لغم أرضي زرعه الحوثيون في قرية الوهمية.",
     "الوهمية", None, 4, "Houthis", "explosive_device"),
])
def test_reports_from_other_wars(extractor: Extractor, text: str, place: str, killed: int | None,
                                 injured: int | None, actor: str, attack: str) -> None:
    (inc,) = incidents(extractor, text)
    assert inc.location.name == place
    assert (inc.killed.count if inc.killed else None, inc.injured.count if inc.injured else None) == (killed, injured)
    assert actor in [a.name for a in inc.actors] and attack in inc.attack_types


def test_rockets_an_aircraft_struck_with_are_the_airstrike(extractor: Extractor) -> None:
    (inc,) = incidents(extractor, "استهدفت طائرة حربية بلدة الخيالية بعدة صواريخ، ما أدى لمقتل مدنيين اثنين.")
    assert inc.attack_types == ["airstrike"] and inc.killed.count == 2
    (inc,) = incidents(extractor, "استهدفت الفصائل بصواريخ غراد مواقع في قرية الوهمية.")
    assert inc.attack_types == ["rocket_attack"]


def test_a_neighbourhood_without_its_town_is_in_the_town_last_named(extractor: Extractor) -> None:
    text = ("ألقت المروحيات براميل متفجرة تحوي غاز الكلور على الأحياء المحاصرة في مدينة السراب اليوم.\n"
            "وأصيب 9 مدنيين بحالات اختناق في حي الوهم.")
    (inc,) = incidents(extractor, text)
    assert inc.location.name == "الوهم" and inc.location.precision == "point"
    assert set(inc.weapons) >= {"barrel_bomb", "chlorine"}


def test_a_relative_named_by_a_kinship_noun_counts_one(ar: ArabicTools) -> None:
    assert casualties(ar, "قتلت طفلة بالقصف، ما أسفر أيضا عن إصابة والدتها بجروح.") == [
        ("killed", "children", 1, "exact"), ("injured", "women", 1, "exact")]


@pytest.mark.parametrize("text", [
    "(نص متخيل) قصفت قوات النظام بصواريخ محملة بالفوسفور مدينة كفرتالا من مقراتها في قرية تل بيسا.",
    "(نص متخيل) استهدفت القوات المتمركزة في قرية تل بيسا مدينة كفرتالا بالصواريخ.",
])
def test_the_attackers_base_is_not_a_place_of_the_attack(extractor: Extractor, text: str) -> None:
    assert [i.location.name for i in incidents(extractor, text)] == ["كفرتالا"]
