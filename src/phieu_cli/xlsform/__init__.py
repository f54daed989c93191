"""XLSForm platforms (KoBoToolbox, ODK, SurveyCTO): plan.py (field names and conditions as XPath, shared),
writer.py (`phieu schema xlsform`), submissions.py (`phieu import`)."""
