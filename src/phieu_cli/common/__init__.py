"""Shared helpers at the bottom of every part: Vietnamese text, safe file reading and atomic writes,
the exceptions that become exit codes, the Problem record every check reports, and the language of a command
with the English of its messages (messages.py)."""
