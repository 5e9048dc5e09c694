# An unlinked GenServer is its own parent
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "procs_unlinked_own_parent.json"))
