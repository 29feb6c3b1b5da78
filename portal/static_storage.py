"""Static files in production: whitenoise's compressed, hashed files, with each file's address worked out once per
process. The manifest is read when the process starts and never changes while it runs, so a file's hashed address
is the same for every page; working it out again took about 60 µs for each `{% static %}` of every page."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

URL_MEMO_SIZE = 1024
"""Addresses kept per process: the templates name a few dozen files."""


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        address = self._addresses.get(name)
        if address is None:
            address = super().url(name)
            if len(self._addresses) < URL_MEMO_SIZE:
                self._addresses[name] = address
        return address
