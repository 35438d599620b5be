"""Small-number suppression, by hand: every expectation below was worked out on paper, not read back."""

from dutyreturns.suppression import SMALL, WITHHELD, figure, suppress_counts, suppress_table


def texts(figures):
    return {key: str(value) for key, value in figures.items()}


def test_counts_from_one_to_four_are_shown_as_less_than_five():
    assert [str(figure(n)) for n in (0, 1, 2, 3, 4, 5, 12)] == ["0", SMALL, SMALL, SMALL, SMALL, "5", "12"]


def test_an_empty_figure_prints_nothing():
    assert str(figure(None)) == ""


def test_nothing_is_hidden_when_no_count_is_small():
    cells, total = suppress_counts({"schools": 6, "police": 9, "health": 0})
    assert texts(cells) == {"schools": "6", "police": "9", "health": "0"}
    assert str(total) == "15"


def test_a_lone_small_count_beside_a_total_takes_the_smallest_other_count_with_it():
    # 20 - 9 - 8 would give the 3 away: the 8 goes too, and 3 + 8 = 11 cannot be split to one answer.
    cells, total = suppress_counts({"schools": 3, "police": 9, "health": 8})
    assert texts(cells) == {"schools": SMALL, "police": "9", "health": WITHHELD}
    assert str(total) == "20"


def test_two_small_counts_that_could_only_be_ones_are_protected():
    # 12 - 10 = 2 hidden between two small counts: both must be 1. So the 10 is withheld as well.
    cells, total = suppress_counts({"a": 1, "b": 1, "c": 10})
    assert texts(cells) == {"a": SMALL, "b": SMALL, "c": WITHHELD}
    assert str(total) == "12"


def test_two_small_counts_that_could_only_be_fours_are_protected():
    # 15 - 7 = 8 between two small counts: both must be 4.
    cells, _total = suppress_counts({"a": 4, "b": 4, "c": 7})
    assert texts(cells) == {"a": SMALL, "b": SMALL, "c": WITHHELD}


def test_two_small_counts_that_cannot_be_told_apart_need_nothing_more():
    # 2 + 3 = 5 hidden: 1+4, 2+3, 3+2 or 4+1.
    cells, total = suppress_counts({"a": 2, "b": 3, "c": 9})
    assert texts(cells) == {"a": SMALL, "b": SMALL, "c": "9"}
    assert str(total) == "14"


def test_a_small_count_and_a_withheld_five_would_still_give_a_one_away_so_the_total_goes():
    # 1 and 5 hidden out of 6: a withheld count is 5 or more, so the small one is 1. Withhold the total.
    cells, total = suppress_counts({"a": 1, "b": 5})
    assert texts(cells) == {"a": SMALL, "b": WITHHELD}
    assert str(total) == WITHHELD


def test_a_small_total_is_itself_less_than_five():
    cells, total = suppress_counts({"a": 3, "b": 0})
    assert texts(cells) == {"a": SMALL, "b": "0"}
    assert str(total) == SMALL


def test_counts_with_no_total_are_only_primary_suppressed():
    cells, total = suppress_counts({"a": 3, "b": 9}, total=False)
    assert texts(cells) == {"a": SMALL, "b": "9"}
    assert total is None


def test_a_table_with_margins_hides_enough_that_no_small_count_follows_from_row_or_column():
    # Quarters across, sectors down. The 2 in (education, Q1) would follow from its row and its column.
    table = suppress_table({"education": {"Q1": 2, "Q2": 7, "Q3": 6}, "police": {"Q1": 8, "Q2": 9, "Q3": 10}})
    shown = {(r, c): str(f) for r, row in table.cells.items() for c, f in row.items()}
    assert shown[("education", "Q1")] == SMALL
    # The row gives it away unless another education cell goes (the 6, the smallest); the column unless the 8 goes.
    assert shown[("education", "Q3")] == WITHHELD
    assert shown[("police", "Q1")] == WITHHELD
    # With police Q1 hidden, police's row would give it away (27 - 9 - 10), so police Q3 closes the rectangle.
    assert shown[("police", "Q3")] == WITHHELD
    assert shown[("education", "Q2")] == "7" and shown[("police", "Q2")] == "9"
    assert str(table.row_totals["education"]) == "15"
    assert str(table.column_totals["Q1"]) == "10"
    assert str(table.grand) == "42"
    assert _no_small_value_can_be_worked_out(
        table, {"education": {"Q1": 2, "Q2": 7, "Q3": 6}, "police": {"Q1": 8, "Q2": 9, "Q3": 10}}
    )


def _no_small_value_can_be_worked_out(table, rows, withheld_up_to=30):
    """Brute force, independent of the module: every filling of the hidden cells consistent with what is shown
    (small ones 1..4, withheld ones 5 and up: a narrower range only helps the reader) leaves each small cell with
    more than one possible value."""
    import itertools

    keys, options = [], []
    for r, row in table.cells.items():
        for c, f in row.items():
            if f.is_hidden:
                keys.append((r, c))
                options.append(range(1, 5) if f.hidden == "small" else range(5, withheld_up_to + 1))
    possible = {k: set() for k in keys}
    for filling in itertools.product(*options):
        trial = {r: dict(row) for r, row in rows.items()}
        for (r, c), v in zip(keys, filling, strict=True):
            trial[r][c] = v
        ok = all(f.is_hidden or sum(trial[r].values()) == int(str(f)) for r, f in table.row_totals.items()) and all(
            f.is_hidden or sum(trial[r][c] for r in trial) == int(str(f)) for c, f in table.column_totals.items()
        )
        if ok:
            for k, v in zip(keys, filling, strict=True):
                possible[k].add(v)
    return all(len(possible[k]) > 1 for k in keys if table.cells[k[0]][k[1]].hidden == "small")


def test_a_zero_row_needs_no_suppression():
    table = suppress_table({"a": {"x": 0, "y": 0}, "b": {"x": 6, "y": 7}})
    assert [str(f) for f in table.cells["a"].values()] == ["0", "0"]
    assert str(table.grand) == "13"


def test_a_single_small_cell_in_a_table_cannot_be_rebuilt_by_brute_force():
    rows = {"a": {"x": 1, "y": 12, "z": 5}, "b": {"x": 9, "y": 6, "z": 14}, "c": {"x": 7, "y": 0, "z": 8}}
    table = suppress_table(rows)
    assert str(table.cells["a"]["x"]) == SMALL
    assert _no_small_value_can_be_worked_out(table, rows, withheld_up_to=9)
    for row in table.cells.values():  # no line with a single hidden cell
        assert sum(f.is_hidden for f in row.values()) != 1
    for col in ("x", "y", "z"):
        assert sum(table.cells[r][col].is_hidden for r in table.cells) != 1
