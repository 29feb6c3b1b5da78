import datetime
import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from portal import languages
from services.models import AgeGroup, AreaPage, Attribute, PlacePage, PlaceSchedule

DEMO_FILE = Path(__file__).resolve().parents[2] / "content" / "demo" / "places.toml"
TRANSLATED = ("title", "summary", "venue", "audience", "cost")


def _time(text):
    return datetime.time.fromisoformat(text) if text else None


class Command(BaseCommand):
    help = (
        "Load SAMPLE places to belong (services/content/demo/places.toml), each marked as a sample. "
        "Only `make demo` runs this; a place that is already there is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEMO_FILE), help="The TOML file of sample places.")

    def handle(self, *args, **options):
        with open(options["file"], "rb") as handle:
            data = tomllib.load(handle)
        created = []
        indexing = settings.SEARCH_INDEX_ON_PUBLISH
        settings.SEARCH_INDEX_ON_PUBLISH = False  # one rebuild at the end
        try:
            with transaction.atomic():
                for row in data.get("place", []):
                    if self.load_place(row):
                        created.append(row["slug"])
        finally:
            settings.SEARCH_INDEX_ON_PUBLISH = indexing
        kept = len(data.get("place", [])) - len(created)
        self.stdout.write(f"Sample places: {len(created)} created, {kept} already there.")
        if created:
            call_command("rebuild_search_index", stdout=self.stdout)

    def load_place(self, row):
        area_page = AreaPage.objects.filter(area__slug=row["area"]).first()
        if area_page is None:
            raise CommandError(f"{row['slug']}: no area page for {row['area']!r}; run `make setup` first.")
        if PlacePage.objects.filter(slug=row["slug"]).exists():
            return False
        place = PlacePage(slug=row["slug"], is_sample=True)
        for code in languages.CODES:
            table = row.get(code, {})
            for attr in TRANSLATED:
                if table.get(attr):
                    setattr(place, build_localized_fieldname(attr, code), table[attr].strip())
        place.title = row[settings.LANGUAGE_CODE]["title"]
        place.schedules = [
            PlaceSchedule(
                frequency=item.get("frequency", PlaceSchedule.MONTHLY),
                weeks=",".join(str(n) for n in item.get("weeks", [])),
                weekday=item["weekday"],
                start_time=_time(item.get("start")),
                end_time=_time(item.get("end")),
            )
            for item in row.get("schedule", [])
        ]
        place.ages = list(AgeGroup.objects.filter(slug__in=row.get("ages", [])))
        place.attributes = list(Attribute.objects.filter(slug__in=row.get("attributes", [])))
        area_page.add_child(instance=place)
        place.save_revision().publish()
        return True
