"""The content loader: all 32 programs as the plan names them, repeatable, and editors' changes kept."""

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from wagtail.models import Revision

from services.content_loader import CONTENT_DIR, Loader
from services.models import AgeGroup, Area, AreaPage, Attribute, Department, ExplainerPage, Kind, ServicePage

from .contract import AGES, AREAS, ATTRIBUTES, CITY_MAIN_PHONE, KINDS, PROGRAMS

pytestmark = pytest.mark.django_db


def department_names(page):
    return {d.name for d in page.departments.all()} | {d.division + d.name for d in page.departments.all()}


def test_every_program_of_the_plan_is_one_live_page_with_its_verbatim_name():
    live = ServicePage.objects.live()
    assert sorted(live.values_list("plan_name", flat=True)) == sorted(name for name, _d, _k in PROGRAMS)
    for plan_name, departments, kinds in PROGRAMS:
        page = live.get(plan_name=plan_name)
        assert sorted(k.slug for k in page.kinds.all()) == sorted(kinds), plan_name
        assert set(departments) <= department_names(page), plan_name
        assert page.summary_ja and page.title_ja and page.body_ja, plan_name
        assert page.title_en and page.summary_en, plan_name


def test_taxonomies_have_exactly_the_contract_slugs_in_order():
    assert list(AgeGroup.objects.values_list("slug", flat=True)) == AGES
    assert list(Attribute.objects.values_list("slug", flat=True)) == ATTRIBUTES
    assert list(Area.objects.values_list("slug", flat=True)) == AREAS
    assert list(Kind.objects.values_list("slug", flat=True)) == KINDS
    for model in (AgeGroup, Attribute, Area, Kind):
        assert not model.objects.filter(name_en="").exists()


def test_the_general_window_serves_every_age_and_the_whole_city():
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    assert sorted(a.slug for a in page.ages.all()) == sorted(AGES)
    assert page.citywide and not page.areas.exists()


def test_citywide_programs_carry_no_areas_and_every_program_has_an_age():
    for page in ServicePage.objects.all():
        assert page.citywide != page.areas.exists(), page.plan_name
        assert page.ages.exists(), page.plan_name


def test_eleven_area_pages_and_the_explainers_are_live():
    assert sorted(AreaPage.objects.live().values_list("area__slug", flat=True)) == sorted(AREAS)
    assert set(ExplainerPage.objects.live().values_list("slug", flat=True)) >= {"where-to-ask", "working-together"}


def test_loading_twice_changes_nothing():
    revisions = Revision.objects.count()
    report = Loader().load()
    assert (report.created, report.updated, report.kept) == ([], [], [])
    assert Revision.objects.count() == revisions


def test_an_editors_published_change_is_kept_on_the_next_load():
    page = ServicePage.objects.get(plan_name="保健相談室")
    page.summary_ja = "編集者が書き直した説明です。"
    page.save_revision().publish()
    label = Attribute.objects.get(slug="health")
    label.name_ja = "健康"
    label.save()

    report = Loader().load()

    page.refresh_from_db()
    label.refresh_from_db()
    assert page.summary_ja == "編集者が書き直した説明です。"
    assert label.name_ja == "健康"
    assert "page:health-consultation:summary_ja" in report.kept
    assert "attribute:health:name_ja" in report.kept


def test_a_page_with_an_unpublished_draft_is_left_alone():
    page = ServicePage.objects.get(plan_name="教育相談")
    page.summary_ja = "下書き中です。"
    page.save_revision()
    report = Loader().load()
    assert any(k.startswith("page:education-consultation") for k in report.kept)
    assert ServicePage.objects.get(pk=page.pk).get_latest_revision().content["summary_ja"] == "下書き中です。"


def test_new_shipped_text_reaches_untouched_fields_but_not_edited_ones(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    edited = ServicePage.objects.get(plan_name="保健相談室")
    edited.summary_ja = "編集者の文です。"
    edited.save_revision().publish()
    for name in ("05-welfare-consultation-window.toml", "12-health-consultation.toml"):
        path = content / "programs" / name
        path.write_text(path.read_text().replace('summary = "', 'summary = "【改訂】', 1))

    Loader(content).load()

    window = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    assert window.summary_ja.startswith("【改訂】")
    assert ServicePage.objects.get(pk=edited.pk).summary_ja == "編集者の文です。"


def test_shipped_content_prints_no_phone_number_but_the_citys_main_one():
    phone = re.compile(r"0\d{1,4}[-‐ー－]\d{1,4}[-‐ー－]\d{3,4}")
    for path in Path(CONTENT_DIR).rglob("*.toml"):
        numbers = set(phone.findall(path.read_text()))
        assert numbers <= {CITY_MAIN_PHONE}, f"{path.name}: {numbers - {CITY_MAIN_PHONE}}"


def test_every_content_file_names_only_known_slugs():
    known = {"ages": set(AGES), "attributes": set(ATTRIBUTES), "areas": set(AREAS), "kinds": set(KINDS)}
    departments = set(Department.objects.values_list("slug", flat=True))
    for path in (Path(CONTENT_DIR) / "programs").glob("*.toml"):
        data = tomllib.loads(path.read_text())
        for field, slugs in known.items():
            assert set(data.get(field, [])) <= slugs, (path.name, field)
        assert set(data["departments"]) <= departments, path.name


def test_shipped_text_passes_the_same_checks_as_an_editors(settings):
    """Otherwise an editor could not save a page whose shipped text they never touched."""
    from django.core.exceptions import ValidationError

    from services.blocks import ContentBlock

    block = ContentBlock()
    for page in list(ServicePage.objects.all()) + list(ExplainerPage.objects.all()) + list(AreaPage.objects.all()):
        for code, _name in settings.LANGUAGES:
            stream = getattr(page, f"body_{code.replace('-', '_')}")
            try:
                block.clean(stream)
            except ValidationError as error:
                pytest.fail(f"{page.slug} [{code}]: {error}")
