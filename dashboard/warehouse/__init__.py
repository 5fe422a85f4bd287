"""Reading the warehouse: the query runner and the selectors derived from it, cached per data version. Imports core."""
