"""What the content loader last wrote, so that a later load never overwrites an editor's change."""

from django.db import models


class LoadedValue(models.Model):
    """A digest of one field as the loader wrote it. If the field no longer matches, an editor changed it."""

    key = models.CharField(max_length=255, unique=True)
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "loaded value"

    def __str__(self):
        return self.key
