"""SVG chart geometry (bars, line and step charts), worked out in Python so templates only place what they get.

The CSP forbids inline styles and scripts, so every bar's size is an SVG geometry attribute. Every
chart carries a table holding the same numbers: no chart is the only way to read a figure. A
withheld value (None) draws nothing, so its size cannot be read off the picture. Plain Python.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# One word for every withheld figure, small or withheld to protect another: saying which would
# tell a reader more than disclosure control allows for (triage/lib/disclosure.py).
WITHHELD = "withheld"


def number_text(value: int | None, withheld: str = WITHHELD) -> str:
    """A count as the page writes it: 1,234, or the words for a withheld count."""
    return withheld if value is None else f"{value:,}"


# Chart geometry, in SVG user units: the SVG scales to its column through its viewBox.

WIDTH = 640
FONT_SIZE = 16  # about 15px in a two-thirds column on a desktop, 17px full width at 768px
LABEL_END = 252  # labels are right-aligned here
BAR_START = 260
BAR_SPACE = 200  # the longest bar; the rest of the width (180) holds its value, up to about 21 characters
BAR_HEIGHT = 22
BAR_GAP = 12
LEGEND_HEIGHT = 36
MAX_LABEL = 31  # characters; longer labels are cut in the chart and given in full in the table
TEXT = "#0b0c0c"  # GOV.UK black: 19:1 on white
# Two series are told apart by shape as well as colour (hollow against solid) and every bar is
# labelled with its series in words; both outlines are over 3:1 against white (WCAG 1.4.11).
SERIES_STYLES = (
    {"fill": "#1d70b8", "stroke": "#1d70b8"},  # GOV.UK blue, 5.2:1 on white
    {"fill": "#ffffff", "stroke": "#0b0c0c"},
)


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: float
    height: int
    fill: str
    stroke: str
    text: str  # the value in words, beside the bar
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Legend:
    x: int
    text: str
    fill: str
    stroke: str

    @property
    def text_x(self) -> int:
        return self.x + 26


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    head: tuple[str, ...]  # the first column holds row headers
    rows: tuple[tuple[str, ...], ...]
    foot: tuple[str, ...] | None = None
    numeric_from: int = 1  # columns from this one on are numbers, aligned right

    @property
    def wide(self) -> bool:
        """Five columns or more: set in smaller type, so the table fits 768px without scrolling."""
        return len(self.head) >= 5

    @property
    def body(self) -> tuple[tuple[tuple[str, bool], ...], ...]:
        """Each row's cells with whether each is numeric, for the template."""
        return tuple(tuple((cell, i >= self.numeric_from) for i, cell in enumerate(row)) for row in self.rows)

    @property
    def header(self) -> tuple[tuple[str, bool], ...]:
        return tuple((cell, i >= self.numeric_from) for i, cell in enumerate(self.head))

    @property
    def footer(self) -> tuple[tuple[str, bool], ...]:
        return tuple((cell, i >= self.numeric_from) for i, cell in enumerate(self.foot or ()))


@dataclass(frozen=True)
class Chart:
    key: str  # id stem: the heading is "<key>-heading"
    title: str
    description: str
    height: int
    rows: tuple[Row, ...]
    legend: tuple[Legend, ...]
    table: Table
    table_open: bool = False  # show the table under the chart rather than behind a toggle

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def axis_x(self) -> int:
        return BAR_START

    @property
    def label_end(self) -> int:
        return LABEL_END

    @property
    def font_size(self) -> int:
        return FONT_SIZE

    @property
    def axis_top(self) -> int:
        return LEGEND_HEIGHT if self.legend else 0


def bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    rows: list[tuple[str, tuple[int | None, ...]]],
    series: tuple[str, ...] = ("",),
    texts: list[tuple[str, ...]] | None = None,
    table: Table,
    table_open: bool = False,
) -> Chart:
    """Horizontal bars, one group per row and one bar per series, scaled to the largest shown value.

    A withheld value (None) draws no bar at all, so its size cannot be read off the picture.
    """
    values = [v for _, row_values in rows for v in row_values if v is not None]
    largest = max(values, default=0)
    top = LEGEND_HEIGHT if len(series) > 1 else 0
    group_height = BAR_HEIGHT * len(series) + 2 * (len(series) - 1)
    chart_rows = []
    for i, (label, row_values) in enumerate(rows):
        y = top + BAR_GAP // 2 + i * (group_height + BAR_GAP)
        bars = []
        for j, value in enumerate(row_values):
            bar_y = y + j * (BAR_HEIGHT + 2)
            width = round(BAR_SPACE * value / largest, 1) if value and largest else 0
            text = texts[i][j] if texts else number_text(value)
            prefix = f"{series[j]}: " if series[j] else ""
            style = SERIES_STYLES[j % len(SERIES_STYLES)] if len(series) > 1 else SERIES_STYLES[0]
            bars.append(
                Bar(
                    x=BAR_START,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    fill=style["fill"],
                    stroke=style["stroke"],
                    text=prefix + text,
                    text_x=BAR_START + width + 6,
                    text_y=bar_y + BAR_HEIGHT / 2,
                )
            )
        short = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"
        chart_rows.append(Row(short, y + group_height / 2, tuple(bars)))
    legend: tuple[Legend, ...] = ()
    if len(series) > 1:
        legend = tuple(
            Legend(BAR_START + k * 160, name, **SERIES_STYLES[k % len(SERIES_STYLES)]) for k, name in enumerate(series)
        )
    height = top + len(rows) * (group_height + BAR_GAP)
    return Chart(key, title, description, height, tuple(chart_rows), legend, table, table_open)


