# unlink and demonitor before a death; two monitors, two :DOWNs
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "procs_unlink_demonitor.json"))
