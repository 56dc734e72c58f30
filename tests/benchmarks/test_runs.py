"""Timing runs fairly: `time_in_turns` and `timing`."""

from locate_label_allennlp.benchmarking.runs import time_in_turns, timing


def test_runs_take_turns_after_one_warm_up_each():
    calls = []
    seconds = time_in_turns({name: lambda name=name: calls.append(name) for name in "ab"}, 2)
    assert calls == ["a", "b", "a", "b", "a", "b"]
    assert [len(runs) for runs in seconds.values()] == [2, 2]
    assert all(run >= 0 for runs in seconds.values() for run in runs)


def test_timing_is_the_median_run_and_its_sentences_per_second():
    assert timing([3.0, 1.0, 2.0], 10) == {
        "median_seconds": 2.0,
        "runs_seconds": [3.0, 1.0, 2.0],
        "sentences_per_second": 5.0,
    }
