"""Which import a file is for: a place-directory file (it has the `area` and `schedule` columns) goes to the place
import, anything else to the programs' directory import. The command and the admin upload both ask here."""

from . import tables
from .directory import DirectoryImport, ImportRejected
from .places import PlaceImport

PLACE_MARKERS = {"area", "schedule"}


def importer_for(source, name=None, **options):
    """A DirectoryImport or a PlaceImport for the file; raises ImportRejected when it cannot be read at all."""
    try:
        headers, _rows = tables.read(source, name)
    except tables.UnreadableFile as error:
        raise ImportRejected([str(error)]) from error
    kind = PlaceImport if PLACE_MARKERS <= set(headers) else DirectoryImport
    return kind(source, name=name, **options)
