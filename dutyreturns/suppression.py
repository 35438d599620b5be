"""Small-number suppression: the one rule every output of figures about people goes through.

A count from 1 to 4 that describes people (referrals, cases, welfare cases) is shown as "<5" (primary suppression).
A published total would let a reader work such a count out (total minus the cells shown), so more cells are withheld
until no hidden small count can be pinned to one value from the sums the reader sees (secondary suppression): those
are shown as "[c]". Zero is shown: it describes nobody.

Pure: numbers in, `Figure`s out, no database, no templates. A table is rows of cells with (optionally) row totals,
column totals and a grand total; each total and its parts make one equation the reader can use. After hiding, the
reader's knowledge of each hidden cell is an interval (a small count lies in 1..4, a cell withheld as "[c]" is 5 or
more, since only cells of 5 or more are chosen for it); the intervals are narrowed through every equation until
nothing changes, and while any hidden small count is narrowed to a single value, the smallest shown cell of 5 or
more in an equation that gave it away is withheld too (a total last, and the total itself when nothing else is
left).
"""

from dataclasses import dataclass

SMALL = "<5"
WITHHELD = "[c]"
LOW, HIGH = 1, 4  # a count in this range is small
INF = float("inf")


def is_small(value):
    return value is not None and LOW <= value <= HIGH


@dataclass(frozen=True)
class Figure:
    """A published count: `text` is what every output prints. The stored value stays inside, for the sums."""

    _value: int | None
    hidden: str = ""  # "", "small" or "withheld"

    @property
    def text(self):
        if self._value is None:
            return ""
        if self.hidden == "small":
            return SMALL
        if self.hidden == "withheld":
            return WITHHELD
        return str(self._value)

    @property
    def is_hidden(self):
        return bool(self.hidden)

    def __str__(self):
        return self.text


def figure(value):
    """One count shown on its own (no total beside it): "<5" when small."""
    return Figure(value, "small" if is_small(value) else "")


@dataclass
class Table:
    """Suppressed figures: `cells[row][col]`, `row_totals[row]`, `column_totals[col]`, `grand` (None when absent)."""

    cells: dict
    row_totals: dict
    column_totals: dict
    grand: Figure | None


def _equations(rows, cols, *, row_totals, column_totals):
    """Each equation: (parts, total) of cell keys; a key is ("cell", r, c), ("row", r), ("col", c) or ("grand",)."""
    eqs = []
    if row_totals:
        eqs += [([("cell", r, c) for c in cols], ("row", r)) for r in rows]
    if column_totals:
        eqs += [([("cell", r, c) for r in rows], ("col", c)) for c in cols]
    if row_totals and column_totals:
        eqs.append(([("row", r) for r in rows], ("grand",)))
        eqs.append(([("col", c) for c in cols], ("grand",)))
    return eqs


def _narrow(values, hidden, eqs):
    """The reader's interval for each hidden key, narrowed through every equation until nothing changes."""
    bounds = {k: ((LOW, HIGH) if how == "small" else (HIGH + 1, INF)) for k, how in hidden.items()}
    changed = True
    while changed:
        changed = False
        for parts, total in eqs:
            # parts - total = 0, each member with its sign
            members = [(k, 1) for k in parts] + [(total, -1)]
            known = sum(sign * values[k] for k, sign in members if k not in hidden)
            unknown = [(k, sign) for k, sign in members if k in hidden]
            if not unknown:
                continue
            for k, sign in unknown:
                lo_rest = hi_rest = 0
                for j, s in unknown:
                    if j == k:
                        continue
                    lo, hi = bounds[j]
                    lo_rest += s * lo if s > 0 else s * hi
                    hi_rest += s * hi if s > 0 else s * lo
                # sign * x_k = -known - rest
                lo_k, hi_k = -known - hi_rest, -known - lo_rest
                if sign < 0:
                    lo_k, hi_k = -hi_k, -lo_k
                lo, hi = bounds[k]
                new = (max(lo, lo_k), min(hi, hi_k))
                if new != bounds[k] and new[0] <= new[1]:
                    bounds[k] = new
                    changed = True
    return bounds


def _pinned(hidden, bounds):
    """Hidden keys the reader can work out exactly."""
    return {k for k in hidden if bounds[k][0] == bounds[k][1]}


