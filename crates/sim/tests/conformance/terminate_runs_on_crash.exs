# A non-trapping worker whose callback raises still runs terminate/2 (300 ms) before it exits.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "terminate_runs_on_crash.json"))
