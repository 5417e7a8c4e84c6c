"""Planning: read the account, match holdings to groups, list the changes."""
