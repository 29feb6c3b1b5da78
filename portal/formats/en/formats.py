"""The meeting day of a place to belong; every other format comes from Django's own module."""

MEETING_DAY_FORMAT = "D j M"
