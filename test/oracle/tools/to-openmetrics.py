#!/usr/bin/python3
"""Re-encodes a Prometheus text exposition (stdin) as OpenMetrics (stdout) with the official
Python client (Debian's python3-prometheus-client): its text parser reads the families, its
OpenMetrics encoder writes them (# EOF, `unknown` for untyped, counter families without _total)."""
import sys
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.openmetrics.exposition import generate_latest


class Families:
    def __init__(self, text):
        self.families = list(text_string_to_metric_families(text))

    def collect(self):
        return self.families


sys.stdout.write(generate_latest(Families(sys.stdin.read())).decode('utf-8'))
