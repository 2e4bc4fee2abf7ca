"""The article editor: headline, standfirst and the Markdown body, with autosave."""
