"""Day plans of inspectors and vehicles: the plan model and its independent feasibility checker.

`model` holds what a dispatcher plans with (jobs, inspectors, vehicles, crews, locks, visits
already started) and what a plan is (routes of timed visits, and every job left unserved with
its reason); `travel` the protocol every travel-time source follows; `checker` proves a plan
keeps every hard rule. No solver lives here: the server's planner builds plans, this package
judges them, on the server and in the tests alike.
"""
