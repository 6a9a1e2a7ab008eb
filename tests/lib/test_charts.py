"""triage.lib.charts: bar geometry a template only places, each chart with its table."""

from triage.lib.charts import BAR_SPACE, BAR_START, MAX_LABEL, Table, bar_chart, number_text

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
    assert small.text == "fewer than 10"


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
    assert number_text(None) == "fewer than 10"
