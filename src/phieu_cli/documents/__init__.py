"""Documents: a response laid out like the paper form (layout.py), one renderer per format (docx.py, pdf.py,
html.py, markdown.py), the bundled fonts the PDF embeds and the header is measured with (fonts.py, fontfiles/),
`phieu export` (export.py), the blank form it prints with --blank (blank.py), and `phieu show` (show.py)."""
