"""Search's step of the content loader (services.content_loader): the shipped synonyms
(services/content/synonyms.toml), keyed by their first word; an editor's change to one is kept like any other."""

from services.content_loader import loading_step, read_toml

from .models import Synonym


@loading_step(60)
def load_synonyms(loader):
    if not (loader.content_dir / "synonyms.toml").exists():
        return
    for row in read_toml(loader.content_dir / "synonyms.toml").get("synonym", []):
        words, means = "\n".join(row["words"]), "\n".join(row["means"])
        key = f"synonym:{row['words'][0]}"
        synonym = Synonym.objects.filter(shipped_as=row["words"][0]).first()
        fresh = synonym is None
        if fresh:
            synonym = Synonym(words=words, means=means, shipped_as=row["words"][0])
            synonym.save()
            loader.report.created.append(key)
        changed = loader.merge_attr(synonym, key, "words", words, fresh)
        changed |= loader.merge_attr(synonym, key, "means", means, fresh)
        if changed and not fresh:
            synonym.save()
            loader.report.updated.append(key)
