"""Responses: the file an official sends (format.py), read strictly (jsonfile.py), checked against its form
(validation.py, the one place that decides what is valid), `phieu validate` over files and folders
(checkfiles.py), and the response format as a JSON Schema (json_schema.py)."""
