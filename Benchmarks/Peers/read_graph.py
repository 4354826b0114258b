#!/usr/bin/env python3
"""The Python side of compare-read-graph.sh: reads a graph file with the standard library, as a
script would, and prints the wall-clock seconds (file reading included).

    read_graph.py csv EDGES [AGENTS]   csv.reader over the edge list (and agent table): a list of rows
    read_graph.py json FILE            json.load of the JSON graph file
"""
import csv, json, sys, time

start = time.perf_counter()
if sys.argv[1] == "csv":
    tables = []
    for path in sys.argv[2:]:
        with open(path, newline="") as f:
            tables.append(list(csv.reader(f)))
    assert len(tables[0]) > 1
else:
    with open(sys.argv[2]) as f:
        graph = json.load(f)
    assert graph["edges"]
print(time.perf_counter() - start)
