# one_for_one: b raises "boom", then c gets :poison (no handle_info clause); only the failing child is restarted.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "one_for_one_crash.json"))
