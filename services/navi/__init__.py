"""相談先ナビ: a few plain questions about a household lead to the windows to talk to first, ways to connect and
activities nearby, with the general consultation window always there. 相談メモ prints the answer to show at a
counter, in the visitor's language beside Japanese.

Everything travels in the URL (GET), so a result can be shared, bookmarked and used without JavaScript.
"""
