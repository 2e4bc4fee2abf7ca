"""Photos in the window: the library, the credit panel, imports and an article's photos."""
