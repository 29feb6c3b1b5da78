"""The programs' directory as a spreadsheet: /open-data/directory.csv|.xlsx out, `import_directory` back in.

One row per live program page. `id` and `version` tie a row to a page and to the revision it was exported from: a
row whose page has changed since (another revision went live, or a draft or a workflow is pending) is refused,
so no editor's work is overwritten. Only cells that differ from the live page are applied."""

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from portal import languages, phone
from services.models import Department, ServiceContact, ServiceLanguage, ServicePage

from . import tables

LIST_SEPARATOR = re.compile(r"\s*[、,，;；]\s*")
TRANSLATED = ("title", "summary")
CONTACT_FIELDS = ("phone", "email", "hours", "address")
TEXT_COLUMNS = [f"{name}_{language.column}" for name in TRANSLATED for language in languages.LANGUAGES]
COLUMNS = [
    "id",
    "version",
    "plan_name",
    "department",
    *TEXT_COLUMNS,
    *CONTACT_FIELDS,
    "languages",
    "last_reviewed",
    "url",
]
"""The export's columns, in order. `hours` and `address` are the Japanese text; `department` and `languages` are
lists separated by 「、」 (department names) and commas (language codes)."""
READ_ONLY = ("version", "plan_name", "url")
TITLE_JA = f"title_{languages.DEFAULT.column}"


def contact_of(page):
    """The contact row a spreadsheet row stands for: the first with a phone number, else the first."""
    contacts = list(page.contacts.all())
    return next((c for c in contacts if c.phone), contacts[0] if contacts else None)


def contact_attr(name):
    """A contact's field behind a column: hours and address are translated, and the file carries the Japanese."""
    return build_localized_fieldname(name, languages.DEFAULT.code) if name in ("hours", "address") else name


def row_of(page):
    """One program page as the export writes it (every value a string)."""
    contact = contact_of(page)
    row = {
        "id": str(page.open_data_id),
        "version": str(page.live_revision_id or ""),
        "plan_name": page.plan_name,
        "department": "、".join(d.name_ja or d.name for d in page.departments.all()),
        "languages": ",".join(sorted(language.code for language in page.languages.all())),
        "last_reviewed": page.last_reviewed.isoformat() if page.last_reviewed else "",
        "url": page.full_url or "",
    }
    for name in TRANSLATED:
        for language in languages.LANGUAGES:
            row[f"{name}_{language.column}"] = getattr(page, build_localized_fieldname(name, language.code)) or ""
    for name in CONTACT_FIELDS:
        row[name] = (getattr(contact, contact_attr(name)) or "") if contact else ""
    return row


def live_programs():
    return ServicePage.objects.live().public().order_by("path").prefetch_related("departments", "languages", "contacts")


def export_dataset():
    with translation.override(languages.DEFAULT.code):
        return tables.dataset(COLUMNS, [row_of(page) for page in live_programs()], title="directory")


# -- import ----------------------------------------------------------------------------------------------------


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class PageChange:
    row: int
    page: ServicePage
    changes: list
    values: dict = field(default_factory=dict)
    """The cleaned new values by column (lists of objects for department and languages)."""

    @property
    def title(self):
        return self.page.title


