"""Translation drift: a change to a page's Japanese marks the translations written before it out of date."""

import shutil

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from services import drift
from services.content_loader import CONTENT_DIR, Loader
from services.models import ServicePage

from .test_admin import edit_form_data
from .utils import soup_of

pytestmark = pytest.mark.django_db

WINDOW = "福祉総合相談窓口"
TRANSLATIONS = ["ja-easy", "en", "zh-hans", "ko", "vi"]


def window():
    return ServicePage.objects.get(plan_name=WINDOW)


def test_loaded_pages_start_up_to_date():
    assert drift.out_of_date_languages(window()) == []


def test_a_japanese_change_marks_every_written_translation_out_of_date_and_a_new_translation_clears_it():
    page = window()
    page.summary_ja = "開所時間が変わりました。" + page.summary_ja
    page.save_revision().publish()
    assert drift.out_of_date_languages(page) == TRANSLATIONS

    page = window()
    page.summary_en = "The opening hours changed. " + page.summary_en
    page.save_revision().publish()
    assert drift.out_of_date_languages(page) == ["ja-easy", "zh-hans", "ko", "vi"]


def test_a_change_in_a_body_block_or_a_contact_counts_too():
    page = window()
    page.body_ja = [(block.block_type, block.value) for block in page.body_ja][:-1] or page.body_ja
    contact = page.contacts.first()
    if contact is not None:
        contact.hours_ja = "月曜日から金曜日 9時から17時（改訂）"
    page.save_revision().publish()
    assert drift.out_of_date_languages(window()) == TRANSLATIONS


def test_saving_a_translation_unchanged_does_not_clear_it():
    page = window()
    page.summary_ja = "改訂しました。"
    page.save_revision().publish()
    page = window()
    page.save_revision().publish()
    assert drift.out_of_date_languages(page) == TRANSLATIONS


def test_the_content_loader_path_notices_a_japanese_change(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "programs" / "05-welfare-consultation-window.toml"
    path.write_text(path.read_text().replace('summary = "', 'summary = "【改訂】', 1))

    Loader(content).load()

    assert window().summary_ja.startswith("【改訂】")
    assert drift.out_of_date_languages(window()) == TRANSLATIONS


def test_the_editor_sees_the_out_of_date_languages_and_the_report_counts_them(client, moderator):
    page = window()
    client.force_login(moderator)
    data = edit_form_data(client, page)
    data["summary_ja"] = "受付時間が変わりました。"
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    assert drift.out_of_date_languages(window()) == TRANSLATIONS

    soup = BeautifulSoup(client.get(f"/admin/pages/{page.pk}/edit/").content, "html.parser")
    panel = soup.select_one("[data-out-of-date-languages]")
    assert panel is not None and "英語" in panel.get_text() and "ベトナム語" in panel.get_text()

    report = BeautifulSoup(client.get("/admin/reports/missing-translations/").content, "html.parser")
    counts = [int(h["data-out-of-date-count"]) for h in report.select("[data-out-of-date-count]")]
    assert counts == [0, 1, 1, 1, 1, 1]
    assert WINDOW in report.get_text()


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_resident_reading_an_out_of_date_translation_is_told_and_linked_to_the_japanese(client, language):
    page = window()
    with translation.override(language):
        url = page.url
    assert soup_of(client, url).select_one("[data-translation-out-of-date]") is None

    page.summary_ja = "受付時間が変わりました。"
    page.save_revision().publish()
    note = soup_of(client, url).select_one("[data-translation-out-of-date]")
    assert note is not None
    link = note.select_one("a[hreflang=ja]")
    with translation.override("ja"):
        japanese_url = page.url
    assert link["href"] == japanese_url
    assert timezone.localtime(drift.japanese_changed_at(page)).strftime("%Y-%m-%d") in note.get_text()
    assert "Japanese page was updated" not in note.get_text() or language == "en"
    assert soup_of(client, japanese_url).select_one("[data-translation-out-of-date]") is None
