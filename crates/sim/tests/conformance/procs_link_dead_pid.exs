# Linking to or monitoring a dead pid
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "procs_link_dead_pid.json"))
