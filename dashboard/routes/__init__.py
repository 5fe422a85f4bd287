"""Non-page HTTP routes: image and data exports, downloads, slide decks, images, /health.
Imports pages and below."""
