"""Server-drawn SVG charts: geometry computed here, drawn by templates/actionplans/_chart_*.html.

Every chart has a title, a description and a data table beside it, so nothing depends on colour
or on seeing the picture.
"""

FILL = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c", "grey": "#505a5f", "blue": "#1d70b8"}
FILL_BY_STATUS = {"cancelled": "#b1b4b6"}

LABEL_WIDTH = 60
BAR_WIDTH = 520
ROW_HEIGHT = 28
BAR_HEIGHT = 18


def rag_bars(rows):
    """rows: [(label, segments)] where segments come from selectors._segments. One stacked bar each."""
    bars = []
    for index, (label, segments) in enumerate(rows):
        total = sum(s["n"] for s in segments)
        x = LABEL_WIDTH
        rects = []
        for segment in segments:
            if not segment["n"]:
                continue
            width = BAR_WIDTH * segment["n"] / total
            rects.append(
                {
                    "x": round(x, 1),
                    "width": round(width, 1),
                    "fill": FILL_BY_STATUS.get(segment["status"], FILL[segment["colour"]]),
                    "title": f"{segment['label']}: {segment['n']}",
                }
            )
            x += width
        bars.append(
            {
                "label": label,
                "y": index * ROW_HEIGHT + 4,
                "text_y": index * ROW_HEIGHT + 18,
                "rects": rects,
                "total": total,
                "total_x": LABEL_WIDTH + BAR_WIDTH + 6,
            }
        )
    return {
        "bars": bars,
        "height": len(rows) * ROW_HEIGHT + 8,
        "width": LABEL_WIDTH + BAR_WIDTH + 50,
        "bar_height": BAR_HEIGHT,
    }


def progress_bars(rows):
    """rows: [(label, percent)]. A track and a filled bar each, labelled with the percentage."""
    bars = []
    for index, (label, percent) in enumerate(rows):
        bars.append(
            {
                "label": label,
                "percent": percent,
                "y": index * ROW_HEIGHT + 4,
                "text_y": index * ROW_HEIGHT + 18,
                "width": round(BAR_WIDTH * percent / 100, 1),
                "value_x": LABEL_WIDTH + BAR_WIDTH + 6,
            }
        )
    return {
        "bars": bars,
        "height": len(rows) * ROW_HEIGHT + 8,
        "width": LABEL_WIDTH + BAR_WIDTH + 50,
        "bar_height": BAR_HEIGHT,
        "track_x": LABEL_WIDTH,
        "track_width": BAR_WIDTH,
    }


def legend():
    from .models import Action

    return [
        {
            "label": f"{label} ({Action.RAG[value][0]})" if Action.RAG[value][0] != label else label,
            "fill": FILL_BY_STATUS.get(value, FILL[Action.RAG[value][1]]),
        }
        for value, label in Action.Status.choices
    ]
