"""The roll-up of `phieu summary`: counting the returns (analysis.py), the command and its terminal report
(report.py), and the tables as XLSX or CSV files (sheets.py)."""
