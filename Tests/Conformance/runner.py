"""Runs the conformance suite with unittest and ends with one line `N passed, M failed`.

    runner.py                                   every test_*.py module here
    runner.py test_seed_aerospike_c             one module
    runner.py test_seed_aerospike_py.AerospikePyAsync.test_touch   one test

A test counts as failed when it fails, errors, or is skipped (a conformance test that did
not run proves nothing); a class or module fixture that errors counts as one failure.
The exit status is 0 only when at least one test passed and none failed.
"""

import gc
import signal
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent


class CountingResult(unittest.TextTestResult):
    current = None  # the result of the run in progress, for an interrupted run's summary

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CountingResult.current = self
        self.passed_ids: list[str] = []
        self.failed_ids: dict[str, str] = {}

    def _failed(self, test, why):
        self.failed_ids.setdefault(test.id(), why)

    def _with_diagnostics(self, test, entries, entry_test=None):
        """Appends what the test can tell about its server (its stderr) to the report."""
        extra = getattr(test, "diagnostics", None)
        if callable(extra) and entries and entries[-1][0] is (entry_test or test):
            text = extra()
            if text:
                entries[-1] = (entries[-1][0], entries[-1][1] + text)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed_ids.append(test.id())

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._with_diagnostics(test, self.failures)
        self._failed(test, "failed")

    def addError(self, test, err):
        super().addError(test, err)
        self._with_diagnostics(test, self.errors)
        self._failed(test, "error")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self._with_diagnostics(test, self.failures if failed else self.errors, subtest)
            self._failed(test, "failed")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._failed(test, f"skipped: {reason}")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._failed(test, "expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._failed(test, "unexpected success")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    try:
        import aerospike  # noqa: F401
        import aerospike_py  # noqa: F401
    except ImportError as error:
        print(f"error: {error}; run `make venv` (it installs aerospike==19.3.0 and aerospike-py==0.14.4)")
        print("0 passed, 1 failed")
        return 2

    loader = unittest.TestLoader()
    if argv:
        suite = loader.loadTestsFromNames(argv)
    else:
        suite = loader.discover(str(HERE), pattern="test_*.py", top_level_dir=str(HERE))
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2, resultclass=CountingResult)
    # A terminated run stops like an interrupted one: the servers are stopped on the way out.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    try:
        result = runner.run(suite)
    except KeyboardInterrupt:
        result = CountingResult.current
        print("\ninterrupted", flush=True)
        if result is None:
            print("0 passed, 1 failed", flush=True)
            return 130
        result.failed_ids.setdefault("(interrupted)", "interrupted")
    gc.collect()  # let late warnings (an un-awaited coroutine, say) print before the summary
    passed = len([t for t in result.passed_ids if t not in result.failed_ids])
    failed = len(result.failed_ids)
    sys.stderr.flush()
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
