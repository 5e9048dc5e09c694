# A nested supervisor's restart fails on a child's {:stop, reason}; the parent retries.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "init_stop_nested_restart.json"))
