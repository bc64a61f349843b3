"""Render the key reference of docs/policies.md from the policy JSON Schema, so the two cannot drift.

The section between `<!-- reference:start -->` and `<!-- reference:end -->` is rewritten from
selfeval_rules/schemas/policy.schema.json: one table for the top level and one for each `$defs`
entry a key refers to, a row per key path with its type, whether it is required, its zh/en
description and its allowed values.

    python docs/gen_policy_reference.py           # rewrite the section
    python docs/gen_policy_reference.py --check   # exit 1 if the section is out of date

Plain script: standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMA = HERE.parent / "selfeval_rules" / "schemas" / "policy.schema.json"
DOC = HERE / "policies.md"
START, END = "<!-- reference:start -->", "<!-- reference:end -->"
# Keys that almost every object takes; listed once in the legend, marked † on their objects.
COMMON = ("source", "note")

LEGEND = """\
本节由 `python docs/gen_policy_reference.py` 从 `selfeval_rules/schemas/policy.schema.json` 生成，请勿手改。
Generated from the schema by `python docs/gen_policy_reference.py`; do not edit by hand.

- 键路径 / key path：`a.b` 嵌套键 nested key；`a[]` 列表的每一项 each item of a list；`a.*` 任一键 any key
  (of a free mapping, or each of the listed sibling keys)；`{x, y}` 结构相同的几个键 keys with the same shape.
