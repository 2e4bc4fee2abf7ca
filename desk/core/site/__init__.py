"""The site: its settings, the pages drawn from the database, URLs, icons and demo content."""
