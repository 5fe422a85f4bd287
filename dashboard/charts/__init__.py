"""Charts: pure figure builders and the chart a view names. Imports warehouse and core."""
