#!/usr/bin/env python3
"""Tests of judge.py's rss rule: python3 bench/soak/test_judge.py (run by .ci/run before the soak)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from judge import rss_verdict  # noqa: E402


def samples(*mb, start=15, step=2):
    return [(start + i * step, value) for i, value in enumerate(mb)]


class RssRule(unittest.TestCase):
    def test_a_peak_that_falls_back_is_not_a_leak(self):
        # The Undertow samples of the CI run that failed on the peak rule (t 15-30 s).
        verdict = rss_verdict(samples(191, 189, 185, 186, 201, 186, 179))
        self.assertTrue(verdict["ok"], verdict["text"])
        self.assertEqual(201, verdict["max_second"])

    def test_a_steady_leak_fails(self):
        # 1.5 MB/s over 30 s: the second half's level is far above the first's.
        verdict = rss_verdict(samples(*[180 + 3 * i for i in range(16)]))
        self.assertFalse(verdict["ok"], verdict["text"])

    def test_growth_late_in_the_run_fails_on_the_last_sample(self):
        verdict = rss_verdict(samples(180, 181, 180, 182, 181, 183, 182, 205))
        self.assertFalse(verdict["ok"], verdict["text"])

    def test_a_flat_run_passes_and_reports_its_figures(self):
        verdict = rss_verdict(samples(180, 182, 181, 183, 182, 181))
        self.assertTrue(verdict["ok"], verdict["text"])
        self.assertIn("allowed 191.0", verdict["text"])

    def test_the_margin_can_be_set(self):
        self.assertFalse(rss_verdict(samples(180, 180, 180, 186, 186, 186), margin_mb=5)["ok"])
        self.assertTrue(rss_verdict(samples(180, 180, 180, 186, 186, 186), margin_mb=7)["ok"])


if __name__ == "__main__":
    unittest.main()
