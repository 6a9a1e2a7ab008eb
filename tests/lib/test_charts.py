"""triage.lib.charts: bar geometry a template only places, each chart with its table."""

import pytest

from triage.lib.charts import (
    BAR_SPACE,
    BAR_START,
    MAX_LABEL,
    PLOT_LEFT,
    PLOT_RIGHT,
    Table,
    bar_chart,
    line_chart,
    number_text,
)

TABLE = Table(caption="People by band", head=("Band", "People"), rows=(("Low", "40"), ("High", "20")))


def _chart(rows, **kwargs):
    return bar_chart(key="k", title="T", description="D", rows=rows, table=TABLE, **kwargs)


def test_the_largest_value_fills_the_bar_space_and_the_rest_scale_to_it():
    chart = _chart([("Low", (40,)), ("High", (20,))])
    widths = [row.bars[0].width for row in chart.rows]
    assert widths == [BAR_SPACE, BAR_SPACE / 2]
    assert all(row.bars[0].x == BAR_START for row in chart.rows)


def test_a_withheld_value_draws_no_bar_and_says_so():
    chart = _chart([("Low", (40,)), ("Small", (None,))])
    small = chart.rows[1].bars[0]
    assert small.width == 0
    assert small.text == "withheld"


def test_two_series_get_a_legend_and_name_each_bar():
    chart = _chart([("Low", (40, 30))], series=("Checklist", "Current"))
    assert [item.text for item in chart.legend] == ["Checklist", "Current"]
    assert [bar.text for bar in chart.rows[0].bars] == ["Checklist: 40", "Current: 30"]
    assert chart.rows[0].bars[0].fill != chart.rows[0].bars[1].fill


def test_a_long_label_is_cut_in_the_chart_and_left_whole_in_the_table():
    label = "A very long council area name that does not fit"
    chart = _chart([(label, (5,))])
    assert len(chart.rows[0].label) <= MAX_LABEL
    assert chart.rows[0].label.endswith("…")
    assert chart.table is TABLE


def test_the_chart_grows_with_its_rows():
    assert _chart([("a", (1,))] * 4).height > _chart([("a", (1,))]).height


def test_numbers_are_written_with_thousands_separators():
    assert number_text(1234567) == "1,234,567"
    assert number_text(None) == "withheld"


LINE_TABLE = Table(caption="Observed against predicted", head=("Decile", "Predicted", "Observed"), rows=())


def _line(series, **kwargs):
    return line_chart(
        key="calibration",
        title="Calibration",
        description="Observed LTU rate against the predicted risk, by decile.",
        series=series,
        x_range=(0, 1),
        y_range=(0, 1),
        x_label="Predicted risk",
        y_label="Observed LTU rate",
        table=LINE_TABLE,
        x_ticks=(0, 0.5, 1),
        y_ticks=(0, 0.5, 1),
        **kwargs,
    )


def test_points_are_placed_on_the_axes_with_higher_values_higher_up():
    chart = _line([("Scorecard", [(0, 0), (1, 1)])])
    line = chart.lines[0]
    assert line.path == f"M{PLOT_LEFT} {chart.plot_bottom} L{PLOT_RIGHT} {chart.plot_top}"
    assert [m.text for m in line.markers] == ["Scorecard: 0, 0", "Scorecard: 1, 1"]
    assert [t.text for t in chart.x_ticks] == ["0", "0.5", "1"]
    assert chart.y_ticks[0].at > chart.y_ticks[-1].at  # SVG's y grows downwards


def test_the_calibration_diagonal_runs_corner_to_corner():
    chart = _line([("Scorecard", [(0.1, 0.2)])], diagonal=True)
    assert chart.reference.path == f"M{PLOT_LEFT} {chart.plot_bottom} L{PLOT_RIGHT} {chart.plot_top}"
    assert _line([("Scorecard", [(0.1, 0.2)])]).reference is None


def test_a_survival_curve_holds_its_value_then_drops():
    chart = _line([("High band", [(0, 1), (0.5, 0.5)])], steps=True)
    middle_x = (PLOT_LEFT + PLOT_RIGHT) / 2
    assert (
        chart.lines[0].path
        == f"M{PLOT_LEFT} {chart.plot_top} H{middle_x:g} V{(chart.plot_top + chart.plot_bottom) / 2:g}"
    )


def test_a_withheld_point_breaks_the_line_and_has_no_marker():
    chart = _line([("Scorecard", [(0, 0), (0.5, None), (1, 1)])])
    assert chart.lines[0].path.count("M") == 2
    assert len(chart.lines[0].markers) == 2


def test_several_series_are_told_apart_by_dashes_and_named_in_a_legend():
    chart = _line([("Training", [(0, 0)]), ("Recorded outcomes", [(1, 1)])])
    assert [item.text for item in chart.legend] == ["Training", "Recorded outcomes"]
    assert chart.lines[0].dash != chart.lines[1].dash


def test_an_empty_axis_range_is_refused():
    with pytest.raises(ValueError, match="range"):
        line_chart(
            key="k",
            title="T",
            description="D",
            series=[],
            x_range=(1, 1),
            y_range=(0, 1),
            x_label="x",
            y_label="y",
            table=LINE_TABLE,
            x_ticks=(),
            y_ticks=(),
        )
