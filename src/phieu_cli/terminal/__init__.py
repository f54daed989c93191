"""The terminal: coloured output through rich (console.py, the one module that imports rich) and the
problem reporters (text lines or JSON) that every command prints with."""
