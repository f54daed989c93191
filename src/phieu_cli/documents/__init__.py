"""Documents: a response laid out like the paper form (layout.py), one renderer per format (docx.py, html.py,
markdown.py), `phieu export` (export.py) and `phieu show` (show.py)."""
