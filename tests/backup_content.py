"""Run by tests/test_backup.py in a subprocess against a database of its own (DATABASE_URL, DJANGO_MEDIA_ROOT):

python -m tests.backup_content seed       # an editor's draft waiting for approval, an image, a document,
                                          # a synonym, reach counts; prints the image's and document's bytes' sha256
python -m tests.backup_content snapshot   # everything a restore must give back, as JSON
"""

import hashlib
import io
import json
import sys

import django

DRAFT_TITLE = "福祉総合相談窓口（編集者の下書き・承認待ち）"
DOCUMENT_BYTES = b"%PDF-1.4\n% a leaflet an editor uploaded\n"


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def seed():
    from django.contrib.auth.models import Group, User
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from portal.models import DailyCount
    from search.models import Synonym
    from services.models import ServicePage

    editor = User.objects.create_user("editor", "editor@example.org", "an editor's passphrase")
    editor.groups.add(Group.objects.get(name="Editors"))
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    page.title = DRAFT_TITLE
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)

    png = png_bytes()
    image = get_image_model().objects.create(title="窓口の案内図", file=ImageFile(io.BytesIO(png), name="map.png"))
    image.get_rendition("fill-20x20")
    get_document_model().objects.create(title="窓口のご案内", file=ContentFile(DOCUMENT_BYTES, name="leaflet.pdf"))

    Synonym.objects.create(words="夫に殴られる\nたたかれる", means="DV\n配偶者暴力")
    for day, metric, count in (("2026-11-30", "general_window_view", 12), ("2026-12-01", "phone_tap", 3)):
        DailyCount.objects.create(date=day, metric=metric, language="ja", count=count)
    print(json.dumps({"image": sha256(png), "document": sha256(DOCUMENT_BYTES)}))


def file_digest(field):
    with field.open("rb") as file:
        return sha256(file.read())


def snapshot():
    from django.contrib.auth.models import User
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision, TaskState, WorkflowState

    from portal.models import DailyCount
    from search.models import Synonym

    images = get_image_model().objects.order_by("pk")
    data = {
        "pages": {page.pk: page.serializable_data() for page in Page.objects.order_by("path").specific()},
        "revisions": list(Revision.objects.order_by("pk").values()),
        "workflow states": list(WorkflowState.objects.order_by("pk").values()),
        "task states": list(TaskState.objects.order_by("pk").values()),
        "images": [
            {"title": i.title, "file": i.file.name, "size": [i.width, i.height], "sha256": file_digest(i.file)}
            for i in images
        ],
        "renditions": [
            {"filter": r.filter_spec, "file": r.file.name, "sha256": file_digest(r.file)}
            for i in images
            for r in i.renditions.order_by("pk")
        ],
        "documents": [
            {"title": d.title, "file": d.file.name, "sha256": file_digest(d.file)}
            for d in get_document_model().objects.order_by("pk")
        ],
        "synonyms": list(Synonym.objects.order_by("pk").values()),
        "reach counts": list(DailyCount.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values("username", "password", "email", "groups__name")),
    }
    print(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str))


if __name__ == "__main__":
    django.setup()
    {"seed": seed, "snapshot": snapshot}[sys.argv[1]]()
