"""Factories for every page type and every kind of user; pages take `parent=` (wagtail-factories).

A page factory publishes through a revision, as an editor does, so Wagtail's publish signal (and the search index
that follows it) sees the page; `published=False` leaves it as created.
"""

import factory
import wagtail_factories
from django.contrib.auth.models import Group

from home.models import HomePage, PlanPage
from services.models import AreaPage, Department, ExplainerPage, Kind, PlacePage, ServicePage

PASSWORD = "pw-for-tests-only"


class PublishedPageFactory(wagtail_factories.PageFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def published(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.save_revision().publish()


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


class PlacePageFactory(PublishedPageFactory):
    """A place to belong under an area page (`parent=`); `schedules=`, `ages=`, `attributes=` as lists."""

    title = factory.Sequence(lambda n: f"テストの居場所 {n}")
    slug = factory.Sequence(lambda n: f"test-place-{n}")
    summary = "テストのための居場所です。"

    class Meta:
        model = PlacePage


class AreaPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"テストのエリア {n}")
    slug = factory.Sequence(lambda n: f"test-area-{n}")
    centre_name = "テスト文化センター"
    coordinator_intro = "テストのための地域福祉コーディネーターの紹介です。"

    class Meta:
        model = AreaPage


class ExplainerPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"テストの説明 {n}")
    slug = factory.Sequence(lambda n: f"test-explainer-{n}")
    summary = "テストのための説明です。"

    class Meta:
        model = ExplainerPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "テストのホーム"
    slug = factory.Sequence(lambda n: f"test-home-{n}")

    class Meta:
        model = HomePage


class PlanPageFactory(PublishedPageFactory):
    title = "テストの計画"
    slug = factory.Sequence(lambda n: f"test-plan-{n}")
    summary = "テストのための計画のページです。"

    class Meta:
        model = PlanPage


# -- users ------------------------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A user with no rights; `groups=["Editors"]` adds Wagtail groups by name."""

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))


class EditorFactory(UserFactory):
    """A member of Wagtail's Editors group: edits and submits pages for approval, does not publish."""

    username = "editor"
    groups = factory.PostGeneration(lambda user, create, extracted, **kw: create and _join(user, "Editors"))


class ModeratorFactory(UserFactory):
    """A member of Wagtail's Moderators group: approves and publishes."""

    username = "moderator"
    groups = factory.PostGeneration(lambda user, create, extracted, **kw: create and _join(user, "Moderators"))


class SuperuserFactory(UserFactory):
    username = "admin"
    is_staff = True
    is_superuser = True


def _join(user, group_name):
    user.groups.add(Group.objects.get(name=group_name))


def department_editor(username="editor", department="chiiki-fukushi-suishin", group_name=None):
    """An editor of one department: a member of the group set as the department's editor group (Department.editors),
    nothing else. The group's admin access and page rights follow from the department (services.rights); the user's
    admin speaks Japanese."""
    dept = Department.objects.get(slug=department)
    group = Group.objects.create(name=group_name or f"{dept.name_ja} 編集者")
    dept.editors = group
    dept.save()
    user = UserFactory(username=username, groups=[group.name])
    japanese_admin(user)
    return user


def japanese_admin(user):
    """The user's Wagtail admin language preference: Japanese, as the city's staff use it."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ja"
    profile.save()
    return user
