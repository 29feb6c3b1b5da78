"""What the whole site keeps that belongs to no one app: the reach counts (portal.reach)."""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class DailyCount(models.Model):
    """How often something happened on a day, in one site language: nothing about who, from where, or which
    device, so the city can show reach at its coordination meeting without tracking anyone (portal.reach).

    Its table keeps the name it had when the model lived in search (search_dailycount): no row moved."""

    date = models.DateField(_("date"))
    metric = models.CharField(_("what was counted"), max_length=40)
    language = models.CharField(_("language"), max_length=10)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["date", "metric", "language"], name="one_count_per_metric_a_day")
        ]
        db_table = "search_dailycount"
        ordering = ["-date", "metric", "language"]
        default_permissions = ()
        permissions = [("export_dailycount", _("Can download the reach counts"))]
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")

    def __str__(self):
        return f"{self.date} {self.metric} {self.language}: {self.count}"


def add_to_rows(model, keys, added, rows):
    """{key values: added values} added to `model`'s rows in one statement (SQLite ≥ 3.24 and PostgreSQL)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = [connection.ops.quote_name(model._meta.get_field(f).column) for f in (*keys, *added)]
    key_names, added_names = names[: len(keys)], names[len(keys) :]
    sets = ", ".join(f"{n} = {table}.{n} + excluded.{n}" for n in added_names)
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))}) "
        f"ON CONFLICT ({', '.join(key_names)}) DO UPDATE SET {sets}"
    )
    params = [(*key, *(value if isinstance(value, tuple) else (value,))) for key, value in rows.items()]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
