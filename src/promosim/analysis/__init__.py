"""Analysis of results folders: survival, spirals, tipping points, policy comparison, the report.

One job per module: :mod:`~promosim.analysis.results` reads a results folder,
:mod:`~promosim.intervals` computes confidence intervals,
:mod:`~promosim.analysis.comparison` differences against the baseline,
:mod:`~promosim.analysis.money` money a year, the cost of turnover and the return on cost,
:mod:`~promosim.analysis.survival` promoter tenure and relationship duration,
:mod:`~promosim.analysis.spirals` failure–distrust spirals, :mod:`~promosim.analysis.tipping` the
tipping-point map, :mod:`~promosim.analysis.figures` the charts, :mod:`~promosim.analysis.wording`
numbers and sentences, :mod:`~promosim.analysis.page` the HTML page and
:mod:`~promosim.analysis.report` the report's tables and files. Methods: ``docs/analysis.md``.
"""
