"""awslogin-helper: from no (or bad) AWS credentials to working short-term ones."""

__version__ = "0.1.0"
