# spawn_link under a trapping server, then trap_exit switched off
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "procs_spawn_link_trap.json"))
