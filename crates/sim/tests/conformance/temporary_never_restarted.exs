# temporary: a crash is reported (child_terminated) but never restarted; :shutdown is silent.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "temporary_never_restarted.json"))
