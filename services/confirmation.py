"""「今日確認した」: a department confirms that a live program is still right, in one click.

The click makes a new revision of the live page with only 最終確認日 (last_reviewed) set to today, and sends it the way
any edit of that user goes: a moderator's is published at once, a department editor's is submitted to the page's
workflow. It is refused while the page has a draft or a change in moderation, so nothing unreviewed goes live with it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

PUBLISHED = "published"
SUBMITTED = "submitted"


class Refused(Exception):
    """The page cannot be confirmed now; the message says why and what to do, in the user's language."""


def refusal(page, user, today=None):
    """None when `user` may confirm `page` today; else the reason, ready to show."""
    today = today or timezone.localdate()
    permissions = page.permissions_for_user(user)
    title = page.get_admin_display_title()
    if not permissions.can_edit():
        return _("You cannot edit “%(title)s”.") % {"title": title}
    if not page.live:
        return _("“%(title)s” is not published: there is no live page to confirm.") % {"title": title}
    if page.workflow_in_progress:
        return _(
            "“%(title)s” has a change waiting for approval. Once it has been approved or cancelled, confirm the page "
            "again."
        ) % {"title": title}
    if page.has_unpublished_changes:
        return _(
            "“%(title)s” has a draft that is not published yet. Open the page, set 最終確認日 in the draft and send "
            "it for approval together, so the draft is not published unchecked."
        ) % {"title": title}
    if permissions.page_locked():
        return _("“%(title)s” is locked. Ask whoever locked it, then try again.") % {"title": title}
    if not permissions.can_publish() and not page.get_workflow():
        return _("“%(title)s” has no approval workflow. Ask a moderator to confirm it.") % {"title": title}
    if page.last_reviewed == today:
        return _("最終確認日 of “%(title)s” is already today.") % {"title": title}
    return None


def confirm_today(page, user, today=None):
    """Set 最終確認日 of the live `page` to today in a new revision: PUBLISHED or SUBMITTED. Raises Refused."""
    today = today or timezone.localdate()
    with transaction.atomic():
        page = type(page).objects.select_for_update().get(pk=page.pk)  # the live row: what residents see now
        reason = refusal(page, user, today)
        if reason:
            raise Refused(reason)
        page.last_reviewed = today
        try:
            revision = page.save_revision(user=user, log_action=True)
        except ValidationError as error:
            raise Refused("／".join(error.messages)) from error
        if page.permissions_for_user(user).can_publish():
            revision.publish(user=user)
            return PUBLISHED
        page.get_workflow().start(page, user)
        return SUBMITTED
