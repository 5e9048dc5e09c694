# auto_shutdown (any_significant / all_significant) with significant children.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "auto_shutdown_any_all.json"))
