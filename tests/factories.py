"""Factories for pages and taxonomy values; pages take `parent=`."""

import factory
import wagtail_factories

from services.models import Department, Kind, ServicePage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"テストの窓口 {n}")
    slug = factory.Sequence(lambda n: f"test-window-{n}")
    summary = "テストのための窓口です。"
    citywide = True

    class Meta:
        model = ServicePage
        skip_postgeneration_save = True

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        if create:
            self.kinds.set(extracted or [Kind.objects.get(slug="consultation")])
            self.save()

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create:
            self.departments.set(extracted or [Department.objects.get(slug="chiiki-fukushi-suishin")])
            self.save()
