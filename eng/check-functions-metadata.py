#!/usr/bin/env python3
"""Checks the functions.metadata that the Functions SDK generated against the source: every [Function] method is listed
under its name, with the trigger its parameter declares (and a durableClient binding where it takes one), and nothing
else is listed. The host indexes functions from this file, so a function missing here never runs in Azure.

usage: check-functions-metadata.py <functions project dir> <functions.metadata>"""
import json
import pathlib
import re
import sys

TRIGGERS = {
    "HttpTrigger": "httpTrigger",
    "TimerTrigger": "timerTrigger",
    "QueueTrigger": "queueTrigger",
    "OrchestrationTrigger": "orchestrationTrigger",
    "ActivityTrigger": "activityTrigger",
    "EntityTrigger": "entityTrigger",
}
FUNCTION = re.compile(r'\[Function\((?:nameof\((?P<nameof>[A-Za-z_][\w.]*)\)|"(?P<literal>[^"]+)")\)\]')
SIGNATURE_END = re.compile(r"\)\s*(=>|\{|$)", re.M)


def declared(project: pathlib.Path) -> dict[str, set[str]]:
    """name -> binding types, from each [Function] attribute and the method signature after it."""
    found: dict[str, set[str]] = {}
    for source in sorted(project.rglob("*.cs")):
        if {"bin", "obj"} & set(source.relative_to(project).parts):
            continue
        text = source.read_text(encoding="utf-8")
        for match in FUNCTION.finditer(text):
            name = match.group("literal") or match.group("nameof").split(".")[-1]
            rest = text[match.end():]
            # The signature: up to the first ')' that closes the parameter list before a body or arrow.
            signature = rest[: SIGNATURE_END.search(rest).end()]
            bindings = {binding for attribute, binding in TRIGGERS.items() if f"[{attribute}" in signature}
            if "[DurableClient" in signature:
                bindings.add("durableClient")
            if name in found:
                sys.exit(f"functions.metadata check: function name {name} is declared twice ({source})")
            found[name] = bindings
    return found


def main() -> int:
    project, metadata_file = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
    listed = {f["name"]: {b["type"] for b in f["bindings"]} for f in metadata}
    expected = declared(project)
    problems = []
    for name, bindings in sorted(expected.items()):
        triggers = {b for b in bindings if b.endswith("Trigger")}
        if len(triggers) != 1:
            problems.append(f"{name}: the source declares {len(triggers)} triggers ({sorted(triggers)})")
        if name not in listed:
            problems.append(f"{name}: declared with [Function] but missing from {metadata_file}")
        elif not bindings <= listed[name]:
            problems.append(f"{name}: metadata lists {sorted(listed[name])}, the source declares {sorted(bindings)}")
    problems += [f"{name}: in {metadata_file} but not declared in the source" for name in sorted(set(listed) - set(expected))]
    for problem in problems:
        print(f"functions.metadata check: {problem}", file=sys.stderr)
    if problems:
        return 1
    kinds = sorted({t for b in expected.values() for t in b})
    print(f"functions.metadata: {len(listed)} functions, each with its trigger ({', '.join(kinds)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
