"""The counter memo on a phone (390×844), as a resident uses it: two taps from a program's page with JavaScript off,
one column with the Japanese first, what is typed and ticked carried by no request, and one A4 sheet in print."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_SCREEN = {"width": 390, "height": 844}
TYPED = "Con toi khong di hoc 子どもが学校に行かない"


def phone_page(browse, javascript=True):
    return browse.page(javascript=javascript, viewport=PHONE_SCREEN, is_mobile=True, has_touch=True)


def recorded_requests(page):
    seen = []
    page.context.on("request", lambda request: seen.append((request.url, request.post_data or "")))
    return seen


def test_the_memo_is_two_taps_from_a_program_page_and_works_without_javascript(browse):
    page = phone_page(browse, javascript=False)
    requests = recorded_requests(page)
    page.goto("/vi/services/disability-consultation/")
    page.tap(".contact .memo-link a")  # tap 1
    page.wait_for_url("**/vi/navi/memo/?service=*")
    tick = page.locator(".memo__tick input").last
    page.tap(".memo__tick label >> nth=-1")  # tap 2: 「ベトナム語の通訳をお願いします」
    assert tick.is_checked()
    assert "ベトナム語の通訳をお願いします" in page.locator(".memo__tick").last.inner_text()
    # One column, Japanese first and large.
    japanese, own = page.locator("table.memo-table tbody td").all()[:2]
    ja_box, own_box = japanese.bounding_box(), own.bounding_box()
    assert ja_box["y"] < own_box["y"] and abs(ja_box["x"] - own_box["x"]) < 2
    assert ja_box["width"] > PHONE_SCREEN["width"] * 0.8
    size = page.eval_on_selector(".memo__tick .memo__ja", "e => parseFloat(getComputedStyle(e).fontSize)")
    body = page.eval_on_selector("body", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size > body
    # The box to write in works and its words go nowhere, even when the resident then leaves the page.
    page.fill(".memo__write textarea", TYPED)
    assert page.input_value(".memo__write textarea") == TYPED
    page.click(".memo__actions a")
    page.wait_for_url("**/vi/services/disability-consultation/")
    assert requests, "the requests were recorded"
    assert not [r for r in requests if "Con toi" in r[0] or "Con toi" in r[1] or "khong" in r[0]]


def test_typed_words_stay_on_the_device_with_javascript_on(browse):
    page = phone_page(browse)
    requests = recorded_requests(page)
    page.goto("/en/navi/memo/?age=senior&attribute=dementia")
    page.fill(".memo__write textarea", TYPED)
    page.check(".memo__tick input >> nth=0")
    page.keyboard.press("Enter")
    page.click(".memo__actions a")
    page.wait_for_load_state()
    assert len(requests) > 2
    assert not [r for r in requests if "Con toi" in r[0] or "Con toi" in r[1]]


@pytest.mark.parametrize(
    "path",
    [
        "/vi/navi/memo/?service={pk}",
        "/en/navi/memo/?who=family&age=senior&age=youth&age=child&attribute=elderly-care&attribute=isolation"
        "&attribute=school&attribute=poverty&area=chuo",
    ],
)
def test_the_memo_prints_on_one_a4_page(browse, path):
    from services.models import ServicePage

    page = phone_page(browse)
    page.goto(path.format(pk=ServicePage.objects.get(slug="disability-consultation").pk))
    page.fill(".memo__write textarea", "\n".join([TYPED] * 12))
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type /Page ") == 1
