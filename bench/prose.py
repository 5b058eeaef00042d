"""The explaining parts of the benchmark page: growth, what makes it fast, method."""

from __future__ import annotations

from tables import Row, overall

#: Why a series grows as it does, keyed "sub" or "sup"(er-linear); shown when its
#: exponent leaves [0.8, 1.2].
_WHY = {
    ("structural", "fast_s", "sub"): (
        "fixed costs dominate the small maps: every sweep makes a few dozen numpy"
        " calls per dependency level whatever the map's size."
    ),
    ("structural", "fast_s", "sup"): (
        "the work follows the size of the answer, the sum of |fails(x)|; see"
        " *fails/node*: when it grows with the map, the time grows faster than the map."
    ),
    ("structural", "baseline_s", "sup"): (
        "one cascade per node costs the sum of |fails(x)| times the requirements"
        " touched per failed node; *fails/node* grows only a little, so most of the"
        " extra is the cost of each Python step: the networkx adjacency and the"
        " cascades' dictionaries and sets outgrow the CPU caches as the map grows."
    ),
    ("structural", "baseline_s", "sub"): "fixed costs per cascade dominate the small maps.",
    ("scenario", "typical_s", "sub"): (
        "the typical scenario takes down one veiligheidsregio, which hardly grows with"
        " the map; what remains proportional to the map is allocating the state"
        " arrays, a few milliseconds."
    ),
    ("scenario", "large_s", "sub"): (
        "the national outage takes down a share of the map that shrinks as the map grows;"
        " see the nodes down."
    ),
    ("scenario", "large_s", "sup"): (
        "the national outage takes down a share of the map that grows with the map;"
        " see the nodes down."
    ),
    ("national", "criticality_s", "sub"): "fixed costs per dependency level dominate.",
    ("national", "criticality_s", "sup"): (
        "*fails/node* stays flat, so the work per node does not grow; the cost of a"
        " step does: counting scatters into arrays of n entries and gathers from"
        " millions of rows, which stop fitting in the CPU caches as n grows, and the"
        " sorts of a sweep cost n log n."
    ),
    ("montecarlo", "montecarlo_s", "sub"): (
        "1,000 samples are one chunk, which runs in this process; from two chunks on"
        " the workers share them, after a fixed start-up of about half a second."
    ),
    ("montecarlo", "one_process_s", "sub"): (
        "fixed costs (compiling the map, scoring) are shared by all samples."
    ),
}


def growth_section(results: dict[str, list[Row]]) -> str:
    series = [
        ("structural", "nodes", "fast_s", "structural criticality, fast path"),
        ("structural", "nodes", "baseline_s", "structural criticality, baseline"),
        ("scenario", "nodes", "typical_s", "one scenario, typical"),
        ("scenario", "nodes", "large_s", "one scenario, national telecom"),
        ("national", "nodes", "criticality_s", "criticality of a national map"),
        ("montecarlo", "samples", "montecarlo_s", "Monte Carlo, worker processes"),
        ("montecarlo", "samples", "one_process_s", "Monte Carlo, one process"),
    ]
    lines = [
        "## Growth",
        "",
        "The *growth* columns give the exponent e of time ∝ size^e between a row and the"
        " one above it (1 is linear). Over the whole range measured:",
        "",
    ]
    for case, size, value, label in series:
        e = overall(results.get(case, []), size, value)
        if e is None:
            continue
        shape = "near-linear" if 0.8 <= e <= 1.2 else "sub-linear" if e < 0.8 else "super-linear"
        why = None if shape == "near-linear" else _WHY.get((case, value, shape[:3]))
        lines.append(f"- {label}: e = {e:.2f}, {shape}" + (f": {why}" if why else "."))
    return "\n".join(lines)


def how_section() -> str:
    return "\n".join(
        [
            "## What makes it fast",
            "",
            "- **Simulation**: an event only looks at what it changes. Pending tolerance"
            " expiries and restarts wait in a queue keyed by time; the two passes of an"
            " instant (first dropping what has no reason to stay down, then spreading"
            " failures at once) run as breadth-first rounds over numpy arrays of the frontier,"
            " with per-requirement counters of down members. Times are integer"
            " milliseconds, so every rule's equality is exact.",
            "- **Structural criticality**: one cascade per node, a work queue with a"
            " counter per requirement, compiled with numba (`weerbaar.engine.closures`):"
            " the loop of the C reference, with the vital counts and the single"
            " points of failure kept on the way (written without branches: a branch per"
            " node reached would be mispredicted half the time). A requirement without"
            " slack (four in five) needs no counter: its members point straight at its"
            " owner; the others' counters are numbered densely, and what the inner loop"
            " reads lies in one 32-bit run per node. A node that no requirement names is"
            " never a source; the n × n matrix is never built. Without numba, a"
            " bit-parallel sweep in numpy computes the same.",
            "- **Monte Carlo**: only the part of the map the scenario can reach is"
            " simulated, one sample after the other, compiled with numba"
            " (`weerbaar.scale.sampleloop`), on threads of one process. Only the nodes on"
            " a cycle or feeding one go through the engine's event loop, where the order"
            " of events within an instant decides; the others (on the generated maps"
            " three in four, with most requirements) follow from the down intervals of"
            " what they need by interval algebra in dependency order: a few interval"
            " operations per node instead of queue, instants and book-keeping for each of"
            " its transitions. A sample's durations are drawn at its start in one tight"
            " loop (about 5 ns a value); events wait in a calendar queue of fixed size; a"
            " node keeps one tolerance expiry in it (the earliest of its lost"
            " requirements'), none while it is down and failing, and a restart that ends"
            " while its node fails again is passed over. The draws are counter-based, so"
            " chunks run anywhere and give the same result for a seed.",
        ]
    )


def method_section() -> str:
    return "\n".join(
        [
            "## Method",
            "",
            "- Maps come from `weerbaar.scale.generate` (seed 2024): about 71 nodes and"
            " 330 requirement members per municipality plus national, supplier and"
            " regional layers.",
            "- Every case runs in its own process; peak memory is that process's `ru_maxrss`.",
            "- Short runs are repeated and the best wall-clock time is kept (criticality"
            " five times, a scenario three times, the baseline twice up to 30,000 nodes);"
            " long runs are measured once.",
            "- The fast path and the baseline must give the same counts and single"
            " points of failure (*same answer*); the tests check the fast path against"
            " the exact engine and a brute-force reference on random maps.",
        ]
    )
