"""Pure building blocks: UI texts, number formats, units, peers, the URL state. Imports nothing of the dashboard."""
