"""The planner's and checker's sentences with record ids replaced by what people call them.

>>> job = "01a1998e-440d-7c36-8033-518c3e45bb10"
>>> readable(f"Job {job} needs skill nawi.", {job: "KL-0001"})
'Job KL-0001 needs skill nawi.'
"""

import re

#: A record id: a UUID.
RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def readable(text, names):
    """`text` with every id found in `names` replaced by its name."""
    return RECORD_ID.sub(lambda found: names.get(found.group(0), found.group(0)), text)


def proposal_names(proposal):
    """{id: name} of the jobs, inspectors and vehicles a proposal speaks of."""
    names = {gap["job_id"]: gap["label"] for gap in proposal["unserved"]}
    for route in proposal["routes"]:
        names[route["vehicle_id"]] = route["plate"]
        names.update({person["id"]: person["name"] for person in route["inspectors"]})
        names.update({visit["job_id"]: visit["label"] for visit in route["visits"]})
    return names
