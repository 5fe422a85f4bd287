"""Charts: pure functions from a pandas DataFrame to a Plotly figure, one module per chart kind (trend, ranking,
sparkline, maps, index) on a shared theme, and the chart a view names (views). Nothing here runs a query; the
figures are built from graph_objects traces directly (no plotly.express), as they sit on the callbacks' hot path.
Imports warehouse and core."""
