# rest_for_one: b raises; d and c are shut down, then b, c, d restart; a untouched.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "rest_for_one_crash.json"))
