# :ignore from init/1 (at start, on a restart) and restart_child / delete_child / listings.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "init_ignore_child_api.json"))
