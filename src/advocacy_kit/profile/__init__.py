"""The organisation profile: who letters and posts are from, typed once."""
