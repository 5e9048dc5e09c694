# A killed via-named child is restarted and registers its key again; callers of the name keep working.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "registry_restart_reregisters.json"))
