# sys_replace_state
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "sys_replace_state.json"))
