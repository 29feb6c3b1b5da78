"""Production's static files: each file's hashed address, as whitenoise's manifest gives it, worked out once per
process and the same on every page."""

import json

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from portal.static_storage import StaticFilesStorage


@pytest.fixture
def manifest(tmp_path):
    paths = {"css/site.css": "css/site.0123456789ab.css", "js/finder.js": "js/finder.ba9876543210.js"}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1", "hash": "x"}))
    return tmp_path


def test_each_address_is_the_manifests_hashed_one_and_is_kept(manifest, settings):
    settings.STATIC_URL = "/static/"
    storage = StaticFilesStorage(location=str(manifest))
    stock = CompressedManifestStaticFilesStorage(location=str(manifest))
    assert storage.url("css/site.css") == stock.url("css/site.css") == "/static/css/site.0123456789ab.css"
    storage.hashed_files["css/site.css"] = "css/site.changed.css"  # a manifest never changes while a process runs
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    assert storage.url("js/finder.js") == "/static/js/finder.ba9876543210.js"


def test_a_file_missing_from_the_manifest_still_fails_loudly(manifest, settings):
    settings.STATIC_URL = "/static/"
    storage = StaticFilesStorage(location=str(manifest))
    with pytest.raises(ValueError):
        storage.url("css/missing.css")
    with pytest.raises(ValueError):
        storage.url("css/missing.css")
