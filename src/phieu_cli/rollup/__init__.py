"""The roll-up of `phieu summary`: counting the returns (analysis.py), the command and its terminal report
(report.py), the tables as XLSX or CSV files (sheets.py), and the returns regrouped by another dated set of
provinces for `--by` (regroup.py)."""
