"""Applying: carry out a plan's changes, wait for orders, report."""
