// Tests land in the next commits.
