"""Weekly e-mail to each department's editors: their pages that lack something or are due for confirmation.

One digest per person per run (a person in two departments' groups gets both lists in one mail). A department with
no editor group, or a group nobody with an e-mail address is in, goes to the moderators, with a warning. Links are
absolute, built from WAGTAILADMIN_BASE_URL. Run weekly (scripts/deploy/systemd/fuchu-portal-reminders.timer).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from services import health


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def recipients(group):
    if group is None:
        return []
    return list(get_user_model().objects.filter(groups=group, is_active=True).exclude(email="").order_by("pk"))


def moderators():
    return list(
        get_user_model().objects.filter(groups__name="Moderators", is_active=True).exclude(email="").order_by("pk")
    )


class Command(BaseCommand):
    help = "E-mail each department's editors the pages that are due for review (one digest per person)."

    def handle(self, *args, **options):
        with translation.override("ja"):
            digests = {}
            for department, rows in health.due_by_department().items():
                people = recipients(department.editors)
                if not people:
                    self.stderr.write(
                        f"warning: {department.name} has no editor group with an e-mail address; "
                        "its due pages go to the moderators."
                    )
                    people = moderators()
                for person in people:
                    digests.setdefault(person, []).append((department, rows))
            for person, sections in digests.items():
                send_mail(self.subject(sections), self.body(sections), None, [person.email])
            self.stdout.write(f"{len(digests)} reminder(s) sent.")

    def subject(self, sections):
        count = len({page.pk for _department, rows in sections for page, _problems in rows})
        return _("Pages due for review: %(count)s") % {"count": count}

    def body(self, sections):
        lines = [_("These pages lack something residents need, or are due for the department to confirm again."), ""]
        for department, rows in sections:
            lines.append(f"■ {department.name}（{len(rows)}）")
            for page, problems in rows:
                lines.append(f"- {page.title}")
                lines.append(f"  {admin_url(reverse('wagtailadmin_pages:edit', args=[page.pk]))}")
                lines.extend(f"  ・{problem}" for problem in problems)
            lines.append("")
        lines.append(_("Every page that needs attention: %(url)s") % {"url": admin_url(reverse("content_health"))})
        return "\n".join(lines)
