# one_for_all: b raises; c and a are shut down (reverse order), then a, b, c restart.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "one_for_all_crash.json"))
