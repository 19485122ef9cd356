"""`make bench`: the benchmark's data set (data.py), the runner (run.py), a hello-world."""
