"""Print the adversarial table (cheats held, faults handled, kills survived) at the end of every run."""

ATTRIBUTE = "vaelab_adversarial_table"  # set on the config by test_adversarial.py's fixture


def pytest_terminal_summary(terminalreporter, config):
    table = getattr(config, ATTRIBUTE, None)
    if table:
        rows, summary = table
        terminalreporter.write_sep("=", "adversarial corpora (tests/adversarial)")
        terminalreporter.write_line(rows)
        terminalreporter.write_line(summary)
