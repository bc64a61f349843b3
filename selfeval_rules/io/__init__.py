"""Documents and files: the only layer that reads YAML and JSON, validates against the schemas, and
touches the filesystem (forms, bundled policies and `extends`, report files, importers)."""

from ._documents import Document, dump_yaml, from_mapping, read_file, read_text
from ._files import FORM_SUFFIXES, AtomicFile, AtomicFolder, OutputExistsError, check_output, clean_stale, form_files, write_atomically
from ._flat import FLAT_COLUMNS, FLAT_SUFFIXES, FormData, Unusable, flat_forms, rows_to_forms
from ._forms import form_from_document
from ._read import ReadForm, load_form, read_forms
from ._policies import bundled_policies, load_policy, resolve
from ._schemas import schema, validate

__all__ = [
    "FLAT_COLUMNS",
    "FLAT_SUFFIXES",
    "AtomicFile",
    "AtomicFolder",
    "Document",
    "FormData",
    "FORM_SUFFIXES",
    "OutputExistsError",
    "Unusable",
    "ReadForm",
    "bundled_policies",
    "check_output",
    "clean_stale",
    "dump_yaml",
    "flat_forms",
    "form_files",
    "form_from_document",
    "from_mapping",
    "load_form",
    "load_policy",
    "read_file",
    "read_forms",
    "read_text",
    "resolve",
    "rows_to_forms",
    "schema",
    "validate",
    "write_atomically",
]
