/// The `--help` texts of `scimsim` and its subcommands.
enum HelpText {
    /// `scimsim --help`.
    static let tool = """
        scimsim: a deterministic simulation of SCIM directory sync (IdP -> broker -> organization).

        Usage: scimsim <command> [flags]

        Commands:
          run      simulate one seed and print its report (default: 10,000-person Okta initial sync, swarm faults)
          sweep    simulate many seeds in parallel, one JSON line per seed
          replay   replay recorded SCIM requests (JSON Lines) against the simulated service
          version  print the tool's version and the Swift compiler it was built with (also --version)
          help     show this text, or `scimsim help <command>` for a command's flags

        Every command takes --help. Exit status: 0 every invariant held, 1 an invariant was violated,
        2 bad usage, 130 interrupted (Ctrl-C) during run --trace. A run is a pure function of its flags and
        seed: the same command prints the same trace hash in any process, on any machine.

        """

    /// The model flags shared by `run` and `sweep`.
    static let modelFlags = """
        People (choose one):
          --users N                 generate N people, all active (default 10000)
          --directory FILE          import a directory export: Okta user CSV, Entra "Download users" CSV or
                                    bulk-create template, Google Workspace users CSV, or a SCIM ListResponse
                                    JSON (format detected from the header)
        Model:
          --idp okta|entra          identity-provider profile (default okta)
          --scenario NAME           initial-sync (default), churn, reactivation, email-rename,
                                    reset-during-sync, webhook-outage, rate-limiting, token-rotation, mix
          --faults SELECTION        none, swarm (default: each seed draws its own faults), or a comma list of:
                                    loss, duplication, reorder, latency, outage, ratelimit, errors, partition,
                                    forgery (forged requests and webhook deliveries with wrong credentials)
          --policy fifo|random      scheduler policy among ready jobs (default fifo)
          --until DURATION          stop at this virtual time (default: run to quiescence)
          --wire value|bytes        carry bodies as values (default) or as encoded bytes
        Capacity (default: the IdP profile's documented values):
          --idp-concurrency N       IdP requests in flight at once
          --idp-latency DURATION    one-way latency of the IdP -> broker link (at most 365d)
          --org-latency DURATION    one-way latency of the broker -> organization link (at most 365d)
          --webhook-window N        webhook deliveries in flight at once
          --webhook-retry-base DURATION   first webhook retry delay (later retries double it)
          --webhook-max-attempts N  webhook attempts per event before giving up
          --rate-limit N            broker SCIM requests per second per directory

        Durations are virtual time: 500ms, 90s, 40m, 2h, 3d, or sums such as 1h30m.
        Flags take their value as the next argument or after '=' (--users=200); each flag at most once.
        """

    /// `scimsim run --help`.
    static let run = """
        Usage: scimsim run [flags]

        Simulates one seed and prints its report: the seed and every derived fault setting, the scenario,
        the directory, virtual duration and time to convergence, organization members, SCIM requests by
        method and status, events by kind, webhook deliveries, throughput and the trace hash.

          --seed N                  root seed (default 1); decimal or 0x hex
          --json                    print one JSON object instead of the table
          --trace FILE              write every record of the trace as JSON Lines to FILE; '-' streams it to
                                    standard output and prints the table on standard error (not with --json)
          -h, --help                show this text

        \(modelFlags)

        With standard error on a terminal, a progress line shows virtual time, people converged and steps
        per second while the run lasts more than a second.

        Exit status: 0 every invariant held; 1 an invariant was violated or the run failed (the exact
        command that reproduces it is printed) or the trace could not be written; 2 bad usage (the message
        names the flag: also a scenario this build cannot run or a --trace file that cannot be opened) or an
        unreadable --directory file (the message names its line and column), in which case nothing runs;
        130 interrupted (Ctrl-C) during --trace, whose output then ends on its last complete line.

        Example: swift run -c release scimsim run --seed 7 --users 2000 --idp entra --faults loss,reorder

        """

    /// `scimsim sweep --help`.
    static let sweep = """
        Usage: scimsim sweep (--seeds A...B | --count N [--from S]) [--jobs N] [--shard i/n] [model flags]

        Runs every seed in isolation, --jobs at a time (each simulation single-threaded on its own
        thread), and prints one JSON line per seed on standard output in increasing seed order
        (seed, traceHash, converged, violations, wallSeconds, virtualSeconds, steps, directoryPeople,
        organizationMembers, and reproduce for a failed seed), then one summary line
        {"summary":{"seeds","failed","failedSeeds","wallSeconds","range","shard","jobs"}}.
        Failed seeds are repeated on standard error with the command that reproduces each.

          --seeds A...B             the seeds A to B inclusive (A..B means the same; a single A is one seed;
                                    decimal or 0x hexadecimal, as --seed)
          --count N                 N seeds ...
          --from S                  ... starting at S (default 1)
          --jobs N                  simulations at once (default: this machine's active processors)
          --shard i/n               run only shard i (0-based) of n: the seeds at positions p of the range
                                    (counting from 0) with p mod n == i. Shards are disjoint and together
                                    cover the range, so n machines running shards 0/n ... (n-1)/n produce
                                    JSON lines that concatenate into the whole sweep.
          --json                    accepted for symmetry with run; output is always JSON Lines
          -h, --help                show this text

        \(modelFlags)

        Exit status: 0 every seed held every invariant; 1 at least one seed failed; 2 bad usage.

        Example: scimsim sweep --seeds 1...200 --users 500 --shard 0/4

        """

    /// `scimsim replay --help`.
    static let replay = """
        Usage: scimsim replay FILE [--token TOKEN] [--max-body-bytes N] [--base-location URL] [--strict] [--changes]

        Runs a JSON Lines SCIM request log through a fresh simulated SCIM service and prints one JSON Lines
        response per request ({"status":...,"headers":{...},"body":...}). FILE "-" reads standard input.

        Each line: {"method":"POST","path":"/scim/v2/Users?...","headers":{...},"body":{...},"as":"ada"}
        "as" binds the id of the resource the request creates (when it returns 201); "{ada}" anywhere in a
        later line is replaced by that id. A {name} (letters, digits, _ - .) that is not bound is an error
        naming it and the bound names. "bodyText" sends a string verbatim as the body.

          --token TOKEN         require "Authorization: Bearer TOKEN" (default: no authentication)
          --max-body-bytes N    refuse larger request bodies with 413 (default 1048576)
          --base-location URL   base of meta.location (default https://scim.example.test/scim/v2)
          --strict              refuse "True"/"False" booleans, value-path upserts and lenient filters
          --changes             add each request's change records to its output line
          -h, --help            show this text

        Exit status: 0 every line ran; 1 some line was malformed or used an unbound {name} (it is skipped:
        it gets no output line, and standard error names the file and line); 2 bad usage or an unreadable
        FILE.

        """

    /// `scimsim version --help`.
    static let version = """
        Usage: scimsim version   (or: scimsim --version)

        Prints one line: the tool's version, the Swift compiler it was built with (major.minor), the build
        configuration (debug or release) and the platform, e.g.
          scimsim \(ToolVersion.number) (Swift 6.3 compiler, release build, Linux x86_64)

        """
}
