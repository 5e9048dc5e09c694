# sys_get_state_queued
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "sys_get_state_queued.json"))
