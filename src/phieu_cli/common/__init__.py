"""Shared helpers at the bottom of every part: Vietnamese text, safe file reading and atomic writes,
the exceptions that become exit codes, and the Problem record every check reports."""
