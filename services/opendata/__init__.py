"""Open data (CONTRACT §6): the directory and places as spreadsheets anyone may reuse (CC BY 4.0), the same files
taken back in by the imports, and Open Referral HSDS 3.0.

tables.py reads and writes the files (tablib, openpyxl); each export/import pair lives in its own module
(directory.py for the programs)."""
