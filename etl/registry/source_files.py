"""Reading one source YAML file: the pydantic models of its keys and value shapes, and the one line a problem
becomes (`<file>: <key path>: <what is wrong>; allowed: <…>`). Imported only when the registry is read from its
files, not when it comes from the cache (./cache.py)."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from etl.registry.model import (
    BREAK_LABEL_MAX_CHARS,
    PERIOD_CODE,
    SOURCE_KINDS,
    IndicatorRule,
    RegistryError,
    SeriesBreak,
    Source,
    ValueSpec,
)

# The YAML layer. Each source file is parsed by the pydantic models below (the key sets, the value shapes, the
# statbank rules), and the one problem pydantic reports first becomes one RegistryError line:
# `<file>: <key path>: <what is wrong>; allowed: <…>`. The models are internal: load_source returns a Source.

_SPEC_SHAPES = "total, a list of codes, {range: [from, to]} (whole numbers), {label_prefix: [text, ...]}"


class _RangeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    range: tuple[StrictInt, StrictInt]


class _LabelPrefixSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label_prefix: Annotated[list[StrictStr], Field(min_length=1)]


_Codes = Annotated[list[StrictStr | StrictInt], Field(min_length=1)]
_RawSpec = Literal["total"] | _Codes | _RangeSpec | _LabelPrefixSpec
_RAW_SPEC: TypeAdapter[_RawSpec] = TypeAdapter(_RawSpec)


def _value_spec(raw: object) -> ValueSpec:
    """One value spec; any wrong shape is one error at the variable's path, naming the shapes allowed."""
    try:
        spec = _RAW_SPEC.validate_python(raw)
    except ValidationError:
        raise PydanticCustomError("value_spec", "expected a value spec") from None
    if isinstance(spec, _RangeSpec):
        return ValueSpec(code_range=spec.range)
    if isinstance(spec, _LabelPrefixSpec):
        return ValueSpec(label_prefixes=tuple(spec.label_prefix))
    if isinstance(spec, list):
        return ValueSpec(codes=tuple(str(code) for code in spec))
    return ValueSpec(total=True)


def _name(value: object) -> object:
    """Names (ids, variables) may be written as numbers in YAML (`2024:`); they are text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _one_of(allowed: tuple[str, ...]) -> BeforeValidator:
    def check(value: object) -> object:
        if value not in allowed:
            raise PydanticCustomError("one_of", "must be one of {allowed}", {"allowed": list(allowed)})
        return value

    return BeforeValidator(check)


def _problem(text: str) -> PydanticCustomError:
    """A rule that spans keys (statbank sources); `text` carries its own key path."""
    return PydanticCustomError("source", "{text}", {"text": text})


_Name = Annotated[str, BeforeValidator(_name)]
_Spec = Annotated[ValueSpec, PlainValidator(_value_spec)]
_SpecMap = dict[_Name, _Spec]


class _Mapping(BaseModel):
    """A YAML mapping with a fixed set of keys; an unknown key is refused with the keys allowed."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = [str(key) for key in data if key not in cls.model_fields]
            if unknown:
                raise PydanticCustomError(
                    "unknown_keys", "unknown key(s)", {"keys": unknown, "allowed": list(cls.model_fields)}
                )
        return data


class _RuleFile(_Mapping):
    select: _SpecMap = {}
    subtract: _SpecMap | None = None


def _period_code(value: str) -> str:
    if not PERIOD_CODE.fullmatch(value):
        raise PydanticCustomError("bad_value", "{text}", {"text": "expected a DST period code (2024, 2024K1, 2024M01)"})
    return value


