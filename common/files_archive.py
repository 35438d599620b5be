"""Every stored file (papers, evidence, rendered PDFs) to and from one tar archive, through Django's storage API:
the same for a folder on disk and a bucket (OBJECT_STORAGE_*). The backup and restore scripts call it through
`manage.py files_backup` and `manage.py files_restore`.
"""

import posixpath
import tarfile

from django.core.files.base import File
from django.core.files.storage import default_storage


def stored_names(storage=default_storage, folder=""):
    """Every file's name in the store, folders walked; sorted, so two stores can be compared."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a folder store that has never kept a file
        return []
    names = [posixpath.join(folder, name) for name in files]
    for sub in folders:
        names += stored_names(storage, posixpath.join(folder, sub))
    return sorted(names)


def files_backup(path, storage=default_storage):
    """Write every stored file into a gzipped tar at `path`; returns how many."""
    names = stored_names(storage)
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            with storage.open(name, "rb") as handle:
                archive.addfile(info, handle)
    return len(names)


class NotEmpty(Exception):
    """A restore goes into an empty store, as the database does into an empty database."""


def files_restore(path, storage=default_storage):
    """Put every file of a backup back under its own name; returns how many. Refuses a store holding files."""
    if stored_names(storage):
        raise NotEmpty("the file store is not empty: restore into an empty folder or bucket")
    count = 0
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            name = member.name.removeprefix("./")  # a folder backup (a tar of the media folder) names them ./papers/…
            if not member.isfile() or name.startswith("/") or ".." in name.split("/"):
                continue
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise RuntimeError(f"{name} was stored as {saved}")
            count += 1
    return count
