# :counters: concurrent adds never lose an update
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "counters_no_lost_updates.json"))
