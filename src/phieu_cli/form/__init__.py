"""The form language: a paper form as YAML (model.py), read with line numbers (yamlsource.py), checked
(check.py), its conditions (conditions.py), single values (values.py) and built-in option sets (optionsets.py)."""
