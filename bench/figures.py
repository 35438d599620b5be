"""One line per figure, `bench <name> <value> <unit> (limit <limit>)`, and whether each holds."""

import math
import sys
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    limit: float
    # "max": value must not exceed limit; "equal": value must equal it (e.g. SMTP connections).
    compare: str = "max"

    @property
    def holds(self):
        if math.isnan(self.value):
            return False
        if self.compare == "equal":
            return self.value == self.limit
        return self.value <= self.limit

    def line(self):
        def fmt(number):
            return f"{number:g}" if float(number).is_integer() else f"{number:.2f}"

        limit = f"= {self.limit:g}" if self.compare == "equal" else f"{self.limit:g}"
        if self.limit == float("inf"):
            limit = "none: for the record"
        return f"bench {self.name} {fmt(self.value)} {self.unit} (limit {limit})"


class Report:
    def __init__(self):
        self.figures = []

    def add(self, name, value, unit, limit, compare="max"):
        figure = Figure(name, value, unit, limit, compare)
        self.figures.append(figure)
        print(figure.line() + ("" if figure.holds else "  OVER THE LIMIT"), flush=True)
        return figure

    def note(self, text):
        """Context for a reader (absolute times, sizes), not a figure: goes to stderr."""
        print(f"  {text}", file=sys.stderr, flush=True)

    @property
    def failed(self):
        return [figure for figure in self.figures if not figure.holds]
