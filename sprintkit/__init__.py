"""sprintkit: run service-sprint workshops from a laptop, end with a roadmap."""

__version__ = "0.1.0"
