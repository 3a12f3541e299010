"""Judging student work with each week's pytest autograder."""
