# sys_statistics
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "sys_statistics.json"))
