# transient: :normal, :shutdown, {:shutdown, _} are not restarted (no report); a crash is.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "transient_exit_reasons.json"))
