"""harness: find which code inside an Android app reads personal data before consent."""

__version__ = "0.1.0"
