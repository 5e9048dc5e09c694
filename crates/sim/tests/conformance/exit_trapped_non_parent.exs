# Exit signals from a non-parent to trapping processes are just messages; :kill to a supervisor takes its children with it.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "exit_trapped_non_parent.json"))
