"""A source YAML's request checked against a table's live `tableinfo`, before anything is downloaded.

The registry names variables and codes as the public evidence spells them; tableinfo is the authority. So:

- variable ids match case-insensitively and across the Danish letters' ASCII spellings (`KØN` = `KON` = `KOEN`,
  `BNØGLE` = `BNOGLE`, `SYGEHUSVÆSEN` = `SYGEHUSVAESEN`); the request then uses DST's own spelling;
- `total` selects the one value whose text says it is the total ("I alt", "Alder i alt", "Uanset …");
- a numeric code that differs only in leading zeros (`0` for `000`, `81` for `081`) is taken when exactly one
  value fits;
- every translation is reported, and everything that does not fit is collected (not just the first problem),
  each with the variable, the unknown codes and the closest valid ones.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from etl.kinds.statbank.client import StatBankError, TableInfo, Variable
from etl.registry import Source, ValueSpec

_TOTAL_TEXT = re.compile(r"^(i alt|hele landet|total|all|uanset\b.*|.*\bi alt\b.*)$", re.IGNORECASE)
_SAMPLE = 6


def fold_id(var_id: str) -> str:
    """One spelling for the ways a Danish variable id is written: upper case, æ → AE, ø/oe → O, å/aa → A."""
    text = var_id.strip().upper().replace("Æ", "AE").replace("Ø", "O").replace("Å", "A")
    return text.replace("OE", "O").replace("AA", "A")


@dataclass(frozen=True)
class Misfit:
    """One way a request does not fit its table: the variable (as the YAML spells it), one line saying what is
    wrong and what to do, and for unknown codes the codes and the closest valid ones."""

    variable: str
    problem: str
    unknown: tuple[str, ...] = ()
    closest: tuple[str, ...] = ()


class RequestMisfit(StatBankError):
    """The request does not fit tableinfo; `misfits` has every problem, the message the first (and a count)."""

    def __init__(self, table: str, misfits: list[Misfit]) -> None:
        more = (
            f" (and {len(misfits) - 1} more problem{'s' if len(misfits) > 2 else ''}: see `etl check`)"
            if len(misfits) > 1
            else ""
        )
        super().__init__(misfits[0].problem + more)
        self.table = table
        self.misfits = misfits
        self.variable = misfits[0].variable


@dataclass(frozen=True)
class ResolvedRequest:
    """What to ask StatBank for, in DST's spelling, and how the YAML's names map onto it."""

    source: Source
    info: TableInfo
    variables: dict[str, list[str]]  # DST variable id → codes to request, or ["*"]
    names: dict[str, str]  # the YAML's variable name → DST's id
    translations: tuple[str, ...] = ()  # what had to be translated, for the log

    @property
    def area_variable(self) -> str | None:
        return self.names[self.source.area_variable] if self.source.area_variable else None

    def variable(self, yaml_name: str) -> Variable:
        var = self.info.variable(self.names[yaml_name])
        assert var is not None  # names only holds variables found in tableinfo
        return var

    def rule_codes(self, yaml_name: str, spec: ValueSpec) -> list[str]:
        """The codes an indicator rule selects of one variable: the spec resolved like the request's, within
        what the request asks for."""
        var = self.variable(yaml_name)
        codes, misfit = _resolve_values(self.info.table_id, yaml_name, var, spec)
        if misfit is not None:
            raise RequestMisfit(self.info.table_id, [misfit])
        requested = self.variables[var.id]
        in_request = {code for code, _ in var.values} if requested == ["*"] else set(requested)
        chosen = [code for code, _ in var.values] if codes == ["*"] else codes
        return [code for code in chosen if code in in_request]


def match_variable(name: str, info: TableInfo) -> tuple[Variable | None, bool]:
    """The tableinfo variable a YAML name means, and whether the spelling had to be translated."""
    exact = info.variable(name)
    if exact is not None:
        return exact, exact.id != name
    folded = [v for v in info.variables if fold_id(v.id) == fold_id(name)]
    return (folded[0], True) if len(folded) == 1 else (None, False)


def total_candidates(var: Variable) -> list[tuple[str, str]]:
    return [(code, label) for code, label in var.values if _TOTAL_TEXT.match(label.strip())]


def resolve_request(source: Source, info: TableInfo) -> ResolvedRequest:
    """The request of `source` fitted to `info`; raises RequestMisfit naming every problem."""
    table = info.table_id
    misfits: list[Misfit] = []
    translations: list[str] = []
    names: dict[str, str] = {}
    for name in source.request:
        var, translated = match_variable(name, info)
        if var is not None:
            names[name] = var.id
            if translated and var.id.upper() != name.upper():
                translations.append(f"variable {name} is spelled {var.id} in tableinfo")
    matched = set(names.values())
    missing = [v for v in info.variables if v.id not in matched]
    gone = [name for name in source.request if name not in names]
    for name in gone:
        if len(missing) == 1 and len(gone) == 1:  # one variable out, one in: most likely DST renamed it
            v = missing[0]
            misfits.append(
                Misfit(
                    name,
                    (
                        f"table {table} has variable {v.id} ({v.text}) that the request does not select, and no "
                        f"variable {name} that it does; DST has probably renamed {name} to {v.id}: rename it in the "
                        "request and the indicator rules of the source YAML (check its codes against tableinfo)"
                    ),
                    closest=(v.id,),
                )
            )
        else:
            known = ", ".join(v.id for v in info.variables)
            misfits.append(
                Misfit(
                    name,
                    (
                        f"table {table} has no variable {name} (it has {known}); DST has changed the table: remove or "
                        f"rename {name} in the request and the indicator rules of the source YAML"
                    ),
                    closest=tuple(difflib.get_close_matches(name, [v.id for v in info.variables], n=2, cutoff=0.5)),
                )
            )
    if not (len(missing) == 1 and len(gone) == 1):
        for v in missing:
            hint = "total" if len(total_candidates(v)) == 1 else "[<code>]"
            misfits.append(
                Misfit(
                    v.id,
                    (
                        f"table {table} has variable {v.id} ({v.text}) that the request does not select; add "
                        f"`{v.id}: {hint}` to the request (values: {_sample(v)})"
                    ),
                )
            )
    variables: dict[str, list[str]] = {}
    for name, spec in source.request.items():
        if name not in names:
            continue
        var = info.variable(names[name])
        assert var is not None
        codes, misfit = _resolve_values(table, name, var, spec)
        if misfit is not None:
            misfits.append(misfit)
            continue
        for wanted, code in zip(spec.codes, codes, strict=False):
            if not spec.is_all and wanted.upper() != code.upper():
                translations.append(f"{var.id} code {wanted} is {code} in tableinfo")
        variables[var.id] = codes
    if misfits:
        raise RequestMisfit(table, misfits)
    ordered = {v.id: variables[v.id] for v in info.variables}  # tableinfo's order, as DST lists them
    return ResolvedRequest(source, info, ordered, names, tuple(translations))


def _resolve_values(table: str, name: str, var: Variable, spec: ValueSpec) -> tuple[list[str], Misfit | None]:
    """(codes in DST's spelling, None) or ([], the misfit)."""
    if spec.is_all:
        return ["*"], None
    if spec.total:
        found = total_candidates(var)
        if len(found) == 1:
            return [found[0][0]], None
        listed = ", ".join(f"{code} '{label}'" for code, label in (found or var.values)[:8])
        problem = (
            f"table {table}, variable {var.id}: no value reads as the total ('I alt', 'Hele landet', "
            f"'Uanset …'); values: {listed}"
            if not found
            else f"table {table}, variable {var.id}: {len(found)} values read as the total ({listed})"
        )
        return [], Misfit(
            name,
            problem + "; select the code in the source YAML instead of `total`",
            closest=tuple(code for code, _ in found[:8]),
        )
    if spec.label_prefixes or spec.code_range:
        codes = [code for code, label in var.values if spec.matches(code, label)]
        if codes:
            return codes, None
        return [], Misfit(
            name,
            f"table {table}, variable {var.id}: no value matches {spec.describe()} "
            f"(values: {_sample(var)}); fix the selection in the source YAML",
        )
    by_upper = {code.upper(): code for code, _ in var.values}
    codes, unknown = [], []
    for wanted in spec.codes:
        code = by_upper.get(wanted.upper()) or _same_number(wanted, var)
        if code is None:
            unknown.append(wanted)
        else:
            codes.append(code)
    if not unknown:
        return codes, None
    closest = _closest(unknown, var)
    return [], Misfit(
        name,
        f"table {table}, variable {var.id}: unknown value(s) {', '.join(unknown)}; closest valid: "
        f"{', '.join(closest) or '(none)'} (tableinfo lists {_sample(var, 12, labels=False)}); fix the codes "
        "in the source YAML",
        unknown=tuple(unknown),
        closest=tuple(closest),
    )


def _same_number(wanted: str, var: Variable) -> str | None:
    """The one code equal to `wanted` but for leading zeros ('0' ↔ '000', '81' ↔ '081')."""
    if not wanted.isdigit():
        return None
    same = [code for code, _ in var.values if code.isdigit() and int(code) == int(wanted)]
    return same[0] if len(same) == 1 else None


def _closest(unknown: list[str], var: Variable) -> list[str]:
    codes = [code for code, _ in var.values]
    labels = dict(var.values)
    found: list[str] = []
    for wanted in unknown:
        near = difflib.get_close_matches(wanted, codes, n=3, cutoff=0.4)
        if wanted.isdigit():  # numeric codes: the numerically nearest ones say more than spelling
            numeric = sorted((c for c in codes if c.isdigit()), key=lambda c: abs(int(c) - int(wanted)))
            near = list(dict.fromkeys([*numeric[:3], *near]))[:3]
        found.extend(f"{code} '{labels[code]}'" for code in near)  # nearest first
    return list(dict.fromkeys(found))


def _sample(var: Variable, n: int = _SAMPLE, labels: bool = True) -> str:
    shown = [f"{code} '{label}'" if labels else code for code, label in var.values[:n]]
    return ", ".join(shown) + (", …" if len(var.values) > n else "")


@dataclass(frozen=True)
class NewCodes:
    """Codes tableinfo lists now that it did not list when the source was last loaded, and that the request does
    not select: e.g. a new HAND07 service type. Not an error; `etl check` reports them."""

    variable: str
    codes: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def new_codes(resolved: ResolvedRequest, previous: TableInfo | None) -> list[NewCodes]:
    if previous is None:
        return []
    found = []
    for var in resolved.info.variables:
        requested = resolved.variables.get(var.id, ["*"])
        if var.is_time or requested == ["*"]:
            continue
        before, _ = match_variable(var.id, previous)
        known = {code.upper() for code, _ in before.values} if before else set()
        selected = {code.upper() for code in requested}
        fresh = tuple((c, label) for c, label in var.values if c.upper() not in known and c.upper() not in selected)
        if fresh:
            found.append(NewCodes(var.id, fresh))
    return found
