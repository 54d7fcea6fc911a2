"""Reading documents from files, feeds and URLs, and storing them."""
