"""The one place-name key on Arabic names: the normalisation the reference scorer uses (alef forms, yaa/alef
maqsura, taa marbuta/haa, hamza seats, diacritics and tatweel, the article and its clitics, generic and compass
words), as data in ``text/data/names.yaml``. The names below are invented (fictional villages) unless noted."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from docket.text.names import arabic_full_key, arabic_short_key, arabic_spelling, place_key, same_place

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "score.py"


@pytest.mark.parametrize("a,b", [
    ("إدلب", "ادلب"),                      # alef with hamza below / bare alef
    ("أم الزهور", "ام الزهور"),             # alef with hamza above
    ("آبار النخيل", "ابار النخيل"),          # alef madda
    ("كفر الندى", "كفر الندي"),              # alef maqsura / yaa
    ("تلة القمرة", "تله القمره"),            # taa marbuta / haa
    ("السويداء", "السويدا"),                 # a lone hamza
    ("المؤنسة", "المونسة"),                   # hamza on waw
    ("بئر الزيتون", "بير الزيتون"),          # hamza on yaa
    ("مَعَرَّةُ الوَرْد", "معرة الورد"),        # diacritics
    ("سراقـــة", "سراقة"),                   # tatweel
    ("الزهيرية", "زهيرية"),                  # with and without the article
    ("مدينة الزهيرية", "الزهيرية"),          # generic words: مدينة، بلدة، قرية، حي، ريف
    ("بلدة كفر ورد", "كفر ورد"),
    ("قرية عين القمر", "عين القمر"),
    ("حي الوردة", "الوردة"),
    ("ريف حماة الشرقي", "حماه"),              # countryside and a compass word
    ("والزهيرية", "الزهيرية"),               # clitics fused with the article: و، ب، ل
    ("بالزهيرية", "زهيرية"),
])
def test_arabic_spelling_variants_share_the_place_key(a: str, b: str) -> None:
    assert place_key(a) == place_key(b), (a, b, place_key(a), place_key(b))
    assert same_place(a, b)


@pytest.mark.parametrize("a,b", [
    ("كفر ورد", "كفر زهر"), ("الزهيرية", "الظهيرية"), ("حماة", "حمص"),
    ("الغوطة الشرقية", "الغوطة الغربية"),  # feminine compass words are parts of names
])
def test_different_arabic_names_keep_different_keys(a: str, b: str) -> None:
    assert place_key(a) != place_key(b)
    assert not same_place(a, b)


def test_the_article_is_kept_by_the_spelling_and_generic_words_by_the_full_key() -> None:
    assert arabic_spelling("الصفصافة") != arabic_spelling("صفصافة")
    assert arabic_spelling("قرية الصفصافة") == arabic_spelling("الصفصافه")
    assert arabic_full_key("ريف دمشق") != place_key("دمشق") == place_key("ريف دمشق")
    assert arabic_short_key("الزهيرية الغربية") == place_key("الزهيرية")
    assert arabic_short_key("الزهيرية") is None


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score.py missing")
@pytest.mark.parametrize("a,b", [
    ("إدلب", "ادلب"), ("مدينة الزهيرية", "زهيرية"), ("ريف حماة الجنوبي", "حماه"), ("والزهيرية", "الزهيريه"),
    ("كفر الندى", "كفر الندي"), ("حي الوردة", "الورده"), ("كفر ورد", "كفر زهر"), ("تلة القمرة", "تلة القمر"),
])
def test_the_key_agrees_with_the_reference_scorer(a: str, b: str) -> None:
    """Two names the scorer aligns as one place share a place key, and two it keeps apart do not."""
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    assert (score.norm_place(a) == score.norm_place(b)) == (place_key(a) == place_key(b)), (a, b)
