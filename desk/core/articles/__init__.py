"""Articles: editing and revisions, categories, bylines, the checklist and the release rule,
Markdown import, search and the first screen."""
