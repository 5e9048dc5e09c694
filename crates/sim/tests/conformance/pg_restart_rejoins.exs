# pg: a restarted member is a new pid that joins again; the old one is dropped.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "pg_restart_rejoins.json"))
