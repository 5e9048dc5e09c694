# init/1 raises on every restart: the supervisor retries and gives up on its intensity.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "init_raise_restart_intensity.json"))