def _next_to_withhold(values, hidden, eqs, bounds, key, seen=None):
    """Which shown value to withhold so that `key` (worked out exactly) no longer is, or None.

    Its cause is an equation in which every other hidden member is worked out too: if it is the only hidden member
    there, withhold a shown part of it; otherwise fix what gave those others away first (so the hidden cells form
    rectangles, which no sum undoes). Among candidates, one that already shares another equation with a hidden cell
    is preferred (it closes a rectangle), then a part before a total, then the smallest.
    """
    seen = seen if seen is not None else set()
    seen.add(key)
    pinned = _pinned(hidden, bounds)
    causes = []
    for parts, total in eqs:
        members = [*parts, total]
        if key not in members:
            continue
        others = [k for k in members if k in hidden and k != key]
        if all(k in pinned for k in others):
            causes.append((len(others), parts, total, others))
    causes.sort(key=lambda cause: cause[0])
    for _count, parts, total, others in causes:
        if not others:
            found = _best(values, hidden, eqs, [k for k in parts if values[k] > HIGH and k not in hidden], parts, total)
            if found is None and total not in hidden and values[total] > HIGH:
                found = total
            if found is not None:
                return found
        for other in others:
            if other not in seen and (found := _next_to_withhold(values, hidden, eqs, bounds, other, seen)):
                return found
        found = _best(values, hidden, eqs, [k for k in parts if values[k] > HIGH and k not in hidden], parts, total)
        if found is not None:
            return found
        if total not in hidden and values[total] > HIGH:
            return total
    return None


def _best(values, hidden, eqs, candidates, parts, total):
    def closes_rectangle(candidate):
        return any(
            candidate in (*p, t) and (p, t) != (parts, total) and any(k in hidden for k in (*p, t)) for p, t in eqs
        )

    if not candidates:
        return None
    return min(candidates, key=lambda k: (not closes_rectangle(k), values[k]))


def suppress_table(rows, *, row_totals=True, column_totals=True):
    """`rows`: {row: {col: count}} (every row with the same columns). Returns a `Table` of `Figure`s."""
    row_keys = list(rows)
    col_keys = list(dict.fromkeys(c for r in row_keys for c in rows[r]))
    values = {("cell", r, c): rows[r].get(c, 0) or 0 for r in row_keys for c in col_keys}
    for r in row_keys:
        values[("row", r)] = sum(values[("cell", r, c)] for c in col_keys)
    for c in col_keys:
        values[("col", c)] = sum(values[("cell", r, c)] for r in row_keys)
    values[("grand",)] = sum(values[("row", r)] for r in row_keys)
    eqs = _equations(row_keys, col_keys, row_totals=row_totals, column_totals=column_totals)
    published = {k for parts, total in eqs for k in (*parts, total)} | {
        ("cell", r, c) for r in row_keys for c in col_keys
    }
    hidden = {k: "small" for k in published if is_small(values[k])}
    while True:
        bounds = _narrow(values, hidden, eqs)
        leaked = [k for k in _pinned(hidden, bounds) if hidden[k] == "small"]
        extra = None
        for key in sorted(leaked):
            if (extra := _next_to_withhold(values, hidden, eqs, bounds, key)) is not None:
                break
        if extra is None:  # nothing leaks (or, with inconsistent counts, nothing more can be done)
            break
        hidden[extra] = "withheld"

    def fig(key):
        return Figure(values[key], hidden.get(key, ""))

    return Table(
        cells={r: {c: fig(("cell", r, c)) for c in col_keys} for r in row_keys},
        row_totals={r: fig(("row", r)) for r in row_keys} if row_totals else {},
        column_totals={c: fig(("col", c)) for c in col_keys} if column_totals else {},
        grand=fig(("grand",)) if row_totals and column_totals else None,
    )


def suppress_counts(counts, *, total=True):
    """One list of counts (e.g. referrals by sector) and, when `total`, their total shown beside them.

    Returns ({key: Figure}, total Figure or None)."""
    table = suppress_table({"": dict(counts)}, row_totals=total, column_totals=False)
    return table.cells[""], (table.row_totals[""] if total else None)