def _short_label(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("bad_value", "{text}", {"text": "expected a label"})
    if len(value) > BREAK_LABEL_MAX_CHARS:
        text = f"at most {BREAK_LABEL_MAX_CHARS} characters (it is drawn on the charts; explain it in the note)"
        raise PydanticCustomError("bad_value", "{text}", {"text": text})
    return value


def _some_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("bad_value", "{text}", {"text": "expected text"})
    return value


_Label = Annotated[str, AfterValidator(_short_label)]
_Note = Annotated[str, AfterValidator(_some_text)]


class _BreakFile(_Mapping):
    period: Annotated[str, BeforeValidator(_name), AfterValidator(_period_code)]
    indicators: Annotated[list[_Name], Field(min_length=1)] | None = None  # default: every indicator of the source
    label_da: _Label
    label_en: _Label
    note_da: _Note
    note_en: _Note


class _SourceFile(_Mapping):
    id: _Name
    kind: Annotated[str, _one_of(SOURCE_KINDS)]
    table: str | None = None
    title_da: str
    area_variable: _Name | None = None
    municipal: bool
    request: _SpecMap | None = None
    indicators: dict[_Name, _RuleFile | None] | None = None
    breaks: list[_BreakFile] = []

    @model_validator(mode="after")
    def _breaks_of_own_indicators(self) -> Self:
        own = list(self.indicators or {})
        seen: set[tuple[str, str]] = set()
        for number, series_break in enumerate(self.breaks):
            if not own:
                raise _problem(f"breaks.{number}: the source has no indicators for a break to affect")
            for indicator_id in series_break.indicators or own:
                if indicator_id not in own:
                    raise _problem(
                        f"breaks.{number}.indicators: {indicator_id} is not an indicator of this source; "
                        f"allowed: {', '.join(own)}"
                    )
                if (indicator_id, series_break.period) in seen:
                    raise _problem(
                        f"breaks.{number}: a second break of {indicator_id} at {series_break.period}; "
                        "one break a period (say all of it in one note)"
                    )
                seen.add((indicator_id, series_break.period))
        return self

    @model_validator(mode="after")
    def _statbank_source(self) -> Self:
        if self.kind != "statbank":
            return self
        if self.table is None:
            raise _problem("a statbank source needs 'table'")
        if self.request is None:
            raise _problem("a statbank source needs 'request'")
        if "area_variable" not in self.model_fields_set:
            raise _problem("a statbank source needs 'area_variable' (null for national-only tables)")
        request = self.request
        time_var = next((var for var in request if var.lower() == "tid"), None)
        if time_var is None:
            raise _problem("request: must select Tid (BULK needs every variable)")
        if self.area_variable is not None and self.area_variable not in request:
            others = [var for var in request if var != time_var]
            raise _problem(
                f"area_variable {self.area_variable} is not in request; allowed: {', '.join(['null', *others])}"
            )
        if request[time_var].total:
            raise _problem(f'request.{time_var}: time has no total; select periods (e.g. ["*"])')
        for indicator_id, rule in (self.indicators or {}).items():
            if rule is None:
                continue
            for part, specs in (("select", rule.select), ("subtract", rule.subtract or {})):
                for var in specs:
                    if var not in request:
                        raise _problem(
                            f"indicators.{indicator_id}.{part}.{var}: variable {var} is not in request; "
                            f"allowed: {', '.join(request)}"
                        )
        return self


_SPEC_MAP_KEYS = ("request", "select", "subtract")
_EXPECTED = {
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
}


def _path(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _show(value: object, limit: int = 60) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _did_you_mean(word: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(word, allowed, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def _describe(error: ErrorDetails) -> str:
    """One pydantic error as `<key path>: <what is wrong>; allowed: <…>` (no pydantic wording or URL)."""
    loc, kind, ctx, got = error["loc"], error["type"], error.get("ctx", {}), error["input"]
    if kind == "source":
        return str(ctx["text"])
    if kind == "bad_value":
        return f"{_path(loc)}: {ctx['text']}, got {_show(got)}"
    if kind == "unknown_keys":
        keys = [_path((*loc, key)) + _did_you_mean(key, ctx["allowed"]) for key in ctx["keys"]]
        return f"unknown key(s) {', '.join(keys)}; allowed: {', '.join(ctx['allowed'])}"
    if kind == "one_of":
        hint = _did_you_mean(got, ctx["allowed"]) if isinstance(got, str) else ""
        return f"{_path(loc)} must be one of {', '.join(ctx['allowed'])}, got {_show(got)}{hint}"
    if kind == "missing":
        where, what = loc[:-1], f"missing key '{loc[-1]}'"
    elif kind == "value_spec":
        where, what = loc, f"expected a value spec, got {_show(got)}; allowed: {_SPEC_SHAPES}"
    elif loc and loc[-1] == "[key]":
        where, what = loc[:-2], f"key {_show(got)} must be a name (text)"
    else:
        expected = _EXPECTED.get(kind) or error["msg"][:1].lower() + error["msg"][1:]
        if kind == "dict_type" and loc and loc[-1] in _SPEC_MAP_KEYS:
            expected = "expected a mapping of variable → values"
        where, what = loc, f"{expected}, got {_show(got)}"
    return f"{_path(where)}: {what}" if where else what


def _explain(exc: ValidationError) -> str:
    """The first problem (an unknown key before anything else, as a typo there explains the rest), in one line."""
    errors = exc.errors(include_url=False)
    first = next((e for e in errors if e["type"] == "unknown_keys"), errors[0])
    more = len(errors) - 1
    return _describe(first) + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


# libyaml's parser when PyYAML was built with it (about ten times faster); the pure-Python one words the errors.
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str) -> Any:
    """The document, read by libyaml; a document it refuses is read again by PyYAML's own parser, so the
    message (line, column, problem) is worded as always."""
    try:
        return yaml.load(text, Loader=_FastLoader)  # a safe loader: CSafeLoader or SafeLoader
    except yaml.YAMLError:
        return yaml.safe_load(text)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """PyYAML's message in one line: where, what and its context (its own text spans several lines)."""
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return ": " + " ".join(str(exc).split())
    mark = exc.problem_mark
    context = f" ({exc.context})" if exc.context else ""
    return f" at line {mark.line + 1}, column {mark.column + 1}: {exc.problem}{context}"


def without_breaks(text: str) -> str:
    """A source file's text less its top-level `breaks:` key and value (cut where the YAML parser found them, so
    comments and layout elsewhere count as before); text that does not parse is returned as it is."""
    return _cut_breaks(text)


@lru_cache(maxsize=256)
def _cut_breaks(text: str) -> str:
    """without_breaks, once per text: a run asks for each source's fingerprint more than once."""
    try:
        root = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError:
        return text
    if not isinstance(root, yaml.MappingNode):
        return text
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "breaks":
            return text[: key.start_mark.index] + text[value.end_mark.index :]
    return text


def load_source(path: Path, text: str | None = None) -> Source:
    """One source file (its `text` when the caller has read it already)."""
    try:
        raw = _load_yaml(path.read_text(encoding="utf-8") if text is None else text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path.name}: not valid YAML{_yaml_problem(exc)}") from exc
    if not isinstance(raw, dict):
        raise RegistryError(f"{path.name}: expected a mapping at the top level")
    try:
        parsed = _SourceFile.model_validate(raw)
    except ValidationError as exc:
        raise RegistryError(f"{path.name}: {_explain(exc)}") from None
    rules = tuple(
        IndicatorRule(indicator_id, dict(rule.select), rule.subtract) if rule else IndicatorRule(indicator_id)
        for indicator_id, rule in (parsed.indicators or {}).items()
    )
    breaks = tuple(
        SeriesBreak(
            period=b.period,
            indicator_ids=tuple(b.indicators or parsed.indicators or ()),
            label_da=b.label_da.strip(),
            label_en=b.label_en.strip(),
            note_da=" ".join(b.note_da.split()),
            note_en=" ".join(b.note_en.split()),
        )
        for b in parsed.breaks
    )
    return Source(
        id=parsed.id,
        kind=parsed.kind,
        title_da=parsed.title_da,
        path=path,
        municipal=parsed.municipal,
        table=parsed.table,
        area_variable=parsed.area_variable,
        request=(parsed.request or {}) if parsed.kind == "statbank" else {},
        rules=rules,
        breaks=breaks,
    )
