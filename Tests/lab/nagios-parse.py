#!/usr/bin/env python3
"""Reads a monitoring plugin's output on standard input and prints how Nagios tooling parses
it, as JSON: pynag's PluginOutput (summary, long output, performance data) and PerfData
(each metric's label, value, thresholds and validity). Used by the tests of
`mailaudit audit --format nagios`; pynag is installed by scripts/setup.sh into
/opt/mailaudit-test/python (or give PYTHONPATH)."""
import json
import sys

sys.path.insert(0, "/opt/mailaudit-test/python")
from pynag.Utils import PluginOutput  # noqa: E402

output = PluginOutput(sys.stdin.read())
perfdata = output.parsed_perfdata
print(json.dumps({
    "summary": output.summary.strip(),
    "long_output": output.long_output,
    "perfdata_valid": perfdata.is_valid(),
    "metrics": [
        {"label": m.label, "value": m.value, "warn": m.warn, "crit": m.crit, "min": m.min, "max": m.max,
         "valid": m.is_valid()}
        for m in perfdata.metrics
    ],
}))
