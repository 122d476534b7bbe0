"""A chart's description reads as a person would write it: each class below was found reading
the descriptions of every chart read in docbank-dev and rjss-dev (a level series "stays from
0.7254 to 0.7254, peaking at 0.7254", "2.785e+04", a unit after every number, one legend name
twice for the panels of one figure)."""
from __future__ import annotations

import re

from mmsum.document import ChartAxis, ChartSeries
from mmsum.ingest.figure_description import chart_description

X = ChartAxis("Day of trial", None, "linear", (0.0, 40.0))
Y = ChartAxis("Battery voltage", "V", "linear", (0.0, 5.0))


def _line(ys: list[float], name: str | None = None) -> ChartSeries:
    return ChartSeries(name, [(float(i), y) for i, y in enumerate(ys)])


def test_a_level_series_stays_at_its_value():
    d = chart_description("line", {"x": X, "y": Y}, [_line([0.7254, 0.7254, 0.7254])])
    assert d.endswith("It stays at 0.7254 V."), d


def test_a_series_that_ends_where_it_starts_says_so_and_gives_its_peak():
    d = chart_description("line", {"x": X, "y": Y}, [_line([0.0, 0.1057, 0.0])])
    assert d.endswith("It starts and ends at 0 V, peaking at 0.1057 V."), d


def test_a_peak_at_either_end_is_not_given_again():
    falls = chart_description("line", {"x": X, "y": Y}, [_line([4.2, 3.9, 3.6])])
    rises = chart_description("line", {"x": X, "y": Y}, [_line([3.6, 3.9, 4.2])])
    assert falls.endswith("It falls from 4.2 to 3.6 V.") and rises.endswith("It rises from 3.6 to 4.2 V."), (falls, rises)
    peaks = chart_description("line", {"x": X, "y": Y}, [_line([3.6, 4.5, 4.2])])
    assert peaks.endswith("It rises from 3.6 to 4.2 V, peaking at 4.5 V."), peaks


def test_large_and_small_numbers_are_written_out_and_never_negative_zero():
    y = ChartAxis("Steps", None, "linear", (0.0, 7e5))
    d = chart_description("line", {"x": X, "y": y}, [_line([27853.0, 638000.0], "iKBSF"), _line([-0.0, -0.0], "SARSA")])
    assert "e+" not in d and not re.search(r"[−-]0(?![.\d])", d), d
    assert "iKBSF ends highest, near 638,000; SARSA ends lowest, near 0." in d, d
    small = chart_description("line", {"x": X, "y": ChartAxis("Density", None, "linear", (0.0, 1e-4))},
                              [_line([1.234e-5, 2e-5])])
    assert small.endswith("It rises from 0.00001234 to 0.00002."), small


def test_a_range_of_no_width_is_left_out():
    x = ChartAxis("Load", "kW", "linear", (-0.0, 0.0))
    d = chart_description("line", {"x": x, "y": Y}, [_line([1.0, 2.0])])
    assert d.startswith("Line chart of Battery voltage (V) against Load (kW). "), d


def test_a_unit_is_given_once_for_a_span_and_a_percent_sign_is_set_close():
    y = ChartAxis("Power", "%", "linear", (0.0, 100.0))
    d = chart_description("line", {"x": X, "y": y}, [_line([41.2, 68.8, 61.3])])
    assert d.endswith("It rises from 41.2 to 61.3%, peaking at 68.8%."), d


def test_panels_repeating_their_legend_name_each_series_once():
    series = [_line([1.0, 2.0], "KBRL"), _line([1.0, 1.5], "KBSF"), _line([3.0, 4.0], "KBRL"), _line([3.0, 0.5], "KBRL")]
    d = chart_description("line", {"x": X, "y": Y}, series)
    assert "for 4 series: KBRL, KBSF." in d, d
    assert "KBRL ends highest" not in d or "KBRL ends lowest" not in d, d


def test_a_heat_map_is_not_told_as_series():
    d = chart_description("heatmap", {"x": X, "y": Y}, [_line([925.1, 925.6]), _line([1.0, 2.0])])
    assert d == "Heat map of Battery voltage (V) against Day of trial (0–40).", d


def test_a_value_read_a_hair_off_zero_is_zero():
    y = ChartAxis("Relative log-likelihood", None, "linear", (-40.0, 0.0))
    d = chart_description("line", {"x": X, "y": y}, [_line([-5.001e-11, -1.4e-14, -6.97, -5.001e-11])])
    assert d.endswith("It starts and ends at 0, dipping to −6.97."), d


def test_bars_on_a_numeric_axis_give_the_value_then_where_it_stands():
    x = ChartAxis("Fraction of stimulation", None, "linear", (0.0, 0.35))
    y = ChartAxis("Fraction of seizures", None, "linear", (0.0, 0.02))
    series = [ChartSeries("LSPI", [(0.06638, 0.01245), (0.2, 0.008)]), ChartSeries("KBSF", [(0.2048, 0.00597)])]
    d = chart_description("bar", {"x": x, "y": y}, series)
    assert d.endswith("The largest is 0.01245 at 0.06638 (LSPI); the smallest 0.00597 at 0.2048 (KBSF)."), d


def test_a_name_ending_in_a_period_ends_the_sentence_once():
    d = chart_description("histogram", {"x": X, "y": Y}, [ChartSeries("Poisson", [(0.0, 1.0), (1.0, 2.0)]),
                                                         ChartSeries("emp.", [(0.0, 1.5)])])
    assert ".." not in d and "for 2 series: Poisson, emp. The largest" in d, d


def test_values_on_an_axis_of_tiny_span_take_a_power_of_ten():
    y = ChartAxis("Relative log-likelihood", None, "linear", (-5e-11, -1e-11))
    d = chart_description("line", {"x": X, "y": y}, [_line([-5.0008e-11, -1.4e-14, -5.0008e-11])])
    assert d.endswith("It starts and ends at −5.001×10⁻¹¹, peaking at −1.4×10⁻¹⁴."), d


def test_bars_each_in_its_own_colour_without_a_legend_are_one_series():
    y = ChartAxis("share of daily energy", "%", "linear", (0.0, 80.0))
    bars = [ChartSeries(None, [(c, v)]) for c, v in (("Transmit", 61.0), ("Sleep", 22.0), ("Receive", 3.0))]
    d = chart_description("bar", {"y": y}, bars)
    assert d.startswith("Bar chart of share of daily energy (%) over 3 categories (Transmit, Sleep, Receive). ")
    assert "series" not in d and "Transmit (61%)" in d
    two = [ChartSeries("2019", [("a", 1.0), ("b", 2.0)]), ChartSeries("2020", [("a", 2.0), ("b", 3.0)])]
    assert "for 2 series: 2019, 2020" in chart_description("bar", {"y": y}, two)


def test_a_field_without_series_is_told_from_its_axis_titles():
    # arXiv 1607.01329's Figure 2: a heat map whose axes are read and whose data are pixels
    x = ChartAxis("Coordinate along the loop", "100 km", "linear", (0.0, 200.0))
    y = ChartAxis("Time", "s", "linear", (0.0, 600.0))
    d = chart_description("heatmap", {"x": x, "y": y}, [])
    assert d == "Heat map of Time (s) against Coordinate along the loop (100 km) (0–200).", d
