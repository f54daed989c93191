"""phieu: turn an official Vietnamese paper questionnaire into a guided, validated, resumable interview."""

__version__ = "0.1.0"
