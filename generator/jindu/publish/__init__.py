"""Publishing: `jindu site` renders the tree, an engine themes it, jindu finishes the result."""
