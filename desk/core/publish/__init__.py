"""Publishing articles to websites (WordPress over its REST API). No Qt here."""
