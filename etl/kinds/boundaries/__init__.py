"""The boundaries kind: GeoJSON/TopoJSON municipality boundaries (geojson.py) and their loader."""
