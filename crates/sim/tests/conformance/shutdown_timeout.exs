# A trapping worker whose terminate outlasts its 100 ms shutdown is killed: :killed + shutdown_error.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "shutdown_timeout.json"))
