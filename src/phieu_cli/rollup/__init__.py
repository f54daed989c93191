"""The roll-up of `phieu summary`: counting the returns (analysis.py), the command and its terminal report
(report.py), the overview, the Vietnamese order of provinces and unreadable files named by province
(overview.py), the tables as XLSX (with the overview and charts) or CSV files (sheets.py), and the returns
regrouped by another dated set of provinces for `--by` (regroup.py)."""
