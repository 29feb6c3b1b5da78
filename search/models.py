"""The directory's search index in the database, the editors' synonyms, and what residents search for."""

import secrets

from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from portal import languages
from portal.text import normalize

SEARCH_LANGUAGES = languages.COLUMNS
"""Site language codes as column suffixes (CONTRACT §2, with `-` as `_`)."""


class SearchEntry(models.Model):
    """One directory entry as search sees it: display text per language, facet slugs, and tokens per language.

    Token columns hold the analysed words separated by spaces (`portal.text.analyze`), each word once; the
    full-text index of each database is built over them and follows every write by itself (migration 0007): on
    SQLite an external-content FTS5 table kept in step by triggers, on PostgreSQL stored generated `tsvector`
    columns with GIN indexes (outside this model, so Django's migrations never see them).
    """

    page_id = models.PositiveBigIntegerField(unique=True, help_text="The Wagtail page this entry shows.")
    path = models.CharField(max_length=255, db_index=True, help_text="The page's tree path: the editors' order.")
    entry_type = models.CharField(max_length=20, default="service")
    plan_name = models.CharField(max_length=200, blank=True)
    citywide = models.BooleanField(default=True)
    ages = models.CharField(max_length=200, blank=True)
    attributes = models.CharField(max_length=500, blank=True)
    areas = models.CharField(max_length=500, blank=True)
    kinds = models.CharField(max_length=200, blank=True)
    display = models.JSONField(default=dict, help_text="{language: {title, summary, url}}")

    title_ja = models.TextField(blank=True)
    text_ja = models.TextField(blank=True)
    title_ja_easy = models.TextField(blank=True)
    text_ja_easy = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    title_zh_hans = models.TextField(blank=True)
    text_zh_hans = models.TextField(blank=True)
    title_ko = models.TextField(blank=True)
    text_ko = models.TextField(blank=True)
    title_vi = models.TextField(blank=True)
    text_vi = models.TextField(blank=True)

    class Meta:
        ordering = ["path"]

    def __str__(self):
        return self.path


class IndexState(models.Model):
    """A token changed on every change to the index, so each process knows when to reload its bit sets.

    A random token rather than a counter: after a rolled-back transaction a counter could return to a value
    a process has already seen with other contents.
    """

    name = models.CharField(max_length=50, unique=True)
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} {self.version}"

    @classmethod
    def bump(cls, name="directory"):
        token = secrets.randbits(62)
        if not cls.objects.filter(name=name).update(version=token):
            cls.objects.create(name=name, version=token)

    @classmethod
    def read(cls, names):
        """{name: version} of `names` (0 for a name never bumped) in one plain query: every search request reads
        them, and the ORM's query building cost a tenth of an uncached API answer."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT name, version FROM {table} WHERE name IN ({', '.join(['%s'] * len(names))})", list(names)
            )
            found = dict(cursor.fetchall())
        return {name: found.get(name, 0) for name in names}

    @classmethod
    def current(cls, name="directory"):
        return cls.objects.filter(name=name).values_list("version", flat=True).first() or 0


class Synonym(models.Model):
    """Everyday words residents type, and the programs' words to search for as well."""

    words = models.TextField(
        _("what residents type"),
        help_text=_("One word or phrase per line, in any language: 暴力, 殴られる, domestic violence, 가정폭력 …"),
    )
    means = models.TextField(
        _("search also for"),
        help_text=_("One word per line, as the program pages write it: DV, 配偶者 …"),
    )

    shipped_as = models.CharField(
        max_length=200, blank=True, editable=False, help_text="The first word of the shipped entry this came from."
    )

    panels = [FieldPanel("words"), FieldPanel("means")]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return " / ".join(self.word_list()[:3]) + " → " + " / ".join(self.means_list())

    def word_list(self):
        return [w.strip() for w in self.words.splitlines() if w.strip()]

    def means_list(self):
        return [w.strip() for w in self.means.splitlines() if w.strip()]


class QueryLog(models.Model):
    """How often a query was searched on a day, and how often it found nothing. Nothing about who searched."""

    day = models.DateField(db_index=True)
    query = models.CharField(max_length=200)
    language = models.CharField(max_length=10)
    searches = models.PositiveIntegerField(default=0)
    empty = models.PositiveIntegerField(default=0, help_text="Searches that found no result.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "query", "language"], name="one_row_per_query_a_day")]
        ordering = ["-day", "-searches"]

    def __str__(self):
        return f"{self.day} {self.query}"

    @classmethod
    def normalize_query(cls, text):
        return normalize(text)[:200]


class PendingIndexWrite(models.Model):
    """A change Elasticsearch has not taken yet (the outbox): kept when a write to the cluster fails, sent by the
    next write that succeeds and by `rebuild_search_index --pending`, so that a page unpublished while the
    cluster was down does not come back when it returns.

    One row per page, whatever happened to it meanwhile: what is sent is the page as it stands when the row is
    sent (indexed if it is a live, public entry, removed otherwise). One Elasticsearch document holds every
    language of a page, so a row needs no language.
    """

    UPSERT = "upsert"
    DELETE = "delete"

    page_id = models.PositiveBigIntegerField(unique=True, help_text="The Wagtail page (the document's _id).")
    action = models.CharField(
        max_length=10, choices=[(UPSERT, "upsert"), (DELETE, "delete")], help_text="What the failed write was."
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Writes of this change that failed.")
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.action} {self.page_id} ({self.attempts} attempts)"
