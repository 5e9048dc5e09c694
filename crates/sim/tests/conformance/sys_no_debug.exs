# sys_no_debug
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "sys_no_debug.json"))
