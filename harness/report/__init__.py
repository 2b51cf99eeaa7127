"""The run report: its model (report.json), the HTML page and the JUnit file."""