- 必填 / req.：✓ 必填 required；`{share}` 只在该写法中必填 required in that form of the value.
- † 该对象还可写 `source`（依据：`sources` 中的一个键 / a key of `sources`）和 `note`（备注 / a free note）。
- 类型 / type：number 为精确十进制数（YAML 中的 `0.6`），不用浮点数 / numbers are read as exact decimals.
"""


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def strip(schema: object, key: str = "description") -> object:
    """The schema without its own top-level description (for comparing shapes)."""
    if isinstance(schema, dict):
        return {k: v for k, v in schema.items() if k != key}
    return schema


def cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def code(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"`{text}`"


class Renderer:
    def __init__(self, root: dict) -> None:
        self.root = root
        self.defs: dict = root.get("$defs", {})
        self.queue: list[str] = []  # defs referred to, in order of first reference

    # --- references ---------------------------------------------------------------------------

    def ref_name(self, schema: dict) -> str | None:
        """The $defs entry a schema refers to, or is the same as (ignoring descriptions)."""
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.split("/")[-1]
        else:
            bare = strip(schema)
            complex_ = isinstance(bare, dict) and any(k in bare for k in ("anyOf", "oneOf", "properties"))
            name = next((n for n, d in self.defs.items() if complex_ and strip(d) == bare), None)
            if name is None:
                return None
        if name not in self.queue:
            self.queue.append(name)
        return name

    def link(self, name: str) -> str:
        return f"→ [`{name}`](#def-{name.lower()})"

    # --- summaries ----------------------------------------------------------------------------

    def type_of(self, schema: dict, top: bool = False) -> str:
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("form.schema.json#/$defs/"):
            # a definition of the form schema: documented with the form file
            return f"→ form [`{ref.split('/')[-1]}`](scoring.md#form)"
        if not top:
            name = self.ref_name(schema)
            if name:
                return self.link(name)
        alternatives = schema.get("anyOf") or schema.get("oneOf") if "type" not in schema else None
        if alternatives and all(isinstance(a, dict) and ("type" in a or "$ref" in a) for a in alternatives):
            kinds: list[str] = []
            for alt in alternatives:
                text = self.type_of(alt)
                if text not in kinds:
                    kinds.append(text)
            return " \\| ".join(kinds)
        kind = schema.get("type")
        if kind is None:
            return "enum" if "enum" in schema else ""
        kinds = kind if isinstance(kind, list) else [kind]
        out = []
        for k in kinds:
            if k == "array" and isinstance(schema.get("items"), dict):
                out.append("array of " + self.type_of(schema["items"]))
            else:
                out.append(k)
        return " \\| ".join(out)

    def values(self, schema: dict) -> str:
        enums: list[object] = []
        for source in [schema, *(schema.get("anyOf") or []), *(schema.get("oneOf") or [])]:
            if not isinstance(source, dict):
                continue
            items = source.get("items") if isinstance(source.get("items"), dict) else {}
            for value in [*source.get("enum", []), *items.get("enum", [])]:
                if value not in enums and value is not None:
                    enums.append(value)
        parts = [" ".join(code(v) for v in enums)] if enums else []
        parts += self.constraints(schema)
        for alt in schema.get("anyOf") or []:
            if isinstance(alt, dict) and "type" in alt and "properties" not in alt:
                limits = self.constraints(alt)
                if limits:
                    parts.append(f"{self.type_of(alt)}: " + ", ".join(limits))
        return "; ".join(parts)

    @staticmethod
    def constraints(schema: dict) -> list[str]:
        parts = []
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            parts.append(f"{low} … {high}")
        elif low is not None:
            parts.append(f"≥ {low}")
        elif high is not None:
            parts.append(f"≤ {high}")
        if "exclusiveMinimum" in schema:
            parts.append(f"> {schema['exclusiveMinimum']}")
        if schema.get("minLength"):
            parts.append("非空 non-empty")
        if schema.get("minItems"):
            parts.append(f"≥ {schema['minItems']} 项 items")
        if schema.get("minProperties"):
            parts.append(f"≥ {schema['minProperties']} 个键 keys")
        if "pattern" in schema:
            parts.append(f"pattern {code(schema['pattern'])}")
        if "default" in schema:
            parts.append(f"默认 default {code(schema['default'])}")
        return parts

    # --- walking ------------------------------------------------------------------------------

    def properties(self, schema: dict) -> list[tuple[str, dict, str]]:
        """(key, schema, required mark) for the keys of an object, merged over its anyOf forms."""
        found: list[tuple[str, dict, str]] = []
        seen: dict[str, int] = {}
        required = set(schema.get("required", []))
        one_of = [set(a.get("required", [])) for a in schema.get("oneOf", []) if isinstance(a, dict) and set(a) == {"required"}]
        for key, sub in (schema.get("properties") or {}).items():
            mark = "✓" if key in required else ("其一 one of" if any(key in r for r in one_of) else "")
            seen[key] = len(found)
            found.append((key, sub, mark))
        for alt in schema.get("anyOf") or []:
            if not isinstance(alt, dict) or "properties" not in alt:
                continue
            form = "{" + ", ".join(alt.get("required", [])) + "}"
            for key, sub in alt["properties"].items():
                mark = f"`{form}`" if key in alt.get("required", []) else ""
                if key in seen and strip(found[seen[key]][1]) == strip(sub):
                    old_key, old_sub, old_mark = found[seen[key]]
                    if mark and mark not in old_mark:
                        found[seen[key]] = (old_key, old_sub, (old_mark + " " + mark).strip())
                    continue
                seen[key] = len(found)
                found.append((key, sub, mark))
        return found

    def has_common(self, schema: dict) -> bool:
        props = {key: sub for key, sub, _ in self.properties(schema)}
        return any(key in props and strip(props[key]).get("type") == "string" for key in COMMON)

    def rows(self, schema: dict, path: str, mark: str, out: list[str], top: bool = False) -> None:
        if not top:
            dagger = " †" if self.has_common(schema) else ""
            description = schema.get("description", "—")
            out.append(f"| `{cell(path)}`{dagger} | {self.type_of(schema)} | {mark} | {cell(description)} | {cell(self.values(schema))} |")
            if self.ref_name(schema):
                return
        self.children(schema, path, out)

    def children(self, schema: dict, path: str, out: list[str]) -> None:
        prefix = f"{path}." if path else ""
        props = [(k, s, m) for k, s, m in self.properties(schema) if not (k in COMMON and strip(s).get("type") == "string")]
        # Undescribed siblings of one shape are listed once: {met, partly, not_met}.
        groups: list[tuple[list[str], dict, str]] = []
        for key, sub, mark in props:
            for names, shape, group_mark in groups:
                if shape == sub and group_mark == mark and "description" not in sub:
                    names.append(key)
                    break
            else:
                groups.append(([key], sub, mark))
        # Keys that every sibling object has alike are listed once, as parent.*.key.
        shared: dict[str, tuple[dict, str]] = {}
        objects = [s for _, s, _ in groups if isinstance(s, dict) and "properties" in s and not self.ref_name(s)]
        if len(groups) > 2 and len(objects) == len(groups):
            first = objects[0]
            for key, sub in first["properties"].items():
                if key in COMMON:
                    continue
                if all(key in o["properties"] and o["properties"][key] == sub for o in objects):
                    is_required = all(key in o.get("required", []) for o in objects)
                    shared[key] = (sub, "✓" if is_required else "")
        for key, (sub, mark) in shared.items():
            self.rows(sub, f"{prefix}*.{key}", mark, out)
        for names, sub, mark in groups:
            name = names[0] if len(names) == 1 else "{" + ", ".join(names) + "}"
            if shared:
                sub = dict(sub, properties={k: v for k, v in sub["properties"].items() if k not in shared},
                           required=[r for r in sub.get("required", []) if r not in shared])
            self.rows(sub, prefix + name, mark, out)
        items = schema.get("items")
        if isinstance(items, dict) and not self.ref_name(items) and ("properties" in items):
            self.children(items, f"{path}[]", out)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            self.rows(extra, f"{prefix}*", "", out)

    # --- sections -----------------------------------------------------------------------------

    def table(self, schema: dict, path: str = "") -> list[str]:
        out = ["| 键 key | 类型 type | 必填 req. | 说明 description | 取值 values |", "|---|---|---|---|---|"]
        self.children(schema, path, out)
        return out

    def render(self) -> str:
        lines = [LEGEND, "### 顶层 / Top level", "", cell(self.root.get("description", "")), ""]
        lines += self.table(self.root)
        done: list[str] = []
        while len(done) < len(self.queue):
            name = next(n for n in self.queue if n not in done)
            done.append(name)
            schema = self.defs[name]
            lines += ["", f'<a id="def-{name.lower()}"></a>', "", f"### `{name}`", ""]
            if schema.get("description"):
                lines += [cell(schema["description"]), ""]
            summary = self.type_of(schema, top=True)
            values = self.values(schema)
            lines += [f"类型 type：{summary}" + (f"；取值 values：{values}" if values else "") + (" †" if self.has_common(schema) else ""), ""]
            exactly = [a["required"] for a in schema.get("oneOf", []) if isinstance(a, dict) and set(a) == {"required"}]
            if exactly:
                lines += ["恰好写其一 / exactly one of: " + ", ".join(code(", ".join(r)) for r in exactly), ""]
            forms = [a for a in schema.get("anyOf", []) if isinstance(a, dict) and "properties" in a]
            if forms:
                lines += ["对象写法 / object forms: " + " · ".join(code("{" + ", ".join(a.get("required", [])) + "}") for a in forms), ""]
            body = self.table(schema)
            if len(body) > 2:
                lines += body
        unused = [n for n in self.defs if n not in self.queue]
        if unused:
            lines += ["", "未被任何键引用的定义 / `$defs` no key refers to: " + ", ".join(code(n) for n in unused) + "."]
        return "\n".join(lines).rstrip() + "\n"


def replace_section(text: str, section: str) -> str:
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{DOC}: the markers {START} and {END} are missing")
    return text[: start + len(START)] + "\n\n" + section + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/policies.md is out of date, without writing")
    parser.add_argument("--schema", type=Path, default=SCHEMA)
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args(argv)
    section = Renderer(load(args.schema)).render()
    text = args.doc.read_text(encoding="utf-8")
    updated = replace_section(text, section)
    if args.check:
        if updated != text:
            print(f"{args.doc} is out of date: run python docs/gen_policy_reference.py", file=sys.stderr)
            return 1
        return 0
    if updated != text:
        args.doc.write_text(updated, encoding="utf-8")
        print(f"rewrote the reference section of {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
