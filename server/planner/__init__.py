"""The dispatch planner: records -> plan problem -> routing engine -> a checked proposal.

`engine` is our small interface to the routing engine (PyVRP); `travel` and `ferry` the
default travel-time sources; `crews` pairs inspectors with vehicles; `screening` finds the
jobs no crew can serve and says why; `builder` turns a plan problem into a routing problem;
`timeline` times the engine's routes with the real travel source; `planning` ties them
together and returns only plans `domain.planning.checker` accepts; `day` reads a day's
records into a plan problem; `proposals` stores proposals and applies them.
"""