class ImportRejected(Exception):
    """The file is refused whole; `errors` are the messages, each naming its row and column."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def is_current(error, number, page, values):
    """Whether a row may change its page: the file was exported from the page's live revision, and no draft or
    change in moderation waits on the page (an import must not publish it unseen). Reports the refusal to `error`."""
    if values.get("version", "") != str(page.live_revision_id):
        error(
            number,
            "version",
            f"「{page.title}」は書き出しの後に変更されました。新しいファイルを書き出して、もう一度編集してください。",
        )
        return False
    if page.has_unpublished_changes or page.workflow_in_progress:
        error(
            number,
            "version",
            f"「{page.title}」には未公開の下書きか承認待ちの変更があります。先にそちらを公開するか取り消してください。",
        )
        return False
    return True


def publish_or_submit(page, revision, user, publish):
    """Publishes an imported revision (the command, a moderator's upload) or submits it to the page's workflow (an
    editor's upload); says which: "published", "submitted" or "draft" (no workflow)."""
    if publish:
        revision.publish(user=user)
        return "published"
    if workflow := page.get_workflow():
        workflow.start(page, user)
        return "submitted"
    return "draft"


class DirectoryImport:
    """Reads a directory file, checks every row, and lists the changes; apply() writes them all or nothing."""

    def __init__(self, source, name=None, user=None, department_scope=None):
        self.source, self.name, self.user = source, name, user
        self.department_scope = department_scope
        """When given (a set of department ids), rows may only touch pages of these departments."""
        self.errors = []
        self.plan = []
        self.locked_columns = ()
        """Columns this uploader may not change (the 所管課 for a department's editor: only moderators set it)."""

    def error(self, row, column, message):
        place = f"{row}行目" + (f"「{column}」列" if column else "")
        self.errors.append(f"{place}: {message}")

    def check(self):
        """Fills self.plan with a PageChange per row that changes something; raises ImportRejected if any row is bad."""
        try:
            headers, rows = tables.read(self.source, self.name)
        except tables.UnreadableFile as error:
            raise ImportRejected([str(error)]) from error
        missing = [column for column in ("id", "version") if column not in headers]
        if missing:
            raise ImportRejected([f"1行目: 見出しに「{'」「'.join(missing)}」列がありません。"])
        self.departments = {}
        for department in Department.objects.all():
            self.departments[department.name_ja or department.name] = department
            self.departments.setdefault(department.name, department)
        self.service_languages = {language.code: language for language in ServiceLanguage.objects.all()}
        seen = {}
        with translation.override(languages.DEFAULT.code):
            for row in rows:
                self.check_row(row, headers, seen)
        if self.errors:
            raise ImportRejected(self.errors)
        return self.plan

    def check_row(self, row, headers, seen):
        number, values = row.number, row.values
        try:
            page_id = uuid.UUID(values.get("id", ""))
        except ValueError:
            self.error(number, "id", f"id「{values.get('id', '')}」は正しい形ではありません。")
            return
        if page_id in seen:
            self.error(number, "id", f"同じ id が{seen[page_id]}行目にもあります。")
            return
        seen[page_id] = number
        page = ServicePage.objects.filter(open_data_id=page_id).first()
        if page is None or not page.live:
            self.error(number, "id", f"id「{page_id}」の公開中のページはありません。")
            return
        current = row_of(page)
        compared = [column for column in headers if column in current and column not in ("id", "version", "url")]
        if all(values.get(column, "") == current[column] for column in compared):
            return  # a row that matches the live page asks for nothing, whoever's page it is
        if not self.may_change(number, page, values):
            return
        changes, cleaned = [], {}
        for column in headers:
            if column not in current or column in ("id", "version", "url"):
                continue
            new, old = values.get(column, ""), current[column]
            if new == old:
                continue
            if column in READ_ONLY:
                self.error(number, column, "この列は変更できません。")
                continue
            if column in self.locked_columns:
                self.error(number, column, "この列を変更できるのは承認者だけです。")
                continue
            checked = self.clean_cell(number, column, new)
            if checked is not INVALID:
                changes.append(Change(column, old, new))
                cleaned[column] = checked
        if changes:
            self.plan.append(PageChange(number, page, changes, cleaned))

    def may_change(self, number, page, values):
        if self.department_scope is not None and not {d.pk for d in page.departments.all()} & self.department_scope:
            self.error(number, "id", f"「{page.title}」はあなたの課のページではないため変更できません。")
            return False
        return is_current(self.error, number, page, values)

    def clean_cell(self, number, column, value):
        if column == "phone":
            if value and not phone.is_phone_number(value):
                self.error(number, column, f"「{value}」は電話番号ではありません（例: 042-364-4111）。")
                return INVALID
            return value
        if column == "email":
            if value:
                try:
                    validate_email(value)
                except ValidationError:
                    self.error(number, column, f"「{value}」はメールアドレスではありません。")
                    return INVALID
            return value
        if column == "last_reviewed":
            if not value:
                return None
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                self.error(number, column, f"「{value}」は日付ではありません（例: 2026-04-01）。")
                return INVALID
            if day > timezone.localdate():
                self.error(number, column, f"「{value}」は未来の日付です。確認した日を入れてください。")
                return INVALID
            return day
        if column == "department":
            names = [name for name in LIST_SEPARATOR.split(value) if name]
            unknown = [name for name in names if name not in self.departments]
            if unknown:
                self.error(number, column, f"「{'」「'.join(unknown)}」という課はありません。")
                return INVALID
            if not names:
                self.error(number, column, "所管課を一つ以上入れてください。")
                return INVALID
            return [self.departments[name] for name in names]
        if column == "languages":
            codes = [code for code in LIST_SEPARATOR.split(value) if code]
            unknown = [code for code in codes if code not in self.service_languages]
            if unknown:
                self.error(number, column, f"言語コード「{'」「'.join(unknown)}」は登録されていません。")
                return INVALID
            return [self.service_languages[code] for code in codes]
        if column == TITLE_JA and not value:
            self.error(number, column, "日本語の名前は空にできません。")
            return INVALID
        return value

    def apply(self, publish=True):
        """Writes every change as a new revision of its page, in one transaction: published (the command, and a
        moderator's upload), or submitted to the page's workflow (an editor's upload)."""
        results = []
        with transaction.atomic(), translation.override(languages.DEFAULT.code):
            for change in self.plan:
                page = ServicePage.objects.select_for_update().get(pk=change.page.pk).specific
                revision_page = page.get_latest_revision_as_object()
                self.write(revision_page, change.values)
                revision = revision_page.save_revision(user=self.user, log_action=True)
                results.append((change, publish_or_submit(page, revision, self.user, publish)))
        return results

    @staticmethod
    def write(page, values):
        for column, value in values.items():
            if column == "department":
                page.departments.set(value)
            elif column == "languages":
                page.languages.set(value)
            elif column == "last_reviewed":
                page.last_reviewed = value
            elif column in CONTACT_FIELDS:
                contact = contact_of(page)
                if contact is None:
                    contact = ServiceContact()
                    page.contacts.add(contact)
                setattr(contact, contact_attr(column), value)
            else:
                name, _sep, column_suffix = column.partition("_")
                code = next(lang.code for lang in languages.LANGUAGES if lang.column == column_suffix)
                setattr(page, build_localized_fieldname(name, code), value)
                if column == TITLE_JA:
                    page.title = value
                    page.draft_title = value


INVALID = object()
