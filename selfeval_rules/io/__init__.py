"""Documents and files: the only layer that reads YAML and JSON, validates against the schemas, and
touches the filesystem (forms, bundled policies and `extends`, report files, importers)."""

from ._documents import Document, dump_yaml, from_mapping, read_file, read_text
from ._files import OutputExistsError, form_files, write_atomically
from ._forms import form_from_document
from ._read import FORM_SUFFIXES, ReadForm, load_form, read_forms
from ._policies import bundled_policies, load_policy, resolve
from ._schemas import schema, validate

__all__ = [
    "Document",
    "FORM_SUFFIXES",
    "OutputExistsError",
    "ReadForm",
    "bundled_policies",
    "dump_yaml",
    "form_files",
    "form_from_document",
    "from_mapping",
    "load_form",
    "load_policy",
    "read_file",
    "read_forms",
    "read_text",
    "resolve",
    "schema",
    "validate",
    "write_atomically",
]