# Line charts: a calibration plot (observed against predicted risk, beside the diagonal of perfect
# calibration) and survival curves (the share still out of work over time, drawn as steps).

PLOT_LEFT = 64  # room for the y axis's tick labels
PLOT_RIGHT = WIDTH - 16
PLOT_TOP = LEGEND_HEIGHT
PLOT_HEIGHT = 320
AXIS_ROOM = 56  # below the plot: the x axis's tick labels and its title
# Dashes tell series apart without colour, as shape does for bars (WCAG 1.4.1).
LINE_STYLES = (
    {"stroke": "#1d70b8", "dash": ""},  # GOV.UK blue, solid
    {"stroke": "#0b0c0c", "dash": "8 4"},
    {"stroke": "#1d70b8", "dash": "2 3"},
    {"stroke": "#0b0c0c", "dash": "12 3 2 3"},
)
REFERENCE_STYLE = {"stroke": "#505a5f", "dash": "4 4"}  # GOV.UK dark grey, 7:1 on white


@dataclass(frozen=True)
class Tick:
    at: float  # SVG coordinate along its axis
    text: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    text: str  # the point in words, for its <title>


@dataclass(frozen=True)
class Line:
    name: str
    path: str  # an SVG path's d; empty when every point is withheld
    stroke: str
    dash: str
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class LineChart:
    key: str
    title: str
    description: str
    x_label: str
    y_label: str
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    legend: tuple[Legend, ...]
    table: Table
    reference: Line | None = None  # the diagonal of perfect calibration, say
    table_open: bool = False

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return PLOT_TOP + PLOT_HEIGHT + AXIS_ROOM

    @property
    def plot_left(self) -> int:
        return PLOT_LEFT

    @property
    def plot_right(self) -> int:
        return PLOT_RIGHT

    @property
    def plot_top(self) -> int:
        return PLOT_TOP

    @property
    def plot_bottom(self) -> int:
        return PLOT_TOP + PLOT_HEIGHT

    @property
    def font_size(self) -> int:
        return FONT_SIZE


Point = tuple[float, float | None]  # (x, y); y None: withheld, so the line breaks there


def line_chart(
    *,
    key: str,
    title: str,
    description: str,
    series: Sequence[tuple[str, Sequence[Point]]],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    x_label: str,
    y_label: str,
    table: Table,
    x_ticks: Sequence[float],
    y_ticks: Sequence[float],
    tick_text: Callable[[float], str] = lambda value: f"{value:g}",
    steps: bool = False,
    diagonal: bool = False,
    table_open: bool = False,
) -> LineChart:
    """Lines through each series' points on shared axes, each point marked and titled.

    `steps` draws a survival curve: the value holds until the next point, then drops. A withheld
    point (y None) breaks the line, so nothing is drawn that the table does not show. `diagonal`
    adds y = x, the line a perfectly calibrated model's points would lie on.
    """
    x_low, x_high = x_range
    y_low, y_high = y_range
    if not (x_high > x_low and y_high > y_low):
        raise ValueError("each axis needs a range from low to high")

    def sx(x: float) -> float:
        return round(PLOT_LEFT + (x - x_low) / (x_high - x_low) * (PLOT_RIGHT - PLOT_LEFT), 1)

    def sy(y: float) -> float:
        return round(PLOT_TOP + PLOT_HEIGHT - (y - y_low) / (y_high - y_low) * PLOT_HEIGHT, 1)

    lines = []
    for k, (name, points) in enumerate(series):
        style = LINE_STYLES[k % len(LINE_STYLES)]
        lines.append(
            Line(
                name=name,
                path=_path([(sx(x), None if y is None else sy(y)) for x, y in points], steps=steps),
                stroke=style["stroke"],
                dash=style["dash"],
                markers=tuple(
                    Marker(sx(x), sy(y), f"{name + ': ' if name else ''}{tick_text(x)}, {tick_text(y)}")
                    for x, y in points
                    if y is not None
                ),
            )
        )
    reference = None
    if diagonal:
        low, high = max(x_low, y_low), min(x_high, y_high)
        reference = Line(
            "Perfect calibration",
            _path([(sx(low), sy(low)), (sx(high), sy(high))], steps=False),
            REFERENCE_STYLE["stroke"],
            REFERENCE_STYLE["dash"],
            (),
        )
    legend: tuple[Legend, ...] = ()
    if len(series) > 1:
        legend = tuple(
            Legend(PLOT_LEFT + k * 160, line.name, fill="none", stroke=line.stroke) for k, line in enumerate(lines)
        )
    return LineChart(
        key=key,
        title=title,
        description=description,
        x_label=x_label,
        y_label=y_label,
        lines=tuple(lines),
        x_ticks=tuple(Tick(sx(x), tick_text(x)) for x in x_ticks),
        y_ticks=tuple(Tick(sy(y), tick_text(y)) for y in y_ticks),
        legend=legend,
        table=table,
        reference=reference,
        table_open=table_open,
    )


def _path(points: Sequence[tuple[float, float | None]], *, steps: bool) -> str:
    """An SVG path through the points, restarting (M) after each withheld one."""
    parts: list[str] = []
    previous: tuple[float, float] | None = None
    for x, y in points:
        if y is None:
            previous = None
            continue
        if previous is None:
            parts.append(f"M{x:g} {y:g}")
        elif steps:
            parts.append(f"H{x:g} V{y:g}")
        else:
            parts.append(f"L{x:g} {y:g}")
        previous = (x, y)
    return " ".join(parts)
