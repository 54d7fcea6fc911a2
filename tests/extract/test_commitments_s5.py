"""Session 5 commitment families: deliverables a pledge names with a verb of its own (hand over, pay, delete,
open, grant), keep-doing futures ("would keep paying", «и дальше будут выплачивать»), negated and second
infinitives after one pledge verb, and the speaker named in a speech tag after the pledge.

The sentences are written for these tests (invented companies, figures and deadlines); each test names the
family it pins, in the languages where the shape occurs."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import make_run

PUB = dt.date(2025, 6, 10)
run = make_run(PUB)


def _actors(r, polarity: str | None = None) -> set[str]:
    return {c.actor for c in r.commitments if polarity is None or c.polarity == polarity}


# 1. a pledge verb with a deliverable complement no lexicon row names
@pytest.mark.parametrize("text,lang,actor", [
    ("Georgia promised to hand over the remains of four border guards within ten days.", "en", "Georgia"),
    ("Tajikistan undertook to dismantle two observation towers near the river by the end of July.", "en",
     "Tajikistan"),
    ("Грузия обязалась передать останки четырёх пограничников в течение десяти дней.", "ru", "Georgia"),
    ("Таджикистан пообещал до конца июля демонтировать две вышки у реки.", "ru", "Tajikistan"),
    ("Грузія зобов'язалася передати рештки чотирьох прикордонників протягом десяти днів.", "uk", "Georgia"),
    ("Таджикистан пообіцяв до кінця липня демонтувати дві вишки біля річки.", "uk", "Tajikistan"),
    ("وتعهدت جورجيا بتسليم رفات أربعة من حرس الحدود خلال عشرة أيام.", "ar", "Georgia"),
    ("واتفقت طاجيكستان على تفكيك برجي مراقبة قرب النهر قبل نهاية يوليو.", "ar", "Tajikistan"),
])
def test_pledged_deliverable_verb(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "perform")


# 2. corporate deliverables: a dividend, a bonus, deleting data
@pytest.mark.parametrize("text,lang,actor", [
    ("Zentra Bank pledged to grant its tellers a one-off inflation bonus in January.", "en", "Zentra Bank"),
    ("Kelvo Telecom vowed to delete location logs older than ninety days before the autumn.", "en",
     "Kelvo Telecom"),
    ("Компания «Кедр» пообещала выплатить сотрудникам разовую премию в январе.", "ru", "Kedr"),
    ("Компанія «Явір» пообіцяла виплатити працівникам разову премію в січні.", "uk", "Yavir"),
])
def test_corporate_deliverables(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "perform")


# 3. keep doing something: "would keep paying", «и дальше будут платить», «діятимуть і надалі»
@pytest.mark.parametrize("text,lang,actor", [
    ("Halden Stores said it would keep paying its quarterly dividend despite the weaker outlook.", "en",
     "Halden Stores"),
    ("Halden Stores said it would continue to give its cashiers a winter bonus.", "en", "Halden Stores"),
    ("Компания «Кедр» заверила, что скидки для многодетных семей будут действовать и дальше.", "ru", "Kedr"),
    ("Водителям и впредь будут доплачивать за ночные смены, пообещал директор компании «Кедр».", "ru", "Kedr"),
    ("Компанія «Явір» запевнила, що пільгові тарифи для фермерів діятимуть і надалі.", "uk", "Yavir"),
    ("Водіям і надалі доплачуватимуть за нічні зміни, пообіцяв директор компанії «Явір».", "uk", "Yavir"),
])
def test_keep_doing_futures(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "perform")


# 4. a negated complement is a refrain; a second infinitive after one pledge verb is a second commitment
@pytest.mark.parametrize("text,lang,actor", [
    ("Компания «Кедр» пообещала не урезать поставки удобрений фермерам.", "ru", "Kedr"),
    ("Компанія «Явір» пообіцяла не урізати постачання добрив фермерам.", "uk", "Yavir"),
    ("Halden Stores pledged not to shorten the opening hours of its rural branches.", "en", "Halden Stores"),
])
def test_negated_complement_is_a_refrain(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "refrain")


@pytest.mark.parametrize("text,lang", [
    ("Georgia and Armenia agreed not to use force and not to mass troops near the border.", "en"),
    ("Грузия и Армения договорились не применять силу и не стягивать войска к границе.", "ru"),
])
def test_second_infinitive_after_one_pledge(text, lang):
    r = run(text, lang)
    for actor in ("Georgia", "Armenia"):
        mine = [c for c in r.commitments if c.actor == actor and c.polarity == "refrain"]
        assert len({(c.action, c.target) for c in mine}) >= 2, r.commitments


# 5. talks, study and vague support are no deliverable
@pytest.mark.parametrize("text,lang", [
    ("Georgia and Armenia agreed to meet again in Tbilisi next month.", "en"),
    ("Georgia pledged to study the proposal carefully.", "en"),
    ("Грузия пообещала рассмотреть предложение Армении.", "ru"),
    ("Грузія пообіцяла розглянути пропозицію Вірменії.", "uk"),
    ("وتعهدت جورجيا بدراسة المقترح الأرميني.", "ar"),
    ("Georgia did not promise to hand over anything, its foreign minister said.", "en"),
])
def test_vague_complements_commit_to_nothing(text, lang):
    assert not run(text, lang).commitments


# 6. a thing as the subject of a negated future, with the promiser in the clause or the speech tag
@pytest.mark.parametrize("text,lang,actor", [
    ("Kelvo Telecom said its roaming fees will not rise before the end of the year.", "en", "Kelvo Telecom"),
    ("Bus fares will not go up this year, Kelvo Telecom said.", "en", "Kelvo Telecom"),
    ("Компания «Кедр» заверила, что цены на хлеб в этом году не вырастут.", "ru", "Kedr"),
    ("Тарифы на доставку не изменятся до конца года, заверили в компании «Кедр».", "ru", "Kedr"),
    ("Компанія «Явір» запевнила, що ціни на хліб цього року не зростуть.", "uk", "Yavir"),
    ("Тарифи на доставку не зміняться до кінця року, запевнили в компанії «Явір».", "uk", "Yavir"),
    ("وأكدت مصر أن أسعار الخبز المدعم لن ترتفع حتى نهاية العام.", "ar", "Egypt"),
    ("وقالت شركة أرامكو إن أسعار الديزل ستظل دون تغيير حتى نهاية الخريف.", "ar", "Saudi Aramco"),
])
def test_negated_future_of_a_thing(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "refrain")


# 7. "will do without layoffs": a pledge to refrain with no pledge verb
@pytest.mark.parametrize("text,lang,actor", [
    ("Kelvo Telecom said it will avoid layoffs at its call centres until the summer.", "en", "Kelvo Telecom"),
    ("Завод «Кедр» обойдётся без увольнений как минимум до весны.", "ru", "Kedr"),
    ("Завод «Явір» обійдеться без звільнень щонайменше до весни.", "uk", "Yavir"),
])
def test_doing_without_layoffs(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "refrain")


# 8. truces extended or kept in force by the side that declared them
@pytest.mark.parametrize("text,lang,actor", [
    ("Sudan's army said it was extending its truce in Darfur until 30 June.", "en", "Sudanese Armed Forces"),
    ("Myanmar's ruling council said it was lengthening the pause in fighting to 1 July.", "en", "Myanmar"),
    ("The Taliban said it will maintain its unilateral ceasefire until the end of Eid.", "en", "Taliban"),
    ("Hamas said it would keep observing its own truce through the holiday.", "en", "Hamas"),
    ("Военное правительство Мьянмы заявило, что продлевает перемирие до 1 июля.", "ru", "Myanmar"),
    ("ХАМАС заявил, что сохранит одностороннее перемирие до конца праздников.", "ru", "Hamas"),
    ("Військовий уряд М'янми подовжує перемир'я до 1 липня.", "uk", "Myanmar"),
    ("ХАМАС заявив, що збереже одностороннє перемир'я до кінця свят.", "uk", "Hamas"),
    ("وقالت حركة حماس إنها ستحافظ على الهدنة الأحادية حتى نهاية العيد.", "ar", "Hamas"),
    ("وأعلنت الحكومة السودانية تمديد الهدنة في دارفور حتى نهاية يونيو.", "ar", "Sudan"),
])
def test_truce_extended_or_kept(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "refrain")


# 9. output-quota pledges: holding output at a level, a ministry's word on its country's cut
@pytest.mark.parametrize("text,lang,actor", [
    ("Algeria said it would hold its crude output at 950,000 barrels per day until December.", "en", "Algeria"),
    ("The Ministry of Energy said Oman would cap its production at 800,000 barrels per day.", "en", "Oman"),
    ("Iraq's oil ministry confirmed the country's commitment to cut output by 90,000 barrels per day.", "en", "Iraq"),
    ("Алжир обязался удерживать добычу на уровне 950 тыс. баррелей в сутки до декабря.", "ru", "Algeria"),
    ("Оман заявил, что сохранит добычу нефти на уровне 800 тыс. баррелей в сутки.", "ru", "Oman"),
    ("Алжир зобов'язався утримувати видобуток на рівні 950 тис. барелів на добу до грудня.", "uk", "Algeria"),
    ("وتعهدت الجزائر بالإبقاء على إنتاجها عند 950 ألف برميل يوميا حتى ديسمبر.", "ar", "Algeria"),
    ("أكدت وزارة النفط العمانية التزام عمان بخفض إنتاجها بمقدار 40 ألف برميل يوميا.", "ar", "Oman"),
])
def test_output_quota_pledges(text, lang, actor):
    r = run(text, lang)
    assert any(c.actor == actor and c.target == "oil output" for c in r.commitments), r.commitments


# 10. a truce and a second term in one agreement: both are commitments of both sides
@pytest.mark.parametrize("text,lang", [
    ("واتفقت جورجيا وأرمينيا على وقف إطلاق النار وتسليم الأسلحة الثقيلة إلى المخازن خلال 72 ساعة.", "ar"),
    ("Грузия и Армения договорились прекратить огонь и убрать миномёты на 20 км от границы за пять дней.", "ru"),
])
def test_truce_and_a_second_term(text, lang):
    r = run(text, lang)
    for actor in ("Georgia", "Armenia"):
        assert {c.polarity for c in r.commitments if c.actor == actor} == {"refrain", "perform"}, r.commitments


# 11. a future act with a deadline, its subject a pronoun for the article's company
@pytest.mark.parametrize("text,lang,actor", [
    ("Kelvo Telecom said on Monday that it regretted the leak. It will also purge call logs older than a year by the end "
     "of April.", "en", "Kelvo Telecom"),
    ("Zentra Bank said the outage was its fault. It will refund the fees charged twice within 14 days.", "en", "Zentra Bank"),
])
def test_future_act_with_deadline(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "perform")


@pytest.mark.parametrize("text,lang", [
    ("Russia said it will launch a new offensive by the end of the month.", "en"),
    ("The weather will improve by Friday.", "en"),
])
def test_future_without_a_deliverable(text, lang):
    assert not run(text, lang).commitments


# 12. a truce "proclaimed" by the side that keeps it
@pytest.mark.parametrize("text,lang,actor", [
    ("On Sunday the M23 rebels proclaimed a unilateral ceasefire for a week.", "en", "M23"),
    ("В воскресенье боевики M23 провозгласили одностороннее перемирие на неделю.", "ru", "M23"),
    ("У неділю бойовики M23 проголосили одностороннє перемир'я на тиждень.", "uk", "M23"),
])
def test_proclaimed_truce(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "refrain")


# 13. a plural company noun as the subject binds every company the article named
@pytest.mark.parametrize("text,lang,actors", [
    ("Carrefour and Auchan signed the charter on Monday. The two retailers pledged to keep bread prices unchanged "
     "until spring.", "en", {"Carrefour", "Auchan"}),
    ("Хартию подписали сети «Кедр» и «Сосна». Торговые сети пообещали держать наценку на хлеб неизменной до весны.",
     "ru", {"Kedr", "Sosna"}),
    ("Хартію підписали мережі «Кедр» та «Явір». Торговельні мережі пообіцяли тримати ціни на хліб незмінними до "
     "весни.", "uk", {"Kedr", "Yavir"}),
])
def test_group_subject_binds_each_company(text, lang, actors):
    r = run(text, lang)
    assert actors <= _actors(r, "refrain"), r.commitments


# 14. «не стягувати» is a loan standstill only with a debt or fee after it
def test_massing_troops_is_no_loan_standstill():
    r = run("Грузія та Вірменія домовилися не застосовувати силу й не стягувати війська до кордону.", "uk")
    assert all(c.target != "loans" for c in r.commitments)
    assert {"Georgia", "Armenia"} <= _actors(r, "refrain")


# 15. a future of continuing an activity or a halt, with no pledge verb
@pytest.mark.parametrize("text,lang,actor,polarity", [
    ("Компания «Кедр» продолжит выплачивать квартальные дивиденды, несмотря на убыток.", "ru", "Kedr", "perform"),
    ("Компанія «Явір» продовжить виплачувати квартальні дивіденди попри збиток.", "uk", "Yavir", "perform"),
    ("وقالت شركة المراعي إنها ستواصل صرف الأرباح الفصلية للمساهمين رغم الخسائر.", "ar", "Almarai", "perform"),
    ("МИД Британии заявил, что Лондон продолжит воздерживаться от ударов по позициям группировки.", "ru",
     "United Kingdom", "refrain"),
    ("وتعهدت شركة المراعي بحذف بيانات العملاء القديمة بحلول نهاية مارس.", "ar", "Almarai", "perform"),
])
def test_future_of_continuing(text, lang, actor, polarity):
    r = run(text, lang)
    assert actor in _actors(r, polarity), r.commitments


@pytest.mark.parametrize("text,lang", [
    ("Россия продолжит наносить удары по Киеву.", "ru"),
    ("Росія продовжить завдавати ударів по Києву.", "uk"),
    ("وقالت إسرائيل إنها ستواصل الضربات على غزة.", "ar"),
    ("Israel will continue strikes on Gaza.", "en"),
    ("The United States and Russia will continue working toward a lasting peace.", "en"),
])
def test_continuing_attacks_or_efforts_is_no_deliverable(text, lang):
    assert not [c for c in run(text, lang).commitments if c.target == "deliverable"]


# 16. the accuser is not bound by a truce the accused side declared on its own
@pytest.mark.parametrize("text,lang,accuser,accused", [
    ("The Sudanese army accused the RSF of shelling El Fasher during a truce the RSF had declared.", "en",
     "Sudanese Armed Forces", "Rapid Support Forces"),
    ("Армия Судана обвинила СБР в обстреле Эль-Фашира во время перемирия, объявленного СБР в одностороннем порядке.",
     "ru", "Sudanese Armed Forces", "Rapid Support Forces"),
])
def test_accuser_not_bound_by_the_others_own_truce(text, lang, accuser, accused):
    r = run(text, lang)
    assert accuser not in _actors(r)


def test_accuser_of_a_shared_truce_is_still_bound():
    r = run("Thailand accused Cambodia of breaking the truce they agreed last week.", "en")
    assert {"Thailand", "Cambodia"} <= _actors(r, "refrain")


# 17. a Russian or Ukrainian finite future with a deadline, right after its subject
@pytest.mark.parametrize("text,lang,actor", [
    ("Компания «Кедр» удалит записи звонков старше полугода до конца марта.", "ru", "Kedr"),
    ("Кишинёв до осени откроет ещё два пункта пропуска на границе.", "ru", "Moldova"),
    ("Компанія «Явір» видалить записи дзвінків, старші за пів року, до кінця березня.", "uk", "Yavir"),
])
def test_slavic_future_with_deadline(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "perform"), r.commitments


@pytest.mark.parametrize("text,lang", [
    ("Украина до конца года получит новые истребители.", "ru"),
    ("Україна до кінця року отримає нові винищувачі.", "uk"),
    ("Зеленский до конца недели посетит Вашингтон.", "ru"),
])
def test_slavic_future_without_a_deliverable(text, lang):
    assert not run(text, lang).commitments


# 18. something kept in force: "the discounts would remain in place", «ستظل الخصومات سارية»
@pytest.mark.parametrize("text,lang,actor", [
    ("Kelvo Telecom said its loyalty discounts would remain in place through the winter.", "en", "Kelvo Telecom"),
    ("وقالت شركة المراعي إن الخصومات للمتقاعدين ستظل سارية حتى نهاية العام.", "ar", "Almarai"),
])
def test_kept_in_force(text, lang, actor):
    r = run(text, lang)
    assert actor in _actors(r, "perform"), r.commitments
