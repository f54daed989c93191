"""XLSForm platforms (KoBoToolbox, ODK, SurveyCTO): plan.py (field names and conditions as XPath, shared),
writer.py (`phieu schema xlsform`), reader.py with xpath.py (`phieu schema from-xlsform`), submissions.py
(`phieu import`), commands.py (the three commands)."""
