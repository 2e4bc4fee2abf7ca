"""The live preview: the website's own page in a web view."""
